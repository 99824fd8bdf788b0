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
import { SeparationError } from './domain/separation-error';
import { separationMigrations } from './persistence/separation-persistence';
import { SeparationApplication } from './separation-application';
import { DEFAULT_SEPARATION_SETTINGS } from './separation-config';

jest.setTimeout(120_000);

const operator = { subject: 'usr-op-7', organisationId: 'org-plant' };
const request = (idempotencyKey?: string): ProcessRequest => ({
  actor: operator,
  correlationId: ulid(),
  requestId: ulid(),
  idempotencyKey,
});
const fractions = (contents: Record<string, string>) => ({
  unit: 'C62',
  contents: Object.entries(contents).map(([element, value]) => ({ element, value })),
});
const sx = (name: string, kind: 'NEW' | 'CONVENTIONAL', contactor: 'EMULSION_FLOW' | 'MIXER_SETTLER') => ({
  extractant: { name, kind },
  diluent: 'kerosene',
  contactor: { type: contactor, volumeL: '100' },
  stages: { extraction: 6, scrub: 4, strip: 3 },
  organicFlowLPerH: '100',
  aqueousFlowLPerH: '50',
  ph: '1.8',
});

describe(`separation runs on the run library (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let app: SeparationApplication;
  const tx = <T>(work: (manager: EntityManager) => Promise<T>) => inTransaction(dataSource, work);
  const s = () => serviceSchema(dataSource);

  beforeAll(async () => {
    database = await openTestDatabase();
    dataSource = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('sep_runs'),
      poolSize: 4,
      entities: [],
      migrations: separationMigrations,
    });
    app = new SeparationApplication({ dataSource, settings: DEFAULT_SEPARATION_SETTINGS });
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) {
      await dataSource.query(`DROP SCHEMA "${s()}" CASCADE`);
      await dataSource.destroy();
    }
    await database?.close();
  });

  async function state() {
    const rows = (await dataSource.query(`SELECT
        (SELECT count(*) FROM "${s()}".outbox)::int AS events,
        (SELECT count(*) FROM "${s()}".process_lot)::int AS lots,
        (SELECT count(*) FROM "${s()}".process_run)::int AS runs,
        (SELECT count(*) FROM "${s()}".distribution_ratio)::int AS ratios,
        (SELECT count(*) FROM "${s()}".fraction)::int AS fractions,
        (SELECT count(*) FROM "${s()}".process_idempotency_key)::int AS keys`)) as Record<string, number>[];
    return rows[0];
  }

  async function refusal(work: () => Promise<unknown>) {
    try {
      await work();
    } catch (error) {
      const e = error as SeparationError;
      return { code: e.code, field: e.field, value: e.value };
    }
    return undefined;
  }

  /** A started SX run that has taken a 100 kg feed lot (Dy 8 kg, Tb 2 kg). */
  async function startedSxRun(name: string, extractant = sx('X7', 'NEW', 'EMULSION_FLOW')): Promise<string> {
    const feed = `FEED-${name}`;
    await tx((m) =>
      app.processRuns.receiveLot(m, request(), {
        lotId: feed,
        lotCode: feed,
        kind: 'MATERIAL',
        mass: { value: '100', unit: 'KGM' },
        composition: fractions({ Dy: '0.08', Tb: '0.02', Nd: '0', Pr: '0' }),
        compositionStatus: 'FINAL',
        custody: 'HELD',
        from: { service: 'concentration', transferId: `tr-${name}` },
      }),
    );
    const { runId } = await tx((m) =>
      app.planning.planSolventExtractionRun(m, request(), {
        equipmentId: 'EFC-2',
        workOrder: `WO-${name}`,
        solventExtraction: extractant,
      }),
    );
    const run = runId ?? '';
    await tx((m) => app.processRuns.startRun(m, request(), { runId: run }));
    await tx((m) => app.processRuns.takeInput(m, request(), { runId: run, lotId: feed }));
    return run;
  }

  /** The feed split by an SX run with the given ratios into Tb-rich and Dy-rich fractions and a raffinate. */
  async function sxRun(name: string, extractant: ReturnType<typeof sx>, dDy: string, dTb: string) {
    const run = await startedSxRun(name, extractant);
    await tx((m) =>
      app.distributionRatios.record(m, request(), {
        runId: run,
        ratios: [
          { element: 'Dy', ratio: dDy },
          { element: 'Tb', ratio: dTb },
        ],
      }),
    );
    // Tb-rich 50 kg: Tb 1.9 kg (95 %), Dy 0.04; Dy-rich 50 kg: Dy 7.92 (99 %), Tb 0.08; raffinate: Dy 0.04, Tb 0.02.
    const declare = (
      kind: string,
      massKg: string,
      composition: Record<string, string>,
      purityPercent?: string,
    ) =>
      tx((m) =>
        app.fractions.declare(m, request(), {
          runId: run,
          kind,
          lotCode: `${name}-${kind}`,
          massKg,
          assay: fractions(composition),
          purityPercent,
        }),
      );
    await declare('TB_RICH', '50', { Tb: '0.038', Dy: '0.0008', Nd: '0', Pr: '0' }, '97.9');
    await declare('DY_RICH', '50', { Dy: '0.1584', Tb: '0.0016', Nd: '0', Pr: '0' }, '99');
    await declare('RAFFINATE', '100', { Dy: '0.0004', Tb: '0.0002', Nd: '0', Pr: '0' });
    await tx((m) => app.processRuns.completeRun(m, request(), { runId: run }));
    return run;
  }

  it('computes beta per run and averages a campaign of one extractant against the conventional baseline', async () => {
    const newOne = sx(`X7-${ulid()}`, 'NEW', 'EMULSION_FLOW');
    const first = await sxRun('A', newOne, '4.2', '1'); // beta 4.2
    const second = await sxRun('B', newOne, '3.6', '1'); // beta 3.6
    await sxRun('C', sx('PC88A', 'CONVENTIONAL', 'MIXER_SETTLER'), '2.4', '1');

    const [kpis] = await app.runKpis(first);
    expect(kpis.kpis.separationFactor).toEqual({ beta: '4.2' });
    expect(kpis.kpis.againstBaseline).toEqual({
      baselineBeta: '2',
      goalFactor: '2',
      ratio: '2.1',
      goalMet: true,
    });
    // Tb 1.9 / 2 = 95 %, Dy 7.92 / 8 = 99 %; (100 + 50) L/h / 100 L = 1.5 per hour
    expect(kpis.kpis.recoveries.map((r) => [r.element, r.percent])).toEqual([
      ['Tb', '95'],
      ['Dy', '99'],
    ]);
    expect(kpis.kpis.throughputPerContactorVolume).toBe('1.5');

    // The campaign of the new extractant: mean beta (4.2 + 3.6) / 2 = 3.9, 1.95 x the baseline: short of 2x.
    const campaign = await app.campaignKpis({ extractantName: newOne.extractant.name });
    expect(campaign.runIds).toEqual([first, second]);
    expect(campaign.kpis).toMatchObject({ runs: 2, meanBeta: '3.9', minBeta: '3.6', maxBeta: '4.2' });
    expect(campaign.kpis.againstBaseline).toEqual({
      baselineBeta: '2',
      goalFactor: '2',
      ratio: '1.95',
      goalMet: false,
    });
    const conventional = await app.campaignKpis({
      contactorType: 'MIXER_SETTLER',
      extractantKind: 'CONVENTIONAL',
    });
    expect(conventional.kpis.meanBeta).toBe('2.4');
  });

  it('refuses bad input with field, value and rule, and changes nothing', async () => {
    const run = await startedSxRun('BAD');
    const before = await state();

    expect(
      await refusal(() =>
        tx((m) =>
          app.planning.planSolventExtractionRun(m, request('plan-zero'), {
            equipmentId: 'EFC-2',
            workOrder: 'WO-BAD',
            solventExtraction: {
              ...sx('X7', 'NEW', 'EMULSION_FLOW'),
              stages: { extraction: 0, scrub: 4, strip: 3 },
            },
          }),
        ),
      ),
    ).toEqual({ code: 'OUT_OF_RANGE', field: 'solventExtraction.stages.extraction', value: '0' });
    expect(
      await refusal(() =>
        tx((m) =>
          app.distributionRatios.record(m, request('ratios-bad'), {
            runId: run,
            ratios: [
              { element: 'Dy', ratio: '1' },
              { element: 'Tb', ratio: '1.25' },
            ],
          }),
        ),
      ),
    ).toEqual({
      code: 'SEPARATION_FACTOR_NOT_ABOVE_ONE',
      field: 'ratios',
      value: 'D_Dy 1 / D_Tb 1.25 = 0.8',
    });
    expect(
      await refusal(() =>
        tx((m) =>
          app.distributionRatios.record(m, request('ratios-no-element'), {
            runId: run,
            ratios: [{ element: null, ratio: '2' }],
          }),
        ),
      ),
    ).toEqual({ code: 'ELEMENT_REQUIRED', field: 'ratios[0].element', value: 'none' });
    expect(
      await refusal(() =>
        tx((m) =>
          app.fractions.declare(m, request('too-pure'), {
            runId: run,
            kind: 'TB_RICH',
            lotCode: 'BAD-1',
            massKg: '50',
            assay: fractions({ Tb: '0.038' }),
            purityPercent: '101',
          }),
        ),
      ),
    ).toEqual({ code: 'OUT_OF_RANGE', field: 'purityPercent', value: '101' });
    // 50 kg at 10 % Tb = 5 kg of Tb out of a run fed 2 kg.
    expect(
      await refusal(() =>
        tx((m) =>
          app.fractions.declare(m, request('too-much'), {
            runId: run,
            kind: 'TB_RICH',
            lotCode: 'BAD-2',
            massKg: '50',
            assay: fractions({ Tb: '0.1' }),
            purityPercent: '99',
          }),
        ),
      ),
    ).toEqual({ code: 'OUTPUT_EXCEEDS_FEED', field: 'massKg', value: 'Tb 5 kg out of 2 kg fed' });
    expect(await state()).toEqual(before);
  });

  it('replays a fraction declared twice under one key and refuses the key with other input', async () => {
    const run = await startedSxRun('KEY');
    const command = {
      runId: run,
      kind: 'TB_RICH',
      lotCode: 'KEY-TBR',
      massKg: '50',
      assay: fractions({ Tb: '0.038', Dy: '0.0008' }),
      purityPercent: '97.9',
    };
    const first = await tx((m) => app.fractions.declare(m, request('fraction-1'), command));
    const again = await tx((m) => app.fractions.declare(m, request('fraction-1'), command));
    expect(again).toEqual({ ...first, replayed: true });
    expect((await app.runFractions(run)).length).toBe(1);
    await expect(
      tx((m) => app.fractions.declare(m, request('fraction-1'), { ...command, massKg: '40' })),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
