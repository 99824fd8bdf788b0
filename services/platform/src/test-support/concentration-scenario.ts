/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read as untyped JSON, as in the spec files that run this scenario */
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { waitFor } from '@rre/testing';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { RunningPlatform } from '../bootstrap';

/**
 * The scenario with known numbers, through GraphQL on a running platform: intake hands
 * three lots to concentration; an MES leaches 800 kg of a 1,000 kg magnet lot with a 500 kg swarf
 * lot, and adsorbs a 20 t low-grade lot into a 200 kg concentrate on a tracked adsorbent batch.
 * Every expected figure is worked out by hand in the comments.
 */

type Answer = { data?: any; errors?: any[] };

export interface ScenarioClient {
  call(token: string, query: string, variables?: Record<string, unknown>): Promise<Answer>;
  ok(token: string, query: string, variables?: Record<string, unknown>): Promise<any>;
  tokens: { recycler: string; lab: string; operator: string; mes: string; auditor: string };
}

export async function scenarioClient(platform: RunningPlatform, dataDir: string): Promise<ScenarioClient> {
  const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
  const tokens = {
    recycler: await mintToken(key, {
      subject: 'usr-recycler-1',
      organisationId: 'org-recycler-a',
      roles: ['recycler'],
    }),
    lab: await mintToken(key, { subject: 'usr-lab-1', organisationId: 'org-plant', roles: ['lab'] }),
    operator: await mintToken(key, { subject: 'usr-op-1', organisationId: 'org-plant', roles: ['operator'] }),
    mes: await mintToken(key, {
      subject: 'mes-line-2',
      organisationId: 'org-plant',
      roles: ['operator'],
      machine: true,
    }),
    auditor: await mintToken(key, {
      subject: 'usr-audit-1',
      organisationId: 'org-audit',
      roles: ['auditor'],
    }),
  };
  const call = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Answer;
  };
  const ok = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const answer = await call(token, query, variables);
    if (answer.errors) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
    return answer.data;
  };
  return { call, ok, tokens };
}

const LOT_FIELDS = 'id code custody massKg remainingKg';
const PAYLOAD = `{ runId lotIds recordIds replayed lots { ${LOT_FIELDS} } }`;
const m = (name: string, input: string) =>
  `mutation ($input: ${input}!, $key: String) { ${name}(input: $input, idempotencyKey: $key) ${PAYLOAD} }`;
