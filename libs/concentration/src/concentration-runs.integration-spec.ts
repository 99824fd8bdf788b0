import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  serviceSchema,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import type { ProcessRequest } from '@rre/process-runs';
import type { DataSource, EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import { ConcentrationApplication } from './concentration-application';
import { DEFAULT_CONCENTRATION_SETTINGS } from './concentration-config';
import { concentrationMigrations } from './persistence/concentration-persistence';

jest.setTimeout(120_000);

const operator = { subject: 'usr-op-7', organisationId: 'org-plant' };
const request = (idempotencyKey?: string): ProcessRequest => ({
  actor: operator,
  correlationId: ulid(),
  requestId: ulid(),
  idempotencyKey,
});
const kg = (value: string) => ({ value, unit: 'KGM' });
const fractions = (contents: Record<string, string>) => ({
  unit: 'C62',
  contents: Object.entries(contents).map(([element, value]) => ({ element, value })),
});

describe(`concentration runs on the run library (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let app: ConcentrationApplication;
  const tx = <T>(work: (manager: EntityManager) => Promise<T>) => inTransaction(dataSource, work);
  const runs = () => app.processRuns;

  beforeAll(async () => {
    database = await openTestDatabase();
    dataSource = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('conc_runs'),
      poolSize: 4,
      entities: [],
      migrations: concentrationMigrations,
    });
    app = new ConcentrationApplication({ dataSource, settings: DEFAULT_CONCENTRATION_SETTINGS });
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) {
      await dataSource.query(`DROP SCHEMA "${serviceSchema(dataSource)}" CASCADE`);
      await dataSource.destroy();
    }
    await database?.close();
  });

  async function receive(
    lotId: string,
    lotCode: string,
    massKg: string,
    composition: Record<string, string>,
  ) {
    await tx((m) =>
      runs().receiveLot(m, request(), {
        lotId,
        lotCode,
        kind: 'MATERIAL',
        mass: kg(massKg),
        composition: fractions(composition),
        compositionStatus: 'FINAL',
        custody: 'HELD',
        from: { service: 'intake', transferId: `tr-${lotId}` },
      }),
    );
  }

  it('leaches 800 kg of a 1,000 kg magnet lot with a 500 kg swarf lot: 200 kg left, 99 % of Dy and Tb dissolved', async () => {
    // Magnet 1,000 kg: Nd 24 %, Pr 5 %, Dy 6 %, Tb 0.8 %, Fe 62 %; swarf 500 kg: Nd 22 %, Pr 4 %, Dy 5 %, Tb 0.6 %, Fe 60 %.
    await receive('MAG-1', 'L-2026-00201', '1000', {
      Nd: '0.24',
      Pr: '0.05',
      Dy: '0.06',
      Tb: '0.008',
      Fe: '0.62',
    });
    await receive('SWF-1', 'L-2026-00202', '500', {
      Nd: '0.22',
      Pr: '0.04',
      Dy: '0.05',
      Tb: '0.006',
      Fe: '0.6',
    });
    const planned = await tx((m) =>
      app.planning.planLeachingRun(m, request(), {
        externalId: 'MES-LEACH-1',
        equipmentId: 'R-101',
        workOrder: 'WO-1',
        leaching: { acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '3', temperatureCelsius: '80' },
      }),
    );
    const runId = planned.runId ?? '';
    await tx((m) => runs().startRun(m, request(), { runId }));
    await tx((m) => runs().takeInput(m, request(), { runId, lotId: 'MAG-1', mass: kg('800') }));
    await tx((m) => runs().takeInput(m, request(), { runId, lotId: 'SWF-1' }));
    // Fed: Dy 800 x 0.06 + 500 x 0.05 = 73 kg; Tb 6.4 + 3 = 9.4; Nd 192 + 110 = 302; Pr 40 + 20 = 60; Fe 496 + 300 = 796.
    // Liquor 4,000 kg: Dy 72.27 (99 %), Tb 9.306 (99 %), Nd 299, Pr 59.4, Fe 557.2 (70 %); residue 250 kg: the rest.
    await tx((m) =>
      runs().declareOutput(m, request(), {
        runId,
        lotId: 'PLS-1',
        lotCode: 'PLS-2026-001',
        role: 'PRODUCT',
        mass: kg('4000'),
        composition: fractions({
          Dy: '0.0180675',
          Tb: '0.0023265',
          Nd: '0.07475',
          Pr: '0.01485',
          Fe: '0.1393',
        }),
      }),
    );
    await tx((m) =>
      runs().declareOutput(m, request(), {
        runId,
        lotId: 'LRS-1',
        lotCode: 'LRS-2026-001',
        role: 'RESIDUE',
        mass: kg('250'),
        composition: fractions({ Dy: '0.00292', Tb: '0.000376', Nd: '0.012', Pr: '0.0024', Fe: '0.9552' }),
      }),
    );
    await tx((m) => runs().completeRun(m, request(), { runId }));

    const run = await tx((m) => runs().getRun(m, runId));
    expect(run).toMatchObject({
      kind: 'LEACHING',
      status: 'COMPLETED',
      parameters: { acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '3', temperatureCelsius: '80' },
    });
    const dy = run?.balance?.elements.find((e) => e.element === 'Dy');
    expect(dy).toMatchObject({
      inputsKg: '73',
      outputsKg: '73',
      outputsByRoleKg: { PRODUCT: '72.27', RESIDUE: '0.73' },
      imbalanceKg: '0',
      closes: true,
    });
    expect((await tx((m) => runs().getLot(m, 'MAG-1')))?.remainingKg).toBe('200');
    expect((await tx((m) => runs().getLot(m, 'SWF-1')))?.remainingKg).toBe('0');

    const [kpis] = await app.runKpis(runId);
    expect(kpis.revision).toBe(1);
    expect(kpis.kpis.recoveries).toEqual([
      { element: 'Dy', inputKg: '73', recoveredKg: '72.27', percent: '99' },
      { element: 'Tb', inputKg: '9.4', recoveredKg: '9.306', percent: '99' },
    ]);
    // 299 / 302 = 99.00662251...; Fe DF = (796 / 82.4) / (557.2 / 81.576) = 1.41428571...
    expect(kpis.kpis.dissolutionYields?.map((y) => [y.element, y.percent])).toEqual([
      ['Dy', '99'],
      ['Fe', '70'],
      ['Nd', '99.006623'],
      ['Pr', '99'],
      ['Tb', '99'],
    ]);
    expect(kpis.kpis.decontaminationFactors[0]).toEqual({
      impurity: 'Fe',
      feedRatio: '9.660194',
      concentrateRatio: '6.83044',
      factor: '1.414286',
    });
    // No U or Th stated for the leach residue: nothing to screen.
    expect(await app.residueScreenings(['LRS-1'])).toEqual([]);
  });

  it('adsorbs a 20 t low-grade lot into a 200 kg concentrate on cycle 2 of a tracked adsorbent batch', async () => {
    // 20,000 kg: Dy 500 ppm (10 kg), Tb 100 ppm (2 kg), Fe 5 % (1,000 kg), Al 8 % (1,600 kg), U 40 ppm (0.8 kg), Th 80 ppm (1.6 kg).
    await receive('ORE-1', 'L-2026-00203', '20000', {
      Dy: '0.0005',
      Tb: '0.0001',
      Fe: '0.05',
      Al: '0.08',
      U: '0.00004',
      Th: '0.00008',
    });
    const batch = await tx((m) =>
      app.adsorbents.register(m, request('ads-register-1'), { code: 'ADS-2026-001', material: 'DGA silica' }),
    );
    await tx((m) =>
      app.adsorbents.recordCapacity(m, request(), {
        adsorbentBatchId: 'ADS-2026-001',
        cycleNumber: 1,
        capacityMgPerG: '50',
        measuredAt: new Date('2026-05-01T10:00:00+09:00'),
      }),
    );
    const adsorption = {
      adsorbentBatchId: 'ADS-2026-001',
      cycleNumber: 1,
      column: 'C-2',
      bedVolumeL: '500',
      feedVolumeL: '40000',
      ph: '2.5',
      temperatureCelsius: '25',
    };
    await expect(
      tx((m) =>
        app.planning.planAdsorptionRun(m, request(), { equipmentId: 'C-2', workOrder: 'WO-2', adsorption }),
      ),
    ).rejects.toThrow(
      'adsorption.cycleNumber: got 1, must be after the last measured cycle 1 of batch ADS-2026-001',
    );
    const planned = await tx((m) =>
      app.planning.planAdsorptionRun(m, request(), {
        equipmentId: 'C-2',
        workOrder: 'WO-2',
        adsorption: { ...adsorption, cycleNumber: 2 },
      }),
    );
    const runId = planned.runId ?? '';
    await tx((m) => runs().startRun(m, request(), { runId }));
    await tx((m) => runs().takeInput(m, request(), { runId, lotId: 'ORE-1', mass: kg('20000') }));
    // Concentrate 200 kg: Dy 9.505 kg, Tb 1.901, Fe 2.08, Al 2.14, U 0.008, Th 0.00016; residue 19,800 kg the rest.
    await tx((m) =>
      runs().declareOutput(m, request(), {
        runId,
        lotId: 'HRE-1',
        lotCode: 'HRE-2026-001',
        role: 'PRODUCT',
        mass: kg('200'),
        composition: fractions({
          Dy: '0.047525',
          Tb: '0.009505',
          Fe: '0.0104',
          Al: '0.0107',
          U: '0.00004',
          Th: '0.0000008',
        }),
      }),
    );
    await tx((m) =>
      runs().declareOutput(m, request(), {
        runId,
        lotId: 'ARS-1',
        lotCode: 'ARS-2026-001',
        role: 'RESIDUE',
        mass: kg('19800'),
        composition: fractions({
          Dy: '0.000025',
          Tb: '0.000005',
          Fe: '0.0504',
          Al: '0.0807',
          U: '0.00004',
          Th: '0.0000808',
        }),
      }),
    );
    await tx((m) => runs().completeRun(m, request(), { runId }));
    await tx((m) =>
      app.adsorbents.recordCapacity(m, request(), {
        adsorbentBatchId: batch.adsorbentBatchId ?? '',
        cycleNumber: 2,
        capacityMgPerG: '39',
        measuredAt: new Date('2026-05-02T10:00:00+09:00'),
        runId,
      }),
    );

    expect((await tx((m) => runs().getLot(m, 'ORE-1')))?.remainingKg).toBe('0');
    const [kpis] = await app.runKpis(runId);
    expect(kpis.kind).toBe('ADSORPTION');
    expect(kpis.kpis.dissolutionYields).toBeUndefined();
    expect(kpis.kpis.recoveries.map((r) => [r.element, r.inputKg, r.recoveredKg, r.percent])).toEqual([
      ['Dy', '10', '9.505', '95.05'],
      ['Tb', '2', '1.901', '95.05'],
    ]);
    // Feed Dy + Tb 12 kg, concentrate 11.406 kg. Fe: (1000 / 12) / (2.08 / 11.406) = 456.97115384...
    expect(kpis.kpis.decontaminationFactors.map((d) => [d.impurity, d.factor])).toEqual([
      ['Fe', '456.971154'],
      ['Al', '710.654206'],
      ['U', '95.05'],
      ['Th', '9505'],
    ]);
    // Residue U 40 ppm x 12.3 / 1000 = 0.492, Th 80.8 ppm x 4.1 / 1000 = 0.33128: 0.82328, cleared.
    expect(await app.residueScreenings(['ARS-1'])).toEqual([
      expect.objectContaining({
        lotId: 'ARS-1',
        runId,
        uraniumPpm: '40',
        thoriumPpm: '80.8',
        sumOfRatios: '0.82328',
        outcome: 'CLEARED',
      }),
    ]);
    // 39 of 50 mg/g: 22 % lost, more than the 20 % allowed.
    expect((await app.adsorbentBatch('ADS-2026-001'))?.condition).toEqual({
      firstCapacityMgPerG: '50',
      latestCapacityMgPerG: '39',
      capacityLossShare: '0.22',
      warning: true,
      retired: false,
    });
    // The same registration sent again replays; a different one under the same key is refused.
    const again = await tx((m) =>
      app.adsorbents.register(m, request('ads-register-1'), { code: 'ADS-2026-001', material: 'DGA silica' }),
    );
    expect(again).toEqual({ ...batch, replayed: true });
    await expect(
      tx((m) =>
        app.adsorbents.register(m, request('ads-register-1'), {
          code: 'ADS-2026-002',
          material: 'DGA silica',
        }),
      ),
    ).rejects.toThrow('idempotencyKey');
  });
});
