import 'reflect-metadata';
import type { processV1 } from '@rre/contracts';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  serviceSchema,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { processEventRegistry, processEventTypesOf, type ProcessRequest } from '@rre/process-runs';
import type { DataSource, EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import { reductionMigrations } from '../persistence/reduction-persistence';
import { ReductionApplication } from '../reduction-application';
import { DEFAULT_REDUCTION_SETTINGS } from '../reduction-config';

jest.setTimeout(120_000);

// An electrolysis batch publishes what it used and emitted, in the transaction that completes it,
// and again when it is finalized or corrected: 200 A at 4.5 V every minute for 2 h, heating 0.75 kW.
//   DC energy   200 A x 4.5 V x 7200 s = 6,480,000 J = 1.8 kWh
//   heating     0.75 kW x 2 h          = 1.5 kWh
//   total       3.3 kWh; CO2 at 0.45 kg/kWh = 1.485 kg

const ENERGY_RECORDED = processEventTypesOf('reduction').RunEnergyRecorded;
const OXIDE = '01KLOTREDENERGYOXIDE000001';
const ALLOY = '01KLOTREDENERGYALLOY000002';

const request = (): ProcessRequest => ({
  actor: { subject: 'mes-red-1', organisationId: 'org-plant' },
  correlationId: ulid(),
  requestId: ulid(),
});
const kg = (value: string) => ({ value, unit: 'KGM' });
const fractions = (contents: Record<string, string>) => ({
  unit: 'C62',
  contents: Object.entries(contents).map(([element, value]) => ({ element, value })),
});
const minute = (m: number) => new Date(Date.UTC(2026, 10, 20, 0, m)).toISOString().replace('.000Z', '+00:00');
const samples = (value: string) =>
  Array.from({ length: 121 }, (_, m) => ({ measuredAt: minute(m), value, quality: 'GOOD' }));

describe(`RunEnergyRecorded of an electrolysis batch (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let app: ReductionApplication;
  const tx = <T>(work: (manager: EntityManager) => Promise<T>) => inTransaction(dataSource, work);

  /** The outbox rows of the run, in order, the energy events decoded as a consumer would. */
  async function runEvents(runId: string) {
    const decode = processEventRegistry(['reduction']).decoderFor(ENERGY_RECORDED);
    if (!decode) throw new Error(`${ENERGY_RECORDED} is not in the process event registry`);
    const rows = (await dataSource.query(
      `SELECT type, topic, sequence::text AS sequence, attributes, data FROM "${serviceSchema(dataSource)}".outbox
        WHERE key = $1 ORDER BY id`,
      [runId],
    )) as {
      type: string;
      topic: string;
      sequence: string;
      attributes: Record<string, string>;
      data: Buffer;
    }[];
    return rows.map((row) => ({
      type: row.type.replace('rre.reduction.', ''),
      topic: row.topic,
      sequence: row.sequence,
      actor: `${row.attributes['actorsub']}@${row.attributes['actororg']}`,
      energy:
        row.type === ENERGY_RECORDED
          ? (decode(new Uint8Array(row.data)) as processV1.RunEnergyRecorded)
          : undefined,
    }));
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    dataSource = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('red_energy'),
      poolSize: 4,
      entities: [],
      migrations: reductionMigrations,
    });
    app = new ReductionApplication({ dataSource, settings: DEFAULT_REDUCTION_SETTINGS });
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) {
      await dataSource.query(`DROP SCHEMA "${serviceSchema(dataSource)}" CASCADE`);
      await dataSource.destroy();
    }
    await database?.close();
  });

  it('publishes 3.3 kWh and 1.485 kg CO2e after run.completed, and again after run.finalized and run.corrected', async () => {
    const runs = app.processRuns;
    // 2 kg of oxide at 80 % Tb (1.6 kg) into 10 kg of alloy at 16 % Tb (1.6 kg): the balance closes.
    await tx((m) =>
      runs.receiveLot(m, request(), {
        lotId: OXIDE,
        lotCode: 'TB4O7-2026-0301',
        kind: 'MATERIAL',
        mass: kg('2'),
        composition: fractions({ Tb: '0.8', O: '0.2' }),
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    const runId =
      (
        await tx((m) =>
          app.planning.planElectrolysis(m, request(), {
            equipmentId: 'EC-3',
            workOrder: 'WO-RED-301',
            electrolysis: {
              cell: 'EC-3',
              electrolyte: 'LiCl-KCl',
              cathodeAlloy: 'Zn',
              anode: 'graphite',
              operatingTemperatureCelsius: '700',
              targetElement: 'Tb',
              heatingPowerKw: '0.75',
            },
          }),
        )
      ).runId ?? '';
    await tx((m) => runs.startRun(m, request(), { runId }));
    await tx((m) => runs.takeInput(m, request(), { runId, lotId: OXIDE }));
    await tx((m) =>
      runs.declareOutput(m, request(), {
        runId,
        lotId: ALLOY,
        lotCode: 'TBZN-2026-0301',
        role: 'PRODUCT',
        mass: kg('10'),
        composition: fractions({ Tb: '0.16', Zn: '0.84' }),
      }),
    );
    await tx((m) =>
      app.measurements.record(m, {
        runId,
        series: [
          { kind: 'CURRENT', unit: 'AMP', samples: samples('200') },
          { kind: 'VOLTAGE', unit: 'VLT', samples: samples('4.5') },
        ],
      }),
    );
    await tx((m) => runs.completeRun(m, request(), { runId }));

    const completed = await runEvents(runId);
    expect(completed.map((e) => e.type).slice(-2)).toEqual(['run.completed.v1', 'run.energy-recorded.v1']);
    const first = completed.at(-1);
    expect(first).toMatchObject({ topic: 'rre.reduction.run-events.v1', actor: 'mes-red-1@org-plant' });
    expect(first?.energy).toMatchObject({
      runId,
      energyKwh: '3.3',
      co2eKg: '1.485',
      gridKgCo2ePerKwh: '0.45',
      basis: 'MEASURED_DC_PLUS_HEATING',
      provisional: true,
    });
    // The KPIs of the same transaction say the same.
    const [kpis] = await app.runKpis(runId);
    expect(kpis?.kpis.kind === 'ELECTROLYSIS' && kpis.kpis.figures).toMatchObject({
      dcEnergyKwh: '1.8',
      heatingEnergyKwh: '1.5',
      totalEnergyKwh: '3.3',
      co2Kg: '1.485',
    });

    // The laboratory's final assay of the alloy: the run is finalized and its figure no longer provisional.
    await tx((m) =>
      runs.recordLotAssay(m, request(), {
        lotId: ALLOY,
        assayId: 'LAB-301',
        composition: fractions({ Tb: '0.16', Zn: '0.84' }),
        status: 'FINAL',
      }),
    );
    await tx((m) => runs.finalizeRun(m, request(), { runId }));
    const finalized = await runEvents(runId);
    expect(finalized.map((e) => e.type).slice(-2)).toEqual(['run.finalized.v1', 'run.energy-recorded.v1']);
    expect(finalized.at(-1)?.energy).toMatchObject({ energyKwh: '3.3', co2eKg: '1.485', provisional: false });

    // A correction of the alloy (12.8 kg at 12.5 % Tb, still 1.6 kg) recomputes and republishes.
    await tx((m) =>
      runs.correctRun(m, request(), {
        runId,
        reason: 'alloy re-weighed after draining',
        outputs: [{ lotId: ALLOY, mass: kg('12.8'), composition: fractions({ Tb: '0.125', Zn: '0.875' }) }],
      }),
    );
    const corrected = await runEvents(runId);
    expect(corrected.map((e) => e.type).slice(-2)).toEqual(['run.corrected.v1', 'run.energy-recorded.v1']);
    expect(
      corrected.filter((e) => e.energy !== undefined).map((e) => [e.energy?.energyKwh, e.energy?.co2eKg]),
    ).toEqual([
      ['3.3', '1.485'],
      ['3.3', '1.485'],
      ['3.3', '1.485'],
    ]);
    expect(corrected.at(-1)?.energy?.provisional).toBe(false);
    // One stream per run: the sequence numbers go on without a gap.
    expect(corrected.map((e) => e.sequence)).toEqual(corrected.map((_, i) => String(i + 1)));
  });

  it('publishes nothing for a distillation run (no energy is measured there)', async () => {
    const runs = app.processRuns;
    const alloyId = '01KLOTREDENERGYALLOY000004';
    await tx((m) =>
      runs.receiveLot(m, request(), {
        lotId: alloyId,
        lotCode: 'TBZN-2026-0302',
        kind: 'MATERIAL',
        mass: kg('2'),
        composition: fractions({ Tb: '0.5', Zn: '0.5' }),
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    const runId =
      (
        await tx((m) =>
          app.planning.planDistillation(m, request(), {
            equipmentId: 'VD-1',
            workOrder: 'WO-RED-302',
            distillation: {
              temperatureCelsius: '900',
              pressurePa: '10',
              durationHours: '6',
              targetElement: 'Tb',
            },
          }),
        )
      ).runId ?? '';
    await tx((m) => runs.startRun(m, request(), { runId }));
    await tx((m) => runs.takeInput(m, request(), { runId, lotId: alloyId }));
    await tx((m) =>
      runs.declareOutput(m, request(), {
        runId,
        lotId: '01KLOTREDENERGYMETAL000003',
        lotCode: 'TB-2026-0301',
        role: 'PRODUCT',
        mass: kg('1'),
        composition: fractions({ Tb: '1' }),
      }),
    );
    await tx((m) => runs.completeRun(m, request(), { runId }));
    expect((await runEvents(runId)).map((e) => e.type)).toEqual([
      'run.planned.v1',
      'run.started.v1',
      'run.completed.v1',
    ]);
  });
});