export const Mutations = {
  registerLot: `mutation ($input: RegisterLotInput!) { registerLot(input: $input) { lot { id code status } } }`,
  recordAssay: `mutation ($input: RecordAssayInput!) { recordAssay(input: $input) { lot { id } } }`,
  screenLot: `mutation ($input: ScreenLotInput!) { screenLot(input: $input) { lot { status } } }`,
  transferLot: `mutation ($input: TransferLotInput!) { transferLot(input: $input) { recordIds lot { status } } }`,
  acceptLotTransfer: `mutation ($input: AcceptLotTransferInput!) { acceptLotTransfer(input: $input) { lot { custodian } } }`,
  planLeaching: `mutation ($input: ConcentrationPlanLeachingRunInput!, $key: String) {
    concentrationPlanLeachingRun(input: $input, idempotencyKey: $key) { runId replayed } }`,
  planAdsorption: `mutation ($input: ConcentrationPlanAdsorptionRunInput!, $key: String) {
    concentrationPlanAdsorptionRun(input: $input, idempotencyKey: $key) { runId replayed } }`,
  start: m('concentrationStartRun', 'ConcentrationRunRefInput'),
  take: m('concentrationTakeInput', 'ConcentrationTakeInputInput'),
  declare: m('concentrationDeclareOutput', 'ConcentrationDeclareOutputInput'),
  complete: m('concentrationCompleteRun', 'ConcentrationCompleteRunInput'),
  handOver: m('concentrationHandOverLot', 'ConcentrationHandOverLotInput'),
  registerWebhook: `mutation ($input: ConcentrationMesWebhookInput!, $key: String) {
    registerConcentrationMesWebhook(input: $input, idempotencyKey: $key) { subscription { id kinds } secret } }`,
  recordMeasurements: `mutation ($input: ConcentrationMeasurementBatchInput!, $key: String) {
    recordConcentrationMeasurements(input: $input, idempotencyKey: $key) { series { kind unit received accepted duplicates } } }`,
  registerAdsorbent: `mutation ($input: ConcentrationRegisterAdsorbentBatchInput!, $key: String) {
    concentrationRegisterAdsorbentBatch(input: $input, idempotencyKey: $key) { replayed batch { id code } } }`,
  recordCapacity: `mutation ($input: ConcentrationRecordAdsorbentCapacityInput!, $key: String) {
    concentrationRecordAdsorbentCapacity(input: $input, idempotencyKey: $key) { replayed batch {
      capacityHistory { cycleNumber capacityMgPerG } capacityLossShare capacityWarning } } }`,
};
export const Queries = {
  lot: `query ($id: String!) { concentrationLot(id: $id) { ${LOT_FIELDS} composition { element fraction } } }`,
  run: `query ($id: String!) { concentrationRun(id: $id) { id kind status parametersJson
    inputs { lotId netMassKg } outputs { lotId role massKg }
    balance { closes elements { element inputsKg outputsKg imbalanceKg closes outputsByRole { role massKg } } } } }`,
  kpis: `query ($runId: ID!) { concentrationRunKpis(runId: $runId) { runId revision kind provisional
    recoveries { element inputKg recoveredKg percent }
    decontaminationFactors { impurity feedRatio concentrateRatio factor }
    dissolutionYields { element percent } } }`,
  kpiPage: `query ($from: DateTime, $to: DateTime, $first: Int, $after: String) {
    concentrationRunKpisPage(from: $from, to: $to, first: $first, after: $after) { endCursor items { runId kind } } }`,
  screenings: `query ($lotIds: [ID!]!) { concentrationResidueScreenings(lotIds: $lotIds) {
    lotId uraniumPpm thoriumPpm sumOfRatios threshold outcome } }`,
  runs: `query ($from: DateTime, $first: Int) { concentrationRuns(from: $from, first: $first) { items { id } } }`,
  intakeLots: `query ($custody: String, $first: Int) { concentrationIntakeLots(custody: $custody, first: $first) {
    lotId lotCode route custody receivedMassKg } }`,
  adsorbent: `query ($id: String!) { concentrationAdsorbentBatch(id: $id) { code
    capacityHistory { cycleNumber capacityMgPerG } firstCapacityMgPerG latestCapacityMgPerG capacityLossShare capacityWarning } }`,
};

const kg = (value: string) => ({ value, unit: 'KGM' });
const fractions = (contents: Record<string, string>) => ({
  unit: 'C62',
  contents: Object.entries(contents).map(([element, value]) => ({ element, value })),
});
const percentAssay = (lotId: string, contents: Record<string, [string, string]>) => ({
  lotId,
  method: 'ICP_OES',
  sampleId: `S-${lotId.slice(-6)}`,
  analysedAt: '2026-03-02T10:00:00.000Z',
  reason: 'initial',
  contents: Object.entries(contents).map(([element, [value, unit]]) => ({ element, value, unit })),
});

/** Registers, assays, screens and hands a lot to concentration through intake's GraphQL; returns its id. */
export async function handToConcentration(
  client: ScenarioClient,
  lot: {
    materialKind: string;
    sourceCategory: string;
    massKg: string;
    gross: string;
    tare: string;
    assay: Record<string, [string, string]>;
    uraniumPpm: string;
    thoriumPpm: string;
  },
): Promise<{ id: string; code: string }> {
  const { tokens, ok } = client;
  const registered = (
    await ok(tokens.recycler, Mutations.registerLot, {
      input: {
        supplierSiteId: 'site-yard-1',
        materialKind: lot.materialKind,
        sourceCategory: lot.sourceCategory,
        sourceEvidenceRef: 'doc-1',
        countryOfOrigin: 'JP',
        declaredMass: kg(lot.massKg),
        weighing: {
          ticketNumber: `WB-${lot.materialKind}`,
          vehicle: 'truck 12-34',
          scale: 'weighbridge-1',
          gross: kg(lot.gross),
          tare: kg(lot.tare),
        },
        receivedAt: '2026-03-02T08:00:00.000Z',
      },
    })
  ).registerLot.lot;
  await ok(tokens.lab, Mutations.recordAssay, { input: percentAssay(registered.id, lot.assay) });
  const screened = await ok(tokens.lab, Mutations.screenLot, {
    input: { lotId: registered.id, uraniumPpm: lot.uraniumPpm, thoriumPpm: lot.thoriumPpm },
  });
  if (screened.screenLot.lot.status !== 'SCREENED_ACCEPTED')
    throw new Error(`lot ${registered.code} not accepted`);
  const offer = await ok(tokens.lab, Mutations.transferLot, { input: { lotId: registered.id } });
  await ok(tokens.operator, Mutations.acceptLotTransfer, {
    input: { transferId: offer.transferLot.recordIds[0] },
  });
  return { id: registered.id, code: registered.code };
}

