import { processV1 } from '@rre/contracts';
import { ProcessRunError } from '../domain/process-run-error';
import { processEventRegistry } from '../messaging/process-event-types';
import type { CompositionInput } from '../domain/process-quantities';
import {
  OPERATOR,
  ProcessRunsHarness,
  requestBy,
  SUPERVISOR,
  TOPICS,
} from '../test-support/process-runs-harness';
import type { ReceiveLotInput } from './process-inputs';

const MAGNET: CompositionInput = {
  unit: 'P1',
  contents: [
    { element: 'Nd', value: '25', uncertainty: '0.2' },
    { element: 'Dy', value: '5', uncertainty: '0.05' },
    { element: 'Tb', value: '0.5', uncertainty: '0.01' },
    { element: 'Fe', value: '65' },
  ],
};
const SWARF: CompositionInput = {
  unit: 'P1',
  contents: [
    { element: 'Nd', value: '24', uncertainty: '0.2' },
    { element: 'Dy', value: '4', uncertainty: '0.05' },
    { element: 'Tb', value: '0.4', uncertainty: '0.01' },
    { element: 'Fe', value: '60' },
  ],
};

async function refusal(promise: Promise<unknown>): Promise<ProcessRunError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof ProcessRunError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

function lotInput(
  lotId: string,
  code: string,
  massKg: string,
  extra: Partial<ReceiveLotInput> = {},
): ReceiveLotInput {
  return {
    lotId,
    lotCode: code,
    kind: 'MATERIAL',
    mass: { value: massKg, unit: 'KGM' },
    composition: MAGNET,
    compositionStatus: 'FINAL',
    custody: 'HELD',
    from: { service: 'intake', transferId: `T-${lotId}` },
    ...extra,
  };
}