/** The outbox rows of concentration for one key (a lot or a run), as `type` in order. */
async function eventTypes(concentration: DataSource, key: string): Promise<string[]> {
  const rows = (await concentration.query(
    `SELECT type FROM concentration.outbox WHERE key = $1 ORDER BY id`,
    [key],
  )) as { type: string }[];
  return rows.map((row) => row.type.replace('rre.concentration.', ''));
}

export interface ScenarioResult {
  leachRunId: string;
  adsorptionRunId: string;
  concentrateLotId: string;
  lotIds: { magnet: string; swarf: string; ore: string };
}

/** Runs the scenario; throws (through Jest's expect) on the first figure that differs. */
export async function runConcentrationScenario(
  client: ScenarioClient,
  concentration: DataSource,
): Promise<ScenarioResult> {
  const { ok, call, tokens } = client;
  // Keys, external ids and codes unique to this run, so that a database or broker reused by an
  // earlier run replays nothing of it.
  const tag = Date.now().toString(36);
  const key = (name: string) => `${tag}-${name}`;
  const startedAt = new Date();

  // An MES endpoint that receives concentration's webhooks.
  const received: { type: string; subject: string; signed: boolean }[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const parsed = JSON.parse(body) as { type: string; subject: string };
      received.push({
        type: parsed.type,
        subject: parsed.subject,
        signed: String(request.headers['webhook-signature'] ?? '').startsWith('v1,'),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const webhook = (
      await ok(tokens.operator, Mutations.registerWebhook, {
        key: key('webhook'),
        input: {
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rre`,
          kinds: ['lot.custody.entered', 'run.state.changed'],
        },
      })
    ).registerConcentrationMesWebhook;
    expect(webhook.secret).toMatch(/^whsec_/);

    // Intake hands over: magnet 1,000 kg (Nd 24 %, Pr 5 %, Dy 6 %, Tb 0.8 %, Fe 62 %), swarf 500 kg
    // (Nd 22 %, Pr 4 %, Dy 5 %, Tb 0.6 %, Fe 60 %), ore 20 t (Dy 500 ppm, Tb 100 ppm, Fe 5 %, Al 8 %,
    // U 40 ppm, Th 80 ppm: 0.492 + 0.328 = 0.82 Bq/g-ratio, cleared).
    const magnet = await handToConcentration(client, {
      materialKind: 'EV_MOTOR_MAGNET',
      sourceCategory: 'POST_CONSUMER',
      massKg: '1000',
      gross: '1250.5',
      tare: '250.5',
      assay: { Nd: ['24', 'P1'], Pr: ['5', 'P1'], Dy: ['6', 'P1'], Tb: ['0.8', 'P1'], Fe: ['62', 'P1'] },
      uraniumPpm: '0',
      thoriumPpm: '0',
    });
    const swarf = await handToConcentration(client, {
      materialKind: 'MAGNET_SWARF_SLUDGE',
      sourceCategory: 'PRE_CONSUMER',
      massKg: '500',
      gross: '750',
      tare: '250',
      assay: { Nd: ['22', 'P1'], Pr: ['4', 'P1'], Dy: ['5', 'P1'], Tb: ['0.6', 'P1'], Fe: ['60', 'P1'] },
      uraniumPpm: '0',
      thoriumPpm: '0',
    });
    const ore = await handToConcentration(client, {
      materialKind: 'LOW_GRADE_ORE',
      sourceCategory: 'PRIMARY',
      massKg: '20000',
      gross: '35000',
      tare: '15000',
      assay: {
        Dy: ['500', '59'],
        Tb: ['100', '59'],
        Fe: ['5', 'P1'],
        Al: ['8', 'P1'],
        U: ['40', '59'],
        Th: ['80', '59'],
      },
      uraniumPpm: '40',
      thoriumPpm: '80',
    });

    // Concentration learns of the acceptances from intake's events and holds the three lots.
    const ours = new Set([magnet.id, swarf.id, ore.id]);
    const heldOfOurs = async () =>
      (
        await ok(tokens.auditor, Queries.intakeLots, { custody: 'HELD', first: 100 })
      ).concentrationIntakeLots.filter((lot: any) => ours.has(lot.lotId));
    await waitFor(
      async () => (await heldOfOurs()).length === 3,
      'concentration holds the three lots intake handed over',
      { timeoutMs: 60_000 },
    );
    const held = await heldOfOurs();
    expect(held.map((l: any) => [l.lotId, l.route, l.receivedMassKg]).sort()).toEqual(
      [
        [magnet.id, 'LEACHING', '1000'],
        [swarf.id, 'LEACHING', '500'],
        [ore.id, 'ADSORPTION', '20000'],
      ].sort(),
    );
    expect((await ok(tokens.mes, Queries.lot, { id: magnet.id })).concentrationLot).toMatchObject({
      custody: 'HELD',
      massKg: '1000',
      remainingKg: '1000',
      composition: [
        { element: 'Dy', fraction: '0.06' },
        { element: 'Fe', fraction: '0.62' },
        { element: 'Nd', fraction: '0.24' },
        { element: 'Pr', fraction: '0.05' },
        { element: 'Tb', fraction: '0.008' },
      ],
    });

    // ---- Leaching: 800 kg of the magnet lot and all 500 kg of swarf.
    const planned = (
      await ok(tokens.mes, Mutations.planLeaching, {
        key: key('leach-plan-1'),
        input: {
          externalId: key('MES-LEACH'),
          equipmentId: 'R-101',
          workOrder: 'WO-2026-17',
          leaching: { acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '3', temperatureCelsius: '80' },
        },
      })
    ).concentrationPlanLeachingRun;
    const leachRunId: string = planned.runId;
    await ok(tokens.mes, Mutations.start, { key: key('leach-start-1'), input: { runId: leachRunId } });
    // Reactor temperature from the MES's store-and-forward buffer: out of order, with offsets.
    const temperatures = {
      runId: leachRunId,
      series: [
        {
          kind: 'TEMPERATURE',
          tag: 'TIC-101',
          unit: 'CEL',
          samples: [
            { measuredAt: '2026-03-02T17:10:00+09:00', value: '80.4', quality: 'GOOD' },
            { measuredAt: '2026-03-02T17:00:00+09:00', value: '79.8', quality: 'GOOD' },
            { measuredAt: '2026-03-02T08:05:00Z', value: '80.1', quality: 'GOOD' },
          ],
        },
      ],
    };
    const recorded = (
      await ok(tokens.mes, Mutations.recordMeasurements, { key: key('temp-1'), input: temperatures })
    ).recordConcentrationMeasurements;
    expect(recorded.series).toEqual([
      { kind: 'TEMPERATURE', unit: 'CEL', received: 3, accepted: 3, duplicates: 0 },
    ]);
    const resent = (
      await ok(tokens.mes, Mutations.recordMeasurements, { key: key('temp-2'), input: temperatures })
    ).recordConcentrationMeasurements;
    expect(resent.series[0]).toMatchObject({ received: 3, accepted: 0, duplicates: 3 });
    const badUnit = await call(tokens.mes, Mutations.recordMeasurements, {
      key: key('temp-3'),
      input: { ...temperatures, series: [{ ...temperatures.series[0], unit: 'DEGC' }] },
    });
    expect(badUnit.errors?.[0]?.message).toContain('DEGC');
    // The same take sent three times (the MES retried): one effect, two replays.
    const takes = [];
    for (let i = 0; i < 3; i++) {
      takes.push(
        (
          await ok(tokens.mes, Mutations.take, {
            key: key('leach-take-magnet'),
            input: { runId: leachRunId, lotId: magnet.id, mass: kg('800') },
          })
        ).concentrationTakeInput,
      );
    }
    expect(takes.map((t) => t.replayed)).toEqual([false, true, true]);
    await ok(tokens.mes, Mutations.take, {
      key: key('leach-take-swarf'),
      input: { runId: leachRunId, lotId: swarf.id },
    });
    // Taking more than the 200 kg left is refused, and changes nothing.
    const tooMuch = await call(tokens.mes, Mutations.take, {
      key: key('leach-take-magnet-more'),
      input: { runId: leachRunId, lotId: magnet.id, mass: kg('300') },
    });
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({ field: 'mass', value: '300 KGM' });
    expect((await ok(tokens.mes, Queries.lot, { id: magnet.id })).concentrationLot.remainingKg).toBe('200');
    expect((await ok(tokens.mes, Queries.lot, { id: swarf.id })).concentrationLot.remainingKg).toBe('0');

    // Fed: Dy 800 x 0.06 + 500 x 0.05 = 73 kg; Tb 6.4 + 3 = 9.4; Nd 192 + 110 = 302; Pr 40 + 20 = 60;
    // Fe 496 + 300 = 796. Leach liquor 4,000 kg: Dy 72.27 (99 %), Tb 9.306 (99 %), Nd 299, Pr 59.4,
    // Fe 557.2 (70 %); residue 250 kg: Dy 0.73, Tb 0.094, Nd 3, Pr 0.6, Fe 238.8.
    const liquor = (
      await ok(tokens.mes, Mutations.declare, {
        key: key('leach-out-liquor'),
        input: {
          runId: leachRunId,
          lotCode: key('PLS-2026-0001'),
          role: 'PRODUCT',
          mass: kg('4000'),
          composition: fractions({
            Dy: '0.0180675',
            Tb: '0.0023265',
            Nd: '0.07475',
            Pr: '0.01485',
            Fe: '0.1393',
          }),
        },
      })
    ).concentrationDeclareOutput.lotIds[0];
    // An output whose fractions sum above 100 % is refused.
    const broken = await call(tokens.mes, Mutations.declare, {
      key: key('leach-out-broken'),
      input: {
        runId: leachRunId,
        lotCode: key('LRS-2026-BAD'),
        role: 'RESIDUE',
        mass: kg('250'),
        composition: fractions({ Fe: '0.9552', Nd: '0.1' }),
      },
    });
    expect(broken.errors?.[0]?.extensions?.code).toBe('FRACTIONS_ABOVE_100');
    await ok(tokens.mes, Mutations.declare, {
      key: key('leach-out-residue'),
      input: {
        runId: leachRunId,
        lotCode: key('LRS-2026-0001'),
        role: 'RESIDUE',
        mass: kg('250'),
        composition: fractions({ Dy: '0.00292', Tb: '0.000376', Nd: '0.012', Pr: '0.0024', Fe: '0.9552' }),
      },
    });
    await ok(tokens.mes, Mutations.complete, { key: key('leach-complete'), input: { runId: leachRunId } });
    const twice = await call(tokens.mes, Mutations.complete, {
      key: key('leach-complete-2'),
      input: { runId: leachRunId },
    });
    expect(twice.errors?.[0]?.extensions?.field).toBe('runId');

    const leachRun = (await ok(tokens.auditor, Queries.run, { id: leachRunId })).concentrationRun;
    expect(leachRun).toMatchObject({
      kind: 'LEACHING',
      status: 'COMPLETED',
      parametersJson: '{"acid":"HYDROCHLORIC","acidConcentrationMolPerL":"3","temperatureCelsius":"80"}',
    });
    expect(leachRun.inputs.map((i: any) => [i.lotId, i.netMassKg])).toEqual([
      [magnet.id, '800'],
      [swarf.id, '500'],
    ]);
    expect(leachRun.balance.closes).toBe(true);
    const byElement = Object.fromEntries(leachRun.balance.elements.map((e: any) => [e.element, e]));
    expect(byElement.Dy).toMatchObject({ inputsKg: '73', outputsKg: '73', imbalanceKg: '0' });
    expect(byElement.Dy.outputsByRole).toEqual([
      { role: 'PRODUCT', massKg: '72.27' },
      { role: 'RESIDUE', massKg: '0.73' },
    ]);
    expect(byElement.Tb).toMatchObject({ inputsKg: '9.4', outputsKg: '9.4', imbalanceKg: '0' });
    expect(byElement.Fe).toMatchObject({ inputsKg: '796', outputsKg: '796', imbalanceKg: '0' });

    const [leachKpis] = (await ok(tokens.auditor, Queries.kpis, { runId: leachRunId })).concentrationRunKpis;
    expect(leachKpis.recoveries).toEqual([
      { element: 'Dy', inputKg: '73', recoveredKg: '72.27', percent: '99' },
      { element: 'Tb', inputKg: '9.4', recoveredKg: '9.306', percent: '99' },
    ]);
    // Nd 299 / 302 = 99.0066225...; Fe DF = (796 / 82.4) / (557.2 / 81.576) = 1.4142857...
    expect(leachKpis.dissolutionYields).toEqual([
      { element: 'Dy', percent: '99' },
      { element: 'Fe', percent: '70' },
      { element: 'Nd', percent: '99.006623' },
      { element: 'Pr', percent: '99' },
      { element: 'Tb', percent: '99' },
    ]);
    expect(leachKpis.decontaminationFactors[0]).toEqual({
      impurity: 'Fe',
      feedRatio: '9.660194',
      concentrateRatio: '6.83044',
      factor: '1.414286',
    });

    // ---- Bad input to concentration's own mutations: refused with field, value and rule; no run planned.
    const runsSince = async () =>
      (await ok(tokens.auditor, Queries.runs, { from: startedAt.toISOString(), first: 100 }))
        .concentrationRuns.items.length as number;
    const runsBefore = await runsSince();
    const hot = await call(tokens.mes, Mutations.planLeaching, {
      key: key('leach-plan-hot'),
      input: {
        equipmentId: 'R-101',
        workOrder: 'WO-2026-19',
        leaching: { acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '3', temperatureCelsius: '300' },
      },
    });
    expect(hot.errors?.[0]).toMatchObject({
      message: 'leaching.temperatureCelsius: got 300, must be at least 0 °C and at most 250 °C',
      extensions: { code: 'OUT_OF_RANGE', field: 'leaching.temperatureCelsius', value: '300' },
    });
    const unknownBatch = await call(tokens.mes, Mutations.planAdsorption, {
      key: key('ads-plan-unknown'),
      input: {
        equipmentId: 'C-2',
        workOrder: 'WO-2026-19',
        adsorption: {
          adsorbentBatchId: `NO-SUCH-${tag}`,
          cycleNumber: 1,
          column: 'C-2',
          bedVolumeL: '500',
          feedVolumeL: '40000',
          ph: '2.5',
          temperatureCelsius: '25',
        },
      },
    });
    expect(unknownBatch.errors?.[0]?.extensions).toMatchObject({
      code: 'UNKNOWN_ADSORBENT',
      field: 'adsorption.adsorbentBatchId',
    });
    expect(await runsSince()).toBe(runsBefore);

    // ---- A run whose outputs hold 5 % more Dy than its inputs completes only with an override.
    // The last 200 kg of the magnet lot carry 200 x 0.06 = 12 kg Dy; the product declares 12.6 kg.
    const overRunId: string = (
      await ok(tokens.mes, Mutations.planLeaching, {
        key: key('over-plan'),
        input: {
          equipmentId: 'R-102',
          workOrder: 'WO-2026-20',
          leaching: { acid: 'SULFURIC', acidConcentrationMolPerL: '2', temperatureCelsius: '60' },
        },
      })
    ).concentrationPlanLeachingRun.runId;
    await ok(tokens.mes, Mutations.start, { key: key('over-start'), input: { runId: overRunId } });
    await ok(tokens.mes, Mutations.take, {
      key: key('over-take'),
      input: { runId: overRunId, lotId: magnet.id },
    });
    await ok(tokens.mes, Mutations.declare, {
      key: key('over-out'),
      input: {
        runId: overRunId,
        lotCode: key('PLS-OVER'),
        role: 'PRODUCT',
        mass: kg('200'),
        composition: fractions({ Dy: '0.063', Tb: '0.008', Nd: '0.24', Pr: '0.05', Fe: '0.62' }),
      },
    });
    const open = await call(tokens.mes, Mutations.complete, {
      key: key('over-complete'),
      input: { runId: overRunId },
    });
    expect(open.errors?.[0]?.extensions?.code).toBe('BALANCE_NOT_CLOSED');
    expect((await ok(tokens.auditor, Queries.run, { id: overRunId })).concentrationRun.status).toBe(
      'STARTED',
    );
    await ok(tokens.mes, Mutations.complete, {
      key: key('over-complete-override'),
      input: { runId: overRunId, overrideReason: 'liquor assay re-run ordered; Dy reading suspected high' },
    });
    const overRun = (await ok(tokens.auditor, Queries.run, { id: overRunId })).concentrationRun;
    expect(overRun.status).toBe('COMPLETED');
    expect(overRun.balance.elements.find((e: any) => e.element === 'Dy')).toMatchObject({
      inputsKg: '12',
      outputsKg: '12.6',
      imbalanceKg: '-0.6',
      closes: false,
    });
    expect((await ok(tokens.mes, Queries.lot, { id: magnet.id })).concentrationLot.remainingKg).toBe('0');

    // ---- Adsorption: all 20 t of ore on cycle 2 of a new adsorbent batch.
    const adsorbentCode = `ADS-${tag}`;
    await ok(tokens.operator, Mutations.registerAdsorbent, {
      key: key('ads-register'),
      input: { code: adsorbentCode, material: 'DGA-functionalised silica' },
    });
    await ok(tokens.operator, Mutations.recordCapacity, {
      key: key('ads-cycle-1'),
      input: {
        adsorbentBatchId: adsorbentCode,
        cycleNumber: 1,
        capacityMgPerG: '50',
        measuredAt: '2026-05-01T01:00:00.000Z',
      },
    });
    const adsorptionRunId: string = (
      await ok(tokens.mes, Mutations.planAdsorption, {
        key: key('ads-plan-1'),
        input: {
          externalId: key('MES-ADS'),
          equipmentId: 'C-2',
          workOrder: 'WO-2026-18',
          adsorption: {
            adsorbentBatchId: adsorbentCode,
            cycleNumber: 2,
            column: 'C-2',
            bedVolumeL: '500',
            feedVolumeL: '40000',
            ph: '2.5',
            temperatureCelsius: '25',
          },
        },
      })
    ).concentrationPlanAdsorptionRun.runId;
    await ok(tokens.mes, Mutations.start, { key: key('ads-start'), input: { runId: adsorptionRunId } });
    await ok(tokens.mes, Mutations.take, {
      key: key('ads-take'),
      input: { runId: adsorptionRunId, lotId: ore.id, mass: { value: '20', unit: 'TNE' } },
    });
    // Fed: Dy 10 kg, Tb 2, Fe 1,000, Al 1,600, U 0.8, Th 1.6. Concentrate 200 kg: Dy 9.505, Tb 1.901,
    // Fe 2.08, Al 2.14, U 0.008, Th 0.00016; residue 19,800 kg: the rest.
    const concentrateLotId: string = (
      await ok(tokens.mes, Mutations.declare, {
        key: key('ads-out-concentrate'),
        input: {
          runId: adsorptionRunId,
          lotCode: key('HRE-2026-0001'),
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
        },
      })
    ).concentrationDeclareOutput.lotIds[0];
    const residueLotId: string = (
      await ok(tokens.mes, Mutations.declare, {
        key: key('ads-out-residue'),
        input: {
          runId: adsorptionRunId,
          lotCode: key('ARS-2026-0001'),
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
        },
      })
    ).concentrationDeclareOutput.lotIds[0];
    await ok(tokens.mes, Mutations.complete, { key: key('ads-complete'), input: { runId: adsorptionRunId } });
    const capacity = (
      await ok(tokens.operator, Mutations.recordCapacity, {
        key: key('ads-cycle-2'),
        input: {
          adsorbentBatchId: adsorbentCode,
          cycleNumber: 2,
          capacityMgPerG: '39',
          measuredAt: '2026-05-02T01:00:00.000Z',
          runId: adsorptionRunId,
        },
      })
    ).concentrationRecordAdsorbentCapacity.batch;
    // 39 of 50 mg/g: 22 % of the first-cycle capacity lost, above the 20 % allowed.
    expect(capacity).toEqual({
      capacityHistory: [
        { cycleNumber: 1, capacityMgPerG: '50' },
        { cycleNumber: 2, capacityMgPerG: '39' },
      ],
      capacityLossShare: '0.22',
      capacityWarning: true,
    });

    expect((await ok(tokens.mes, Queries.lot, { id: ore.id })).concentrationLot.remainingKg).toBe('0');
    const adsorptionRun = (await ok(tokens.auditor, Queries.run, { id: adsorptionRunId })).concentrationRun;
    expect(adsorptionRun.status).toBe('COMPLETED');
    const adsorbed = Object.fromEntries(adsorptionRun.balance.elements.map((e: any) => [e.element, e]));
    expect(adsorbed.Dy).toMatchObject({ inputsKg: '10', outputsKg: '10', imbalanceKg: '0' });
    expect(adsorbed.Th).toMatchObject({ inputsKg: '1.6', outputsKg: '1.6', imbalanceKg: '0' });
    const [adsorptionKpis] = (await ok(tokens.auditor, Queries.kpis, { runId: adsorptionRunId }))
      .concentrationRunKpis;
    expect(adsorptionKpis.recoveries).toEqual([
      { element: 'Dy', inputKg: '10', recoveredKg: '9.505', percent: '95.05' },
      { element: 'Tb', inputKg: '2', recoveredKg: '1.901', percent: '95.05' },
    ]);
    // Dy + Tb: feed 12 kg, concentrate 11.406 kg. Fe (1000 / 12) / (2.08 / 11.406) = 456.9711538...;
    // Al (1600 / 12) / (2.14 / 11.406) = 710.6542056...; U (0.8 / 12) / (0.008 / 11.406) = 95.05;
    // Th (1.6 / 12) / (0.00016 / 11.406) = 9505.
    expect(adsorptionKpis.decontaminationFactors.map((d: any) => [d.impurity, d.factor])).toEqual([
      ['Fe', '456.971154'],
      ['Al', '710.654206'],
      ['U', '95.05'],
      ['Th', '9505'],
    ]);
    // Residue: U 40 ppm x 12.3 / 1000 = 0.492 and Th 80.8 ppm x 4.1 / 1000 = 0.33128: 0.82328, cleared.
    expect(
      (await ok(tokens.auditor, Queries.screenings, { lotIds: [residueLotId] }))
        .concentrationResidueScreenings,
    ).toEqual([
      {
        lotId: residueLotId,
        uraniumPpm: '40',
        thoriumPpm: '80.8',
        sumOfRatios: '0.82328',
        threshold: '1',
        outcome: 'CLEARED',
      },
    ]);
    // KPIs of the three runs completed in this scenario, two per page, by completion time.
    const page = (await ok(tokens.auditor, Queries.kpiPage, { first: 2, from: startedAt.toISOString() }))
      .concentrationRunKpisPage;
    expect(page.items.map((i: any) => i.runId)).toEqual([leachRunId, overRunId]);
    const next = (
      await ok(tokens.auditor, Queries.kpiPage, {
        first: 2,
        from: startedAt.toISOString(),
        after: page.endCursor,
      })
    ).concentrationRunKpisPage;
    expect(next.items.map((i: any) => i.runId)).toEqual([adsorptionRunId]);
    expect(next.endCursor).toBeNull();

    // ---- The concentrate goes to separation.
    const offered = (
      await ok(tokens.mes, Mutations.handOver, {
        key: key('hand-over-hre'),
        input: { lotId: concentrateLotId, toService: 'separation' },
      })
    ).concentrationHandOverLot;
    expect(offered.lots[0]).toMatchObject({ id: concentrateLotId, custody: 'OFFERED_OUT', massKg: '200' });

    // ---- Events, per aggregate, in order.
    expect(await eventTypes(concentration, magnet.id)).toEqual([
      'lot.received.v1',
      'lot.quantity-taken.v1',
      'lot.quantity-taken.v1',
    ]);
    expect(await eventTypes(concentration, overRunId)).toEqual([
      'run.planned.v1',
      'run.started.v1',
      'run.imbalance-overridden.v1',
      'run.completed.v1',
    ]);
    expect(await eventTypes(concentration, swarf.id)).toEqual(['lot.received.v1', 'lot.quantity-taken.v1']);
    // One measurements event: the resend of duplicates and the refused unit published nothing.
    expect(await eventTypes(concentration, leachRunId)).toEqual([
      'run.planned.v1',
      'run.started.v1',
      'run.measurements-recorded.v1',
      'run.completed.v1',
    ]);
    expect(await eventTypes(concentration, liquor)).toEqual(['lot.produced.v1']);
    expect(await eventTypes(concentration, concentrateLotId)).toEqual([
      'lot.produced.v1',
      'lot.custody-transferred.v1',
    ]);

    // ---- Webhooks, signed: the three lots entering custody and the three runs completing.
    const runIds = [leachRunId, overRunId, adsorptionRunId];
    await waitFor(
      () =>
        received.filter((r) => r.type === 'lot.custody.entered' && ours.has(r.subject)).length === 3 &&
        received.filter((r) => r.type === 'run.state.changed' && runIds.includes(r.subject)).length === 3,
      'the MES received the webhooks',
      { timeoutMs: 60_000 },
    );
    expect(received.every((r) => r.signed)).toBe(true);
    return {
      leachRunId,
      adsorptionRunId,
      concentrateLotId,
      lotIds: { magnet: magnet.id, swarf: swarf.id, ore: ore.id },
    };
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
}