describe('process runs (integration)', () => {
  let h: ProcessRunsHarness;

  beforeAll(async () => {
    h = await ProcessRunsHarness.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function plannedStartedRun(externalId: string, kind = 'LEACHING'): Promise<string> {
    const planned = await h.do((r, m) =>
      r.planRun(m, requestBy(), { externalId, kind, equipmentId: 'R-101', workOrder: `WO-${externalId}` }),
    );
    await h.do((r, m) => r.startRun(m, requestBy(), { runId: planned.runId ?? '' }));
    return planned.runId ?? '';
  }

  it('leaches 800 kg of a 1,000 kg magnet lot with a 500 kg swarf lot: remaining masses, balance, events', async () => {
    await h.do((r, m) => r.receiveLot(m, requestBy(), lotInput('LOT-MAG', 'L-2026-00001', '1000')));
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), lotInput('LOT-SWF', 'L-2026-00002', '500', { composition: SWARF })),
    );
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), {
        lotId: 'LOT-ACID',
        lotCode: 'HCl-7',
        kind: 'REAGENT',
        mass: { value: '300', unit: 'KGM' },
        custody: 'HELD',
      }),
    );
    const runId = await plannedStartedRun('MES-LEACH-1');
    await h.do((r, m) =>
      r.takeInput(m, requestBy(), { runId, lotId: 'LOT-MAG', mass: { value: '800', unit: 'KGM' } }),
    );
    await h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-SWF' }));
    await h.do((r, m) =>
      r.takeInput(m, requestBy(), { runId, lotId: 'LOT-ACID', mass: { value: '250', unit: 'KGM' } }),
    );
    await h.do((r, m) =>
      r.returnInput(m, requestBy(), { runId, lotId: 'LOT-ACID', mass: { value: '50', unit: 'KGM' } }),
    );
    await h.do((r, m) =>
      r.drawSample(m, requestBy(), {
        runId,
        lotId: 'LOT-MAG',
        sampleId: 'S-1',
        mass: { value: '0.5', unit: 'KGM' },
      }),
    );

    const mag = await h.tx((m) => h.runs.getLot(m, 'LOT-MAG'));
    const swf = await h.tx((m) => h.runs.getLot(m, 'LOT-SWF'));
    const acid = await h.tx((m) => h.runs.getLot(m, 'LOT-ACID'));
    expect([mag?.remainingKg, swf?.remainingKg, acid?.remainingKg]).toEqual(['199.5', '0', '100']);

    // In: Dy 800 x 5 % + 500 x 4 % = 60 kg; Tb 4 + 2 = 6 kg; Nd 200 + 120 = 320 kg; Fe 520 + 300 = 820 kg.
    await h.do((r, m) =>
      r.declareOutput(m, requestBy(), {
        runId,
        lotId: 'LOT-LIQ',
        lotCode: 'PLS-1',
        role: 'PRODUCT',
        mass: { value: '2000', unit: 'KGM' },
        composition: {
          unit: 'P1',
          contents: [
            { element: 'Dy', value: '2.95', uncertainty: '0.03' },
            { element: 'Tb', value: '0.295', uncertainty: '0.005' },
            { element: 'Nd', value: '15.9', uncertainty: '0.1' },
            { element: 'Fe', value: '40.9' },
          ],
        },
        compositionStatus: 'FINAL',
      }),
    );
    await h.do((r, m) =>
      r.declareOutput(m, requestBy(), {
        runId,
        lotId: 'LOT-RES',
        lotCode: 'RES-1',
        role: 'RESIDUE',
        mass: { value: '100', unit: 'KGM' },
        composition: {
          unit: 'P1',
          contents: [
            { element: 'Dy', value: '1', uncertainty: '0.02' },
            { element: 'Tb', value: '0.1', uncertainty: '0.005' },
            { element: 'Nd', value: '1.5', uncertainty: '0.05' },
            { element: 'Fe', value: '2' },
          ],
        },
        compositionStatus: 'FINAL',
      }),
    );
    // Dy: 59 + 1 = 60; Tb: 5.9 + 0.1 = 6; Nd: 318 + 1.5 = 319.5 (+0.5 spilled); Fe: 818 + 2 = 820
    await h.do((r, m) =>
      r.recordLosses(m, requestBy(), {
        runId,
        losses: [
          {
            element: 'Nd',
            mass: { value: '0.5', unit: 'KGM' },
            uncertainty: { value: '0.1', unit: 'KGM' },
            kind: 'SPILL',
          },
        ],
      }),
    );
    const done = await h.do((r, m) => r.completeRun(m, requestBy(), { runId }));
    expect(done.replayed).toBe(false);

    const run = await h.tx((m) => h.runs.getRun(m, runId));
    expect(run?.status).toBe('COMPLETED');
    expect(run?.completionBasis).toBe('FINAL');
    expect(run?.inputs).toEqual([
      { lotId: 'LOT-MAG', kind: 'INPUT', netMassKg: '800' },
      { lotId: 'LOT-SWF', kind: 'INPUT', netMassKg: '500' },
      { lotId: 'LOT-ACID', kind: 'INPUT', netMassKg: '200' },
    ]);
    const byElement = Object.fromEntries((run?.balance?.elements ?? []).map((e) => [e.element, e]));
    expect(Object.keys(byElement)).toEqual(['Dy', 'Fe', 'Nd', 'Tb']);
    expect(byElement['Dy']).toMatchObject({
      inputsKg: '60',
      outputsKg: '60',
      imbalanceKg: '0',
      closes: true,
    });
    expect(byElement['Tb']).toMatchObject({ inputsKg: '6', outputsKg: '6', imbalanceKg: '0', closes: true });
    expect(byElement['Nd']).toMatchObject({
      inputsKg: '320',
      outputsKg: '319.5',
      lossesKg: '0.5',
      imbalanceKg: '0',
    });
    expect(byElement['Fe']).toMatchObject({ inputsKg: '820', outputsKg: '820', closes: true });
    expect(byElement['Dy']?.outputsByRoleKg).toEqual({ PRODUCT: '59', RESIDUE: '1' });

    const completeAgain = await refusal(h.do((r, m) => r.completeRun(m, requestBy(), { runId })));
    expect(completeAgain).toMatchObject({ code: 'INVALID_RUN_STATUS', field: 'runId', retryable: false });
    expect(completeAgain.message).toContain('is COMPLETED');

    const events = (await h.outbox()).filter(
      (e) => e.key === runId || ['LOT-MAG', 'LOT-LIQ'].includes(e.key),
    );
    expect(events.map((e) => `${e.type} ${e.key === runId ? 'run' : e.key} #${e.sequence}`)).toEqual([
      'rre.concentration.lot.received.v1 LOT-MAG #1',
      'rre.concentration.run.planned.v1 run #1',
      'rre.concentration.run.started.v1 run #2',
      'rre.concentration.lot.quantity-taken.v1 LOT-MAG #2',
      'rre.concentration.lot.sample-drawn.v1 LOT-MAG #3',
      'rre.concentration.lot.produced.v1 LOT-LIQ #1',
      'rre.concentration.run.losses-recorded.v1 run #3',
      'rre.concentration.run.completed.v1 run #4',
    ]);
    expect(new Set(events.map((e) => e.topic))).toEqual(new Set([TOPICS.lots, TOPICS.runs]));

    // What a consumer decodes with processEventRegistry: per-element figures as decimal strings in KGM.
    const [completed] = (await h.dataSource.query(
      `SELECT type, data FROM "${h.schema}".outbox WHERE key = $1 AND type = 'rre.concentration.run.completed.v1'`,
      [runId],
    )) as { type: string; data: Buffer }[];
    const decode = processEventRegistry(['concentration']).decoderFor('rre.concentration.run.completed.v1');
    const message = decode?.(new Uint8Array(completed?.data ?? [])) as processV1.RunCompleted;
    expect(message.basis).toBe(processV1.CompletionBasis.FINAL);
    expect(message.inputs.map((i) => [i.lot?.lotCode, i.mass?.value, i.mass?.unitCode, i.role])).toEqual([
      ['L-2026-00001', '800', 'KGM', 'INPUT'],
      ['L-2026-00002', '500', 'KGM', 'INPUT'],
      ['HCl-7', '200', 'KGM', 'INPUT'],
    ]);
    const dy = message.balance?.elements.find((e) => e.element === 'Dy');
    expect([
      dy?.inputs?.value,
      dy?.outputs?.value,
      dy?.imbalance?.value,
      dy?.inputs?.unitCode,
      dy?.closes,
    ]).toEqual(['60', '60', '0', 'KGM', true]);
    expect(message.outputs.map((o) => [o.lot?.lotId, o.mass?.value, o.role])).toEqual([
      ['LOT-LIQ', '2000', 'PRODUCT'],
      ['LOT-RES', '100', 'RESIDUE'],
    ]);
  });

  it('refuses a run whose outputs hold 5 % more Dy than its inputs, and completes it with an override', async () => {
    await h.do((r, m) =>
      r.receiveLot(
        m,
        requestBy(),
        lotInput('LOT-DY', 'L-2026-00010', '1000', {
          composition: { unit: 'P1', contents: [{ element: 'Dy', value: '5', uncertainty: '0.05' }] },
        }),
      ),
    );
    const runId = await plannedStartedRun('MES-DY-1', 'ADSORPTION');
    await h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-DY' }));
    // 50 kg Dy in, 52.5 kg out (+5 %): u = sqrt(0.5^2 + 0.2^2) = 0.5385 kg, tolerance 1.077 kg
    await h.do((r, m) =>
      r.declareOutput(m, requestBy(), {
        runId,
        lotId: 'LOT-DY-OUT',
        lotCode: 'HREE-1',
        role: 'PRODUCT',
        mass: { value: '200', unit: 'KGM' },
        composition: { unit: 'P1', contents: [{ element: 'Dy', value: '26.25', uncertainty: '0.1' }] },
        compositionStatus: 'FINAL',
      }),
    );
    const before = await h.counts();
    const refused = await refusal(h.do((r, m) => r.completeRun(m, requestBy(), { runId })));
    expect(refused.code).toBe('BALANCE_NOT_CLOSED');
    expect(refused.message).toContain('Dy imbalance -2.5 KGM, tolerance 1.077033 KGM');
    expect(await h.counts()).toEqual(before);
    expect((await h.tx((m) => h.runs.getRun(m, runId)))?.status).toBe('STARTED');

    const blank = await refusal(
      h.do((r, m) => r.completeRun(m, requestBy(), { runId, override: { reason: '  ' } })),
    );
    expect(blank).toMatchObject({ code: 'REASON_REQUIRED', field: 'override.reason' });

    await h.do((r, m) =>
      r.completeRun(m, requestBy(SUPERVISOR), {
        runId,
        override: { reason: 'assay bias of lab B, re-assay ordered' },
      }),
    );
    const run = await h.tx((m) => h.runs.getRun(m, runId));
    expect(run?.status).toBe('COMPLETED');
    expect(run?.balance?.closes).toBe(false);
    expect(run?.balance?.elements[0]).toMatchObject({
      element: 'Dy',
      inputsKg: '50',
      outputsKg: '52.5',
      imbalanceKg: '-2.5',
    });
    expect(run?.override).toMatchObject({
      reason: 'assay bias of lab B, re-assay ordered',
      overriddenBy: SUPERVISOR,
    });
    const types = (await h.outbox()).filter((e) => e.key === runId).map((e) => e.type);
    expect(types.slice(-2)).toEqual([
      'rre.concentration.run.imbalance-overridden.v1',
      'rre.concentration.run.completed.v1',
    ]);
  });

  it('the same MES mutation sent three times has one effect; another input under the key is refused', async () => {
    await h.do((r, m) => r.receiveLot(m, requestBy(), lotInput('LOT-IDEM', 'L-2026-00020', '300')));
    const runId = await plannedStartedRun('MES-IDEM-1');
    const take = { runId, lotId: 'LOT-IDEM', mass: { value: '120', unit: 'KGM' } };
    const first = await h.do((r, m) => r.takeInput(m, requestBy(OPERATOR, 'take-7f1c'), take));
    const second = await h.do((r, m) => r.takeInput(m, requestBy(OPERATOR, 'take-7f1c'), take));
    const third = await h.do((r, m) =>
      r.takeInput(m, requestBy(OPERATOR, 'take-7f1c'), { ...take, mass: { value: '120.000', unit: 'KGM' } }),
    );
    expect([first.replayed, second.replayed, third.replayed]).toEqual([false, true, true]);
    expect(second.recordIds).toEqual(first.recordIds);
    expect(third.recordIds).toEqual(first.recordIds);
    expect((await h.tx((m) => h.runs.getLot(m, 'LOT-IDEM')))?.remainingKg).toBe('180');
    expect((await h.tx((m) => h.runs.getRun(m, runId)))?.movements).toHaveLength(1);
    expect((await h.outbox()).filter((e) => e.key === 'LOT-IDEM').map((e) => e.type)).toEqual([
      'rre.concentration.lot.received.v1',
      'rre.concentration.lot.quantity-taken.v1',
    ]);

    const before = await h.counts();
    const reused = await refusal(
      h.do((r, m) =>
        r.takeInput(m, requestBy(OPERATOR, 'take-7f1c'), { ...take, mass: { value: '10', unit: 'KGM' } }),
      ),
    );
    expect(reused).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
      value: 'take-7f1c',
    });
    expect(await h.counts()).toEqual(before);

    // Keys are scoped to the client: another client's same key is its own request.
    const other = await h.do((r, m) => r.takeInput(m, requestBy(SUPERVISOR, 'take-7f1c'), take));
    expect(other.replayed).toBe(false);
    expect((await h.tx((m) => h.runs.getLot(m, 'LOT-IDEM')))?.remainingKg).toBe('60');
  });

  it('addresses a run by the MES external id: created if new, returned if known', async () => {
    const a = await h.do((r, m) =>
      r.planRun(m, requestBy(), {
        externalId: 'MES-EXT-9',
        kind: 'LEACHING',
        equipmentId: 'R-1',
        workOrder: 'WO-9',
      }),
    );
    const b = await h.do((r, m) =>
      r.planRun(m, requestBy(), {
        externalId: 'MES-EXT-9',
        kind: 'LEACHING',
        equipmentId: 'R-1',
        workOrder: 'WO-9',
      }),
    );
    expect(b).toEqual({ runId: a.runId, lotIds: [], recordIds: [], replayed: true });
    expect((await h.outbox()).filter((e) => e.key === a.runId)).toHaveLength(1);
  });

  it('refuses bad input with code, field, value and rule, and changes nothing', async () => {
    await h.do((r, m) => r.receiveLot(m, requestBy(), lotInput('LOT-BAD', 'L-2026-00030', '100')));
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), lotInput('LOT-OFFERED', 'L-2026-00031', '100', { custody: 'OFFERED' })),
    );
    const runId = await plannedStartedRun('MES-BAD-1');
    const before = await h.counts();

    const cases: [string, () => Promise<unknown>, Partial<ProcessRunError>][] = [
      [
        'more than remains',
        () =>
          h.do((r, m) =>
            r.takeInput(m, requestBy(), { runId, lotId: 'LOT-BAD', mass: { value: '100.001', unit: 'KGM' } }),
          ),
        { code: 'MORE_THAN_REMAINS', field: 'mass', value: '100.001 KGM' },
      ],
      [
        'not in custody',
        () => h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-OFFERED' })),
        { code: 'NOT_IN_CUSTODY', field: 'lotId', value: 'LOT-OFFERED', retryable: true },
      ],
      [
        'unknown lot',
        () => h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-NOPE' })),
        { code: 'UNKNOWN_LOT', field: 'lotId', value: 'LOT-NOPE' },
      ],
      [
        'unknown run',
        () => h.do((r, m) => r.startRun(m, requestBy(), { runId: 'RUN-NOPE' })),
        { code: 'UNKNOWN_RUN', field: 'runId', value: 'RUN-NOPE' },
      ],
      [
        'fraction above 100 %',
        () =>
          h.do((r, m) =>
            r.declareOutput(m, requestBy(), {
              runId,
              lotCode: 'X',
              role: 'PRODUCT',
              mass: { value: '1', unit: 'KGM' },
              composition: { unit: 'P1', contents: [{ element: 'Dy', value: '101' }] },
            }),
          ),
        { code: 'FRACTION_OUT_OF_RANGE', field: 'composition.Dy' },
      ],
      [
        'sum above 100 %',
        () =>
          h.do((r, m) =>
            r.declareOutput(m, requestBy(), {
              runId,
              lotCode: 'X',
              role: 'PRODUCT',
              mass: { value: '1', unit: 'KGM' },
              composition: {
                unit: 'P1',
                contents: [
                  { element: 'Dy', value: '60' },
                  { element: 'Fe', value: '43.2' },
                ],
              },
            }),
          ),
        { code: 'FRACTIONS_ABOVE_100', field: 'composition', value: '103.2 %' },
      ],
      [
        'negative fraction',
        () =>
          h.do((r, m) =>
            r.declareOutput(m, requestBy(), {
              runId,
              lotCode: 'X',
              role: 'PRODUCT',
              mass: { value: '1', unit: 'KGM' },
              composition: { contents: [{ element: 'Dy', value: '-0.1' }] },
            }),
          ),
        { code: 'FRACTION_OUT_OF_RANGE', field: 'composition.Dy' },
      ],
      [
        'unknown element',
        () =>
          h.do((r, m) =>
            r.recordLosses(m, requestBy(), {
              runId,
              losses: [{ element: 'DY', mass: { value: '1', unit: 'KGM' }, kind: 'SPILL' }],
            }),
          ),
        { code: 'UNKNOWN_ELEMENT', field: 'losses[0].element' },
      ],
      [
        'mass below the milligram',
        () =>
          h.do((r, m) =>
            r.takeInput(m, requestBy(), {
              runId,
              lotId: 'LOT-BAD',
              mass: { value: '0.0000001', unit: 'KGM' },
            }),
          ),
        { code: 'INVALID_MASS', field: 'mass' },
      ],
      [
        'unknown unit',
        () =>
          h.do((r, m) =>
            r.takeInput(m, requestBy(), { runId, lotId: 'LOT-BAD', mass: { value: '1', unit: 'LBR' } }),
          ),
        { code: 'UNKNOWN_UNIT', field: 'mass.unit' },
      ],
      [
        'composition on a reagent',
        () =>
          h.do((r, m) => r.receiveLot(m, requestBy(), { ...lotInput('LOT-R2', 'R2', '5'), kind: 'REAGENT' })),
        { code: 'INVALID_INPUT', field: 'composition' },
      ],
    ];
    for (const [name, call, expected] of cases) {
      const error = await refusal(call());
      expect({ name, ...expected }).toEqual({
        name,
        ...Object.fromEntries(Object.keys(expected).map((k) => [k, error[k as keyof ProcessRunError]])),
      });
      expect(error.rule.length).toBeGreaterThan(5);
    }
    expect(await h.counts()).toEqual(before);

    await h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-BAD' }));
    const usedUp = await refusal(h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-BAD' })));
    expect(usedUp).toMatchObject({ code: 'LOT_USED_UP', field: 'lotId', value: 'LOT-BAD' });
  });

  it('accepts and refuses offered lots; a refusal needs a reason and returns the lot', async () => {
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), lotInput('LOT-OFF-1', 'L-2026-00041', '100', { custody: 'OFFERED' })),
    );
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), lotInput('LOT-OFF-2', 'L-2026-00042', '100', { custody: 'OFFERED' })),
    );
    const again = await h.do((r, m) =>
      r.receiveLot(m, requestBy(), lotInput('LOT-OFF-1', 'L-2026-00041', '100', { custody: 'OFFERED' })),
    );
    expect(again.replayed).toBe(true);
    await h.do((r, m) =>
      r.acceptLot(m, requestBy(), { lotId: 'LOT-OFF-1', receivedMass: { value: '99.8', unit: 'KGM' } }),
    );
    expect(
      await refusal(h.do((r, m) => r.refuseLot(m, requestBy(), { lotId: 'LOT-OFF-2', reason: '' }))),
    ).toMatchObject({
      code: 'REASON_REQUIRED',
    });
    await h.do((r, m) => r.refuseLot(m, requestBy(), { lotId: 'LOT-OFF-2', reason: 'wet, 12 % moisture' }));
    const [one, two] = await h.tx(async (m) => [
      await h.runs.getLot(m, 'LOT-OFF-1'),
      await h.runs.getLot(m, 'LOT-OFF-2'),
    ]);
    expect([one?.custody, one?.massKg, one?.remainingKg]).toEqual(['HELD', '99.8', '99.8']);
    expect([two?.custody, two?.refusalReason]).toEqual(['REFUSED', 'wet, 12 % moisture']);
    expect(await refusal(h.do((r, m) => r.acceptLot(m, requestBy(), { lotId: 'LOT-OFF-2' })))).toMatchObject({
      code: 'NOT_IN_CUSTODY',
    });
    const types = (await h.outbox())
      .filter((e) => ['LOT-OFF-1', 'LOT-OFF-2'].includes(e.key))
      .map((e) => `${e.key} ${e.type}`);
    expect(types).toEqual([
      'LOT-OFF-1 rre.concentration.lot.received.v1',
      'LOT-OFF-2 rre.concentration.lot.received.v1',
      'LOT-OFF-1 rre.concentration.lot.custody-accepted.v1',
      'LOT-OFF-2 rre.concentration.lot.custody-refused.v1',
    ]);
  });

  it('hands an output lot over to the next service; the lot cannot be taken while offered, and leaves on acceptance', async () => {
    await h.do((r, m) => r.receiveLot(m, requestBy(), lotInput('LOT-HO', 'L-2026-00050', '40')));
    const offered = await h.do((r, m) =>
      r.handOverLot(m, requestBy(), { lotId: 'LOT-HO', toService: 'separation' }),
    );
    const transferId = offered.recordIds[0] ?? '';
    const runId = await plannedStartedRun('MES-HO-1');
    expect(
      await refusal(h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-HO' }))),
    ).toMatchObject({
      code: 'NOT_IN_CUSTODY',
      retryable: true,
    });
    await h.do((r, m) => r.settleHandOver(m, requestBy(), { transferId, accepted: true }));
    expect((await h.tx((m) => h.runs.getLot(m, 'LOT-HO')))?.custody).toBe('HANDED_OVER');
    const again = await h.do((r, m) => r.settleHandOver(m, requestBy(), { transferId, accepted: true }));
    expect(again.replayed).toBe(true);
    expect((await h.outbox()).filter((e) => e.key === 'LOT-HO').map((e) => e.type)).toEqual([
      'rre.concentration.lot.received.v1',
      'rre.concentration.lot.custody-transferred.v1',
      'rre.concentration.lot.hand-over-settled.v1',
    ]);
  });

  it('carries in-process inventory from run to run and completes provisionally until the final assays arrive', async () => {
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), {
        lotId: 'HEEL-0',
        lotCode: 'HEEL-C1-0',
        kind: 'IN_PROCESS_INVENTORY',
        mass: { value: '50', unit: 'KGM' },
        composition: { unit: 'P1', contents: [{ element: 'Tb', value: '1' }] },
        compositionStatus: 'FINAL',
        custody: 'HELD',
        equipmentId: 'C-1',
      }),
    );
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), {
        ...lotInput('LOT-TB', 'L-2026-00060', '200'),
        composition: { unit: 'P1', contents: [{ element: 'Tb', value: '2' }] },
        compositionStatus: 'PROVISIONAL',
      }),
    );
    const runId = await plannedStartedRun('MES-HEEL-1', 'ADSORPTION');
    await h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'HEEL-0' }));
    await h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-TB' }));
    await h.do((r, m) =>
      r.declareOutput(m, requestBy(), {
        runId,
        lotId: 'HEEL-1',
        lotCode: 'HEEL-C1-1',
        role: 'IN_PROCESS_INVENTORY',
        mass: { value: '50', unit: 'KGM' },
        composition: { unit: 'P1', contents: [{ element: 'Tb', value: '1' }] },
        compositionStatus: 'FINAL',
      }),
    );
    await h.do((r, m) =>
      r.declareOutput(m, requestBy(), {
        runId,
        lotId: 'TB-CONC',
        lotCode: 'TBC-1',
        role: 'PRODUCT',
        mass: { value: '10', unit: 'KGM' },
        composition: { unit: 'P1', contents: [{ element: 'Tb', value: '40' }] },
        compositionStatus: 'FINAL',
      }),
    );
    await h.do((r, m) => r.completeRun(m, requestBy(), { runId }));
    let run = await h.tx((m) => h.runs.getRun(m, runId));
    expect(run?.completionBasis).toBe('PROVISIONAL');
    expect(run?.balance?.elements[0]).toMatchObject({
      element: 'Tb',
      openingInventoryKg: '0.5',
      inputsKg: '4',
      outputsKg: '4',
      closingInventoryKg: '0.5',
      imbalanceKg: '0',
    });
    const heel = await h.tx((m) => h.runs.getLot(m, 'HEEL-1'));
    expect([heel?.kind, heel?.custody, heel?.equipmentId]).toEqual(['IN_PROCESS_INVENTORY', 'HELD', 'R-101']);

    expect(await refusal(h.do((r, m) => r.finalizeRun(m, requestBy(), { runId })))).toMatchObject({
      code: 'ASSAYS_NOT_FINAL',
      retryable: true,
    });
    await h.do((r, m) =>
      r.recordLotAssay(m, requestBy(), {
        lotId: 'LOT-TB',
        assayId: 'LAB-77',
        composition: { unit: 'P1', contents: [{ element: 'Tb', value: '2', uncertainty: '0.02' }] },
        status: 'FINAL',
      }),
    );
    await h.do((r, m) => r.finalizeRun(m, requestBy(), { runId }));
    run = await h.tx((m) => h.runs.getRun(m, runId));
    expect(run?.completionBasis).toBe('FINAL');
    expect(run?.balance?.elements[0]?.combinedUncertaintyKg).toBe('0.04');
  });

  it('corrects a completed run only by a correction that keeps the original figures', async () => {
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), {
        ...lotInput('LOT-COR', 'L-2026-00070', '100'),
        composition: { unit: 'P1', contents: [{ element: 'Dy', value: '10' }] },
      }),
    );
    const runId = await plannedStartedRun('MES-COR-1');
    await h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-COR' }));
    await h.do((r, m) =>
      r.declareOutput(m, requestBy(), {
        runId,
        lotId: 'LOT-COR-OUT',
        lotCode: 'C-OUT',
        role: 'PRODUCT',
        mass: { value: '20', unit: 'KGM' },
        composition: { unit: 'P1', contents: [{ element: 'Dy', value: '49' }] },
        compositionStatus: 'FINAL',
      }),
    );
    await h.do((r, m) =>
      r.recordLosses(m, requestBy(), {
        runId,
        losses: [{ element: 'Dy', mass: { value: '0.2', unit: 'KGM' }, kind: 'OFF_GAS' }],
      }),
    );
    await h.do((r, m) => r.completeRun(m, requestBy(), { runId }));
    // The off-gas figure was 0.1 kg and the product weighed 20.2 kg: 20.2 x 49 % = 9.898, + 0.1 = 9.998 (no longer closes)
    const notClosing = await refusal(
      h.do((r, m) =>
        r.correctRun(m, requestBy(), {
          runId,
          reason: 'scale recalibrated',
          outputs: [{ lotId: 'LOT-COR-OUT', mass: { value: '20.2', unit: 'KGM' } }],
          losses: [{ element: 'Dy', mass: { value: '0.1', unit: 'KGM' }, kind: 'OFF_GAS' }],
        }),
      ),
    );
    expect(notClosing.code).toBe('BALANCE_NOT_CLOSED');
    await h.do((r, m) =>
      r.correctRun(m, requestBy(), {
        runId,
        reason: 'off-gas scrubber figure was 0.2 kg high',
        losses: [{ element: 'Dy', mass: { value: '0.2', unit: 'KGM' }, kind: 'OFF_GAS', note: 'scrubber' }],
      }),
    );
    const run = await h.tx((m) => h.runs.getRun(m, runId));
    expect(run?.corrections).toHaveLength(1);
    expect(run?.losses.map((l) => [l.massKg, l.supersededByCorrectionId === undefined])).toEqual([
      ['0.2', false],
      ['0.2', true],
    ]);
    expect(run?.corrections[0]?.balanceBefore.elements[0]?.lossesKg).toBe('0.2');
    expect(run?.corrections[0]?.balanceAfter.elements[0]?.lossesKg).toBe('0.2');
    expect(
      (await h.outbox())
        .filter((e) => e.key === runId)
        .map((e) => e.type)
        .slice(-1),
    ).toEqual(['rre.concentration.run.corrected.v1']);
  });

  it('takes a corrected weighing from the sender: the mass changes, the remaining mass moves by the difference', async () => {
    await h.do((r, m) => r.receiveLot(m, requestBy(), lotInput('LOT-REWEIGH', 'L-2026-00090', '1000')));
    const runId = await plannedStartedRun('MES-REWEIGH-1');
    await h.do((r, m) =>
      r.takeInput(m, requestBy(), { runId, lotId: 'LOT-REWEIGH', mass: { value: '800', unit: 'KGM' } }),
    );
    const corrected = await h.do((r, m) =>
      r.correctLotMass(m, requestBy(), {
        lotId: 'LOT-REWEIGH',
        mass: { value: '990', unit: 'KGM' },
        reason: 'weighbridge recalibrated at intake',
        sourceEventId: '01JQ8X3V5T6N7P8R9S0A1B2C3D',
      }),
    );
    expect(corrected.recordIds).toHaveLength(1);
    const lot = await h.tx((m) => h.runs.getLot(m, 'LOT-REWEIGH'));
    expect([lot?.massKg, lot?.remainingKg]).toEqual(['990', '190']);
    const before = await h.counts();
    const tooLow = await refusal(
      h.do((r, m) =>
        r.correctLotMass(m, requestBy(), {
          lotId: 'LOT-REWEIGH',
          mass: { value: '700', unit: 'KGM' },
          reason: 'typo',
        }),
      ),
    );
    expect(tooLow).toMatchObject({ code: 'MORE_THAN_REMAINS', field: 'mass', value: '700 KGM' });
    expect(tooLow.rule).toBe('must be at least the 800 KGM already taken from lot L-2026-00090');
    expect(await h.counts()).toEqual(before);
    expect((await h.outbox()).filter((e) => e.key === 'LOT-REWEIGH').map((e) => e.type)).toEqual([
      'rre.concentration.lot.received.v1',
      'rre.concentration.lot.quantity-taken.v1',
      'rre.concentration.lot.mass-corrected.v1',
    ]);
  });

  it('holds, resumes and aborts a run; what was taken is given back after the abort', async () => {
    await h.do((r, m) => r.receiveLot(m, requestBy(), lotInput('LOT-ABORT', 'L-2026-00095', '100')));
    const runId = await plannedStartedRun('MES-ABORT-1');
    await h.do((r, m) =>
      r.takeInput(m, requestBy(), { runId, lotId: 'LOT-ABORT', mass: { value: '30', unit: 'KGM' } }),
    );
    await h.do((r, m) => r.holdRun(m, requestBy(), { runId, reason: 'feed pump failure' }));
    expect(
      await refusal(h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-ABORT' }))),
    ).toMatchObject({ code: 'INVALID_RUN_STATUS' });
    expect((await h.tx((m) => h.runs.getRun(m, runId)))?.holdReason).toBe('feed pump failure');
    await h.do((r, m) => r.resumeRun(m, requestBy(), { runId }));
    await h.do((r, m) => r.abortRun(m, requestBy(), { runId, reason: 'leach tank leaking' }));
    await h.do((r, m) =>
      r.returnInput(m, requestBy(), { runId, lotId: 'LOT-ABORT', mass: { value: '30', unit: 'KGM' } }),
    );
    const run = await h.tx((m) => h.runs.getRun(m, runId));
    expect([run?.status, run?.abortReason, run?.inputs[0]?.netMassKg]).toEqual([
      'ABORTED',
      'leach tank leaking',
      '0',
    ]);
    expect((await h.tx((m) => h.runs.getLot(m, 'LOT-ABORT')))?.remainingKg).toBe('100');
    expect(await refusal(h.do((r, m) => r.completeRun(m, requestBy(), { runId })))).toMatchObject({
      code: 'INVALID_RUN_STATUS',
    });
    expect((await h.outbox()).filter((e) => e.key === runId).map((e) => e.type)).toEqual([
      'rre.concentration.run.planned.v1',
      'rre.concentration.run.started.v1',
      'rre.concentration.run.held.v1',
      'rre.concentration.run.resumed.v1',
      'rre.concentration.run.aborted.v1',
    ]);
  });

  it('pages through runs by planned time', async () => {
    const all = await h.tx((m) => h.runs.listRuns(m, { first: 100 }));
    const firstPage = await h.tx((m) => h.runs.listRuns(m, { first: 2 }));
    const secondPage = await h.tx((m) => h.runs.listRuns(m, { first: 2, after: firstPage.endCursor }));
    expect(firstPage.hasNextPage).toBe(true);
    expect([...firstPage.items, ...secondPage.items].map((r) => r.id)).toEqual(
      all.items.slice(0, 4).map((r) => r.id),
    );
    const none = await h.tx((m) => h.runs.listRuns(m, { from: new Date('2999-01-01T00:00:00Z') }));
    expect(none.items).toEqual([]);
    const held = await h.tx((m) => h.runs.listLots(m, { custody: 'HELD', first: 100 }));
    expect(held.items.every((l) => l.custody === 'HELD')).toBe(true);
  });
});

describe('four eyes on overrides (integration)', () => {
  let h: ProcessRunsHarness;
  beforeAll(async () => {
    h = await ProcessRunsHarness.start({ balance: { overrideNeedsSecondPerson: true } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('waits for a second, different person before an override completes the run', async () => {
    await h.do((r, m) =>
      r.receiveLot(m, requestBy(), {
        ...lotInput('LOT-4E', 'L-2026-00080', '100'),
        composition: { unit: 'P1', contents: [{ element: 'Dy', value: '10' }] },
      }),
    );
    const planned = await h.do((r, m) =>
      r.planRun(m, requestBy(), { kind: 'LEACHING', equipmentId: 'R-1', workOrder: 'WO-4E' }),
    );
    const runId = planned.runId ?? '';
    await h.do((r, m) => r.startRun(m, requestBy(), { runId }));
    await h.do((r, m) => r.takeInput(m, requestBy(), { runId, lotId: 'LOT-4E' }));
    await h.do((r, m) =>
      r.declareOutput(m, requestBy(), {
        runId,
        lotCode: 'OUT-4E',
        role: 'PRODUCT',
        mass: { value: '21', unit: 'KGM' },
        composition: { unit: 'P1', contents: [{ element: 'Dy', value: '50' }] },
      }),
    );
    await h.do((r, m) =>
      r.completeRun(m, requestBy(OPERATOR), { runId, override: { reason: 'known assay bias' } }),
    );
    expect((await h.tx((m) => h.runs.getRun(m, runId)))?.status).toBe('AWAITING_OVERRIDE_APPROVAL');
    expect(await refusal(h.do((r, m) => r.approveOverride(m, requestBy(OPERATOR), { runId })))).toMatchObject(
      {
        code: 'SAME_PERSON_APPROVAL',
      },
    );
    await h.do((r, m) => r.approveOverride(m, requestBy(SUPERVISOR), { runId }));
    const run = await h.tx((m) => h.runs.getRun(m, runId));
    expect(run?.status).toBe('COMPLETED');
    expect(run?.completionBasis).toBe('PROVISIONAL');
    expect(run?.override).toMatchObject({ overriddenBy: OPERATOR, approvedBy: SUPERVISOR });
    expect((await h.outbox()).filter((e) => e.key === runId).map((e) => e.type)).toEqual([
      'rre.concentration.run.planned.v1',
      'rre.concentration.run.started.v1',
      'rre.concentration.run.override-requested.v1',
      'rre.concentration.run.imbalance-overridden.v1',
      'rre.concentration.run.completed.v1',
    ]);
  });
});
