/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read as untyped JSON, as in the spec files that run this scenario */
import { waitFor } from '@rre/testing';
import type { DataSource } from 'typeorm';
import type { RunningPlatform } from '../bootstrap';
import { scenarioClient, type ScenarioClient } from './concentration-scenario';
import { outboxTypes, runSeparationScenario } from './separation-scenario';

/**
 * The scenario with known numbers, through GraphQL on a running platform: a Tb4O7 lot in
 * reduction's custody becomes a Tb-Zn alloy in an electrolysis batch at 100 A for 10 h (5.0 V),
 * then a Tb metal lot by vacuum distillation, with the cathode zinc recovered as its own lot; the
 * metal goes to sales. Every expected figure is worked out by hand in the comments.
 */

const LOT_FIELDS = 'id code custody massKg remainingKg';
const PAYLOAD = `{ runId lotIds recordIds replayed lots { ${LOT_FIELDS} } }`;
const m = (name: string, input: string) =>
  `mutation ($input: ${input}!, $key: String) { ${name}(input: $input, idempotencyKey: $key) ${PAYLOAD} }`;
export const ReductionMutations = {
  planElectrolysis: `mutation ($input: ReductionPlanElectrolysisInput!, $key: String) {
    reductionPlanElectrolysis(input: $input, idempotencyKey: $key) { runId replayed } }`,
  planDistillation: `mutation ($input: ReductionPlanDistillationInput!, $key: String) {
    reductionPlanDistillation(input: $input, idempotencyKey: $key) { runId replayed } }`,
  receive: m('reductionReceiveLot', 'ReductionReceiveLotInput'),
  accept: m('reductionAcceptLot', 'ReductionAcceptLotInput'),
  start: m('reductionStartRun', 'ReductionRunRefInput'),
  take: m('reductionTakeInput', 'ReductionTakeInputInput'),
  declare: m('reductionDeclareOutput', 'ReductionDeclareOutputInput'),
  losses: m('reductionRecordLosses', 'ReductionRecordLossesInput'),
  complete: m('reductionCompleteRun', 'ReductionCompleteRunInput'),
  handOver: m('reductionHandOverLot', 'ReductionHandOverLotInput'),
  recordMeasurements: `mutation ($input: ReductionMeasurementBatchInput!, $key: String) {
    recordReductionMeasurements(input: $input, idempotencyKey: $key) {
      series { kind unit received accepted duplicates late } } }`,
};
const PERFORMANCE = `metalKg chargeAh theoreticalMetalKg currentEfficiencyPercent dcEnergyKwh heatingEnergyKwh
  totalEnergyKwh dcKwhPerKg totalKwhPerKg co2Kg co2KgPerKg baseline { temperatureCelsius kwhPerKg co2KgPerKg }
  energySavingKwhPerKg energySavingPercent co2SavingKgPerKg co2SavingKg`;
const COVERAGE = `maxGapSeconds from to durationSeconds coveredSeconds uncoveredSeconds
  uncovered { from to seconds } excludedSamples { quantityKind measuredAt value quality reason }`;
export const ReductionQueries = {
  lot: `query ($id: String!) { reductionLot(id: $id) { ${LOT_FIELDS} composition { element fraction } } }`,
  run: `query ($id: String!) { reductionRun(id: $id) { id kind status parametersJson
    inputs { lotId netMassKg } outputs { lotId role massKg }
    balance { closes elements { element inputsKg outputsKg lossesKg imbalanceKg closes } } } }`,
  runs: `query ($from: DateTime, $first: Int) { reductionRuns(from: $from, first: $first) { items { id } } }`,
  kpis: `query ($runId: ID!) { reductionRunKpis(runId: $runId) { runId revision kind provisional
    electrolysis { targetElement cathodeAlloy electrolyte operatingTemperatureCelsius
      performance { ${PERFORMANCE} } coverage { ${COVERAGE} } }
    distillation { targetElement temperatureCelsius pressurePa durationHours metalLotKg targetElementKg
      purityPercent fedTargetKg recoveryPercent recoveredAlloyMetalKg } } }`,
  period: `query ($from: DateTime, $to: DateTime) { reductionPeriodKpis(from: $from, to: $to) {
    electrolysisBatches distillationRuns distilledMetalLotKg distilledTargetElementKg
    electrolysis { ${PERFORMANCE} } } }`,
  batchMeasurements: `query ($runId: ID!) { reductionBatchMeasurements(runId: $runId) {
    chargeAh dcEnergyKwh coverage { ${COVERAGE} } } }`,
  faraday: `{ reductionFaradayConstants { element faradayCPerMol electronsPerAtom molarMassGPerMol gramsPerAmpereHour } }`,
};

const kg = (value: string) => ({ value, unit: 'KGM' });
const fractions = (contents: Record<string, string>) => ({
  unit: 'C62',
  contents: Object.entries(contents).map(([element, value]) => ({ element, value })),
});

/** `minutes` after 2026-03-02T08:00:00Z, as the MES sends it (JST, +09:00). */
function jst(minutes: number): string {
  const at = new Date(Date.UTC(2026, 2, 2, 8, 0, 0) + minutes * 60_000);
  const local = new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+09:00`;
}

function series(
  kind: 'CURRENT' | 'VOLTAGE',
  unit: string,
  samples: { minute: number; value: string; quality?: string }[],
) {
  return {
    kind,
    tag: kind === 'CURRENT' ? 'EC-3-I' : 'EC-3-U',
    unit,
    samples: samples.map((s) => ({
      measuredAt: jst(s.minute),
      value: s.value,
      quality: s.quality ?? 'GOOD',
    })),
  };
}

const minutes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The outbox rows of reduction for one key (a lot or a run), as `type` in order. */
async function eventTypes(reduction: DataSource, key: string): Promise<string[]> {
  const rows = (await reduction.query(`SELECT type FROM reduction.outbox WHERE key = $1 ORDER BY id`, [
    key,
  ])) as { type: string }[];
  return rows.map((row) => row.type.replace('rre.reduction.', ''));
}

export interface ReductionScenarioResult {
  electrolysisRunId: string;
  distillationRunId: string;
  oxideLotId: string;
  alloyLotId: string;
  metalLotId: string;
}

/** Runs the scenario; throws (through Jest's expect) on the first figure that differs. */
export async function runReductionScenario(
  client: ScenarioClient,
  reduction: DataSource,
): Promise<ReductionScenarioResult> {
  const { ok, call, tokens } = client;
  // Keys, ids and codes unique to this run, so that a database or broker reused by an earlier run
  // replays nothing of it.
  const tag = Date.now().toString(36);
  const key = (name: string) => `${tag}-${name}`;
  const startedAt = new Date();

  expect((await ok(tokens.auditor, ReductionQueries.faraday)).reductionFaradayConstants).toEqual([
    {
      element: 'Tb',
      faradayCPerMol: '96485.33212',
      electronsPerAtom: 3,
      molarMassGPerMol: '158.925354',
      gramsPerAmpereHour: '1.976574',
    },
    {
      element: 'Dy',
      faradayCPerMol: '96485.33212',
      electronsPerAtom: 3,
      molarMassGPerMol: '162.5',
      gramsPerAmpereHour: '2.021033',
    },
  ]);

  // ---- Lots in reduction's custody: 2.2 kg Tb4O7 (Tb 85 %, O 15 %: 1.87 kg Tb) from separation,
  // the cathode zinc (6.4 kg) and the LiCl-KCl salt (20 kg, a reagent outside the balance).
  const oxideLotId = `TBO-${tag}`;
  await ok(tokens.mes, ReductionMutations.receive, {
    key: key('receive-oxide'),
    input: {
      lotId: oxideLotId,
      lotCode: `TB4O7-${tag}`,
      kind: 'MATERIAL',
      mass: kg('2.2'),
      composition: fractions({ Tb: '0.85', O: '0.15' }),
      compositionStatus: 'FINAL',
      description: 'Tb4O7 from separation',
    },
  });
  const zincLotId = `ZN-${tag}`;
  await ok(tokens.mes, ReductionMutations.receive, {
    key: key('receive-zinc'),
    input: {
      lotId: zincLotId,
      lotCode: `ZN-${tag}`,
      kind: 'MATERIAL',
      mass: kg('6.4'),
      composition: fractions({ Zn: '1' }),
      compositionStatus: 'FINAL',
    },
  });
  const saltLotId = `SALT-${tag}`;
  await ok(tokens.mes, ReductionMutations.receive, {
    key: key('receive-salt'),
    input: { lotId: saltLotId, lotCode: `LICL-KCL-${tag}`, kind: 'REAGENT', mass: kg('20') },
  });

  // ---- Bad input is refused with field, value and rule, and plans nothing.
  const runsSince = async () =>
    (await ok(tokens.auditor, ReductionQueries.runs, { from: startedAt.toISOString(), first: 100 }))
      .reductionRuns.items.length as number;
  const electrolysis = {
    cell: 'EC-3',
    electrolyte: 'LiCl-KCl',
    cathodeAlloy: 'Zn',
    anode: 'graphite',
    operatingTemperatureCelsius: '500',
    targetElement: 'Tb',
    currentTag: 'EC-3-I',
    voltageTag: 'EC-3-U',
  };
  const hot = await call(tokens.mes, ReductionMutations.planElectrolysis, {
    key: key('plan-hot'),
    input: {
      equipmentId: 'EC-3',
      workOrder: 'WO-R-1',
      electrolysis: { ...electrolysis, operatingTemperatureCelsius: '1100' },
    },
  });
  expect(hot.errors?.[0]).toMatchObject({
    message:
      'electrolysis.operatingTemperatureCelsius: got 1100, must be within the process window 400-1000 °C, or come with an override reason (electrolysis.temperatureOverrideReason)',
    extensions: {
      code: 'TEMPERATURE_OUTSIDE_WINDOW',
      field: 'electrolysis.operatingTemperatureCelsius',
      value: '1100',
    },
  });
  const iron = await call(tokens.mes, ReductionMutations.planElectrolysis, {
    key: key('plan-iron'),
    input: {
      equipmentId: 'EC-3',
      workOrder: 'WO-R-1',
      electrolysis: { ...electrolysis, cathodeAlloy: 'Fe' },
    },
  });
  expect(iron.errors?.[0]?.extensions).toMatchObject({
    code: 'INVALID_INPUT',
    field: 'electrolysis.cathodeAlloy',
    value: '"Fe"',
  });
  expect(await runsSince()).toBe(0);

  // ---- The electrolysis batch.
  const electrolysisRunId: string = (
    await ok(tokens.mes, ReductionMutations.planElectrolysis, {
      key: key('plan-batch'),
      input: { externalId: key('MES-EC-3-001'), equipmentId: 'EC-3', workOrder: 'WO-R-1', electrolysis },
    })
  ).reductionPlanElectrolysis.runId;
  await ok(tokens.mes, ReductionMutations.start, {
    key: key('start-batch'),
    input: { runId: electrolysisRunId },
  });
  for (const lotId of [oxideLotId, zincLotId, saltLotId]) {
    await ok(tokens.mes, ReductionMutations.take, {
      key: key(`take-${lotId}`),
      input: { runId: electrolysisRunId, lotId },
    });
  }
  // Outputs: 8 kg Tb-Zn alloy at 20 % Tb (1.6 kg Tb), 20 kg spent salt at 1.25 % Tb (0.25 kg), and
  // 0.02 kg Tb to the off-gas: 1.6 + 0.25 + 0.02 = 1.87 kg, the Tb of the oxide.
  const alloyLotId: string = (
    await ok(tokens.mes, ReductionMutations.declare, {
      key: key('out-alloy'),
      input: {
        runId: electrolysisRunId,
        lotCode: `TBZN-${tag}`,
        role: 'PRODUCT',
        mass: kg('8'),
        composition: fractions({ Tb: '0.2', Zn: '0.8' }),
        compositionStatus: 'FINAL',
        materialKind: 'RE_ALLOY',
      },
    })
  ).reductionDeclareOutput.lotIds[0];
  await ok(tokens.mes, ReductionMutations.declare, {
    key: key('out-salt'),
    input: {
      runId: electrolysisRunId,
      lotCode: `SALT-SPENT-${tag}`,
      role: 'RESIDUE',
      mass: kg('20'),
      composition: fractions({ Tb: '0.0125' }),
      compositionStatus: 'FINAL',
      materialKind: 'SPENT_SALT',
    },
  });
  await ok(tokens.mes, ReductionMutations.losses, {
    key: key('losses-batch'),
    input: {
      runId: electrolysisRunId,
      losses: [{ element: 'Tb', mass: kg('0.02'), kind: 'OFF_GAS', note: 'anode gas scrubber' }],
    },
  });
  // A batch is not completed before its current and voltage are recorded; nothing changes.
  const early = await call(tokens.mes, ReductionMutations.complete, {
    key: key('complete-early'),
    input: { runId: electrolysisRunId },
  });
  expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'runId' });
  expect(early.errors?.[0]?.message).toContain('must have a CURRENT series tagged "EC-3-I" recorded');

  // 100 A and 5.0 V every minute for 10 h (601 samples each), sent in two batches, the later half first.
  const hours = minutes(0, 600);
  const send = (name: string, part: number[]) =>
    ok(tokens.mes, ReductionMutations.recordMeasurements, {
      key: key(name),
      input: {
        runId: electrolysisRunId,
        series: [
          series(
            'CURRENT',
            'AMP',
            part.map((minute) => ({ minute, value: '100' })),
          ),
          series(
            'VOLTAGE',
            'VLT',
            part.map((minute) => ({ minute, value: '5.0' })),
          ),
        ],
      },
    });
  await send('samples-late-half', hours.slice(300));
  const earlierHalf = (await send('samples-early-half', hours.slice(0, 301))).recordReductionMeasurements;
  // Minute 300 was in both: a duplicate; the 300 earlier ones are late.
  expect(earlierHalf.series[0]).toMatchObject({ received: 301, accepted: 300, duplicates: 1, late: 300 });

  await ok(tokens.mes, ReductionMutations.complete, {
    key: key('complete-batch'),
    input: { runId: electrolysisRunId },
  });
  const batch = (await ok(tokens.auditor, ReductionQueries.run, { id: electrolysisRunId })).reductionRun;
  expect(batch).toMatchObject({ kind: 'ELECTROLYSIS', status: 'COMPLETED' });
  expect(batch.balance.closes).toBe(true);
  expect(batch.balance.elements.find((e: any) => e.element === 'Tb')).toMatchObject({
    inputsKg: '1.87',
    outputsKg: '1.85',
    lossesKg: '0.02',
    imbalanceKg: '0',
  });

  const [batchKpis] = (await ok(tokens.auditor, ReductionQueries.kpis, { runId: electrolysisRunId }))
    .reductionRunKpis;
  expect(batchKpis).toMatchObject({ kind: 'ELECTROLYSIS', revision: 1, provisional: false });
  expect(batchKpis.electrolysis).toMatchObject({
    targetElement: 'Tb',
    cathodeAlloy: 'Zn',
    electrolyte: 'LiCl-KCl',
    operatingTemperatureCelsius: '500',
  });
  // Charge 100 A x 36,000 s = 1000 Ah; theoretical 1000 Ah x 1.976574 g/Ah = 1.976574 kg; current
  // efficiency 1.600 / 1.976574 = 80.9 % (1.600 / (100 x 10 x 1.977 g/Ah) = 80.93 % with the rounded
  // figure). DC 5.0 V x 100 A x 10 h = 5 kWh, 3.125 kWh/kg; heating 0.5 kW x 10 h = 5 kWh; total
  // 10 kWh, 6.25 kWh/kg; CO2 10 x 0.45 = 4.5 kg, 2.8125 kg/kg. Baseline (calcium-thermal, 1450 °C,
  // 10.4 kWh/kg, 4.68 kg CO2/kg): 4.15 kWh/kg (39.9 %) and 1.8675 kg CO2/kg saved, 2.988 kg on the batch.
  expect(batchKpis.electrolysis.performance).toEqual({
    metalKg: '1.6',
    chargeAh: '1000',
    theoreticalMetalKg: '1.976574',
    currentEfficiencyPercent: '80.948135',
    dcEnergyKwh: '5',
    heatingEnergyKwh: '5',
    totalEnergyKwh: '10',
    dcKwhPerKg: '3.125',
    totalKwhPerKg: '6.25',
    co2Kg: '4.5',
    co2KgPerKg: '2.8125',
    baseline: { temperatureCelsius: '1450', kwhPerKg: '10.4', co2KgPerKg: '4.68' },
    energySavingKwhPerKg: '4.15',
    energySavingPercent: '39.903846',
    co2SavingKgPerKg: '1.8675',
    co2SavingKg: '2.988',
  });
  expect(batchKpis.electrolysis.coverage).toMatchObject({
    from: '2026-03-02T08:00:00Z',
    to: '2026-03-02T18:00:00Z',
    durationSeconds: '36000',
    coveredSeconds: '36000',
    uncoveredSeconds: '0',
    uncovered: [],
    excludedSamples: [],
  });

  // ---- Guards on a second batch's series: a bad sample, a negative current, a 12-minute outage.
  const guardRunId: string = (
    await ok(tokens.mes, ReductionMutations.planElectrolysis, {
      key: key('plan-guard'),
      input: {
        equipmentId: 'EC-4',
        workOrder: 'WO-R-2',
        electrolysis: {
          ...electrolysis,
          cell: 'EC-4',
          operatingTemperatureCelsius: '1050',
          temperatureOverrideReason:
            'trial of a LiF-based melt above the window, approved by the plant manager',
        },
      },
    })
  ).reductionPlanElectrolysis.runId;
  const guardRun = (await ok(tokens.auditor, ReductionQueries.run, { id: guardRunId })).reductionRun;
  expect(JSON.parse(guardRun.parametersJson)).toMatchObject({
    operatingTemperatureCelsius: '1050',
    temperatureOverrideReason: 'trial of a LiF-based melt above the window, approved by the plant manager',
  });
  await ok(tokens.mes, ReductionMutations.start, { key: key('start-guard'), input: { runId: guardRunId } });
  // 50 A and 4.0 V each minute for an hour; 00:10 a failed sensor, 00:20 a reversed current, nothing 00:30-00:40.
  const hour = minutes(0, 60).filter((minute) => minute < 30 || minute > 40);
  const guard = {
    runId: guardRunId,
    series: [
      series(
        'CURRENT',
        'AMP',
        hour.map((minute) =>
          minute === 10
            ? { minute, value: '9999', quality: 'BAD_SENSOR_FAILURE' }
            : minute === 20
              ? { minute, value: '-5' }
              : { minute, value: '50' },
        ),
      ),
      series(
        'VOLTAGE',
        'VLT',
        hour.map((minute) => ({ minute, value: '4.0' })),
      ),
    ],
  };
  await ok(tokens.mes, ReductionMutations.recordMeasurements, { key: key('guard-samples'), input: guard });
  const resent = (
    await ok(tokens.mes, ReductionMutations.recordMeasurements, { key: key('guard-resent'), input: guard })
  ).recordReductionMeasurements;
  expect(resent.series.map((s: any) => [s.kind, s.accepted, s.duplicates])).toEqual([
    ['CURRENT', 0, 50],
    ['VOLTAGE', 0, 50],
  ]);
  // Bridged (gaps under 300 s): 0-9, 9-11, 11-19, 19-21, 21-29 and 41-60 min, 2,880 s; 29-41 min
  // (720 s) is not. Charge 50 A x 2,880 s = 40 Ah; DC 4.0 V x 50 A x 2,880 s = 0.16 kWh.
  const measured = (await ok(tokens.auditor, ReductionQueries.batchMeasurements, { runId: guardRunId }))
    .reductionBatchMeasurements;
  expect(measured).toEqual({
    chargeAh: '40',
    dcEnergyKwh: '0.16',
    coverage: {
      maxGapSeconds: '300',
      from: '2026-03-02T08:00:00Z',
      to: '2026-03-02T09:00:00Z',
      durationSeconds: '3600',
      coveredSeconds: '2880',
      uncoveredSeconds: '720',
      uncovered: [{ from: '2026-03-02T08:29:00Z', to: '2026-03-02T08:41:00Z', seconds: '720' }],
      excludedSamples: [
        {
          quantityKind: 'CURRENT',
          measuredAt: '2026-03-02T08:10:00Z',
          value: '9999',
          quality: 'BAD_SENSOR_FAILURE',
          reason: 'BAD_QUALITY',
        },
        {
          quantityKind: 'CURRENT',
          measuredAt: '2026-03-02T08:20:00Z',
          value: '-5',
          quality: 'GOOD',
          reason: 'NEGATIVE_VALUE',
        },
      ],
    },
  });

  // ---- Vacuum distillation of the alloy: 1.59 kg Tb metal at 99 % Tb (1.5741 kg), 6.39 kg zinc
  // recovered at 0.4 % Tb (0.02556 kg), 0.00034 kg Tb evaporated: 1.6 kg in, 1.6 kg out.
  const distillationRunId: string = (
    await ok(tokens.mes, ReductionMutations.planDistillation, {
      key: key('plan-distillation'),
      input: {
        equipmentId: 'VD-1',
        workOrder: 'WO-R-3',
        distillation: { temperatureCelsius: '850', pressurePa: '5', durationHours: '4', targetElement: 'Tb' },
      },
    })
  ).reductionPlanDistillation.runId;
  await ok(tokens.mes, ReductionMutations.start, {
    key: key('start-distillation'),
    input: { runId: distillationRunId },
  });
  await ok(tokens.mes, ReductionMutations.take, {
    key: key('take-alloy'),
    input: { runId: distillationRunId, lotId: alloyLotId },
  });
  const metalLotId: string = (
    await ok(tokens.mes, ReductionMutations.declare, {
      key: key('out-metal'),
      input: {
        runId: distillationRunId,
        lotCode: `TB-METAL-${tag}`,
        role: 'PRODUCT',
        mass: kg('1.59'),
        composition: fractions({ Tb: '0.99', Zn: '0.01' }),
        compositionStatus: 'FINAL',
        materialKind: 'RE_METAL',
      },
    })
  ).reductionDeclareOutput.lotIds[0];
  const zincBackLotId: string = (
    await ok(tokens.mes, ReductionMutations.declare, {
      key: key('out-zinc'),
      input: {
        runId: distillationRunId,
        lotCode: `ZN-BACK-${tag}`,
        role: 'BY_PRODUCT',
        mass: kg('6.39'),
        composition: fractions({ Zn: '0.996', Tb: '0.004' }),
        compositionStatus: 'FINAL',
        materialKind: 'CATHODE_METAL',
      },
    })
  ).reductionDeclareOutput.lotIds[0];
  await ok(tokens.mes, ReductionMutations.losses, {
    key: key('losses-distillation'),
    input: { runId: distillationRunId, losses: [{ element: 'Tb', mass: kg('0.00034'), kind: 'OFF_GAS' }] },
  });
  await ok(tokens.mes, ReductionMutations.complete, {
    key: key('complete-distillation'),
    input: { runId: distillationRunId },
  });
  const distillation = (await ok(tokens.auditor, ReductionQueries.run, { id: distillationRunId }))
    .reductionRun;
  expect(distillation.balance.elements.find((e: any) => e.element === 'Tb')).toMatchObject({
    inputsKg: '1.6',
    outputsKg: '1.59966',
    lossesKg: '0.00034',
    imbalanceKg: '0',
    closes: true,
  });
  const [distilled] = (await ok(tokens.auditor, ReductionQueries.kpis, { runId: distillationRunId }))
    .reductionRunKpis;
  // Purity 1.5741 / 1.59 = 99 %; recovery 1.5741 / 1.6 = 98.38125 %.
  expect(distilled.distillation).toEqual({
    targetElement: 'Tb',
    temperatureCelsius: '850',
    pressurePa: '5',
    durationHours: '4',
    metalLotKg: '1.59',
    targetElementKg: '1.5741',
    purityPercent: '99',
    fedTargetKg: '1.6',
    recoveryPercent: '98.38125',
    recoveredAlloyMetalKg: '6.39',
  });
  expect((await ok(tokens.mes, ReductionQueries.lot, { id: zincBackLotId })).reductionLot).toMatchObject({
    custody: 'HELD',
    remainingKg: '6.39',
  });

  // ---- KPIs of the period: the one completed batch and the distillation.
  const period = (await ok(tokens.auditor, ReductionQueries.period, { from: startedAt.toISOString() }))
    .reductionPeriodKpis;
  expect(period).toMatchObject({
    electrolysisBatches: 1,
    distillationRuns: 1,
    distilledMetalLotKg: '1.59',
    distilledTargetElementKg: '1.5741',
  });
  expect(period.electrolysis).toMatchObject({
    metalKg: '1.6',
    currentEfficiencyPercent: '80.948135',
    totalKwhPerKg: '6.25',
    co2KgPerKg: '2.8125',
    co2SavingKgPerKg: '1.8675',
  });

  // ---- The metal goes to sales.
  const offered = (
    await ok(tokens.mes, ReductionMutations.handOver, {
      key: key('hand-over-metal'),
      input: { lotId: metalLotId, toService: 'sales' },
    })
  ).reductionHandOverLot;
  expect(offered.lots[0]).toMatchObject({ id: metalLotId, custody: 'OFFERED_OUT', massKg: '1.59' });

  // ---- Events, per aggregate, in order.
  expect(await eventTypes(reduction, oxideLotId)).toEqual(['lot.received.v1', 'lot.quantity-taken.v1']);
  expect(await eventTypes(reduction, electrolysisRunId)).toEqual([
    'run.planned.v1',
    'run.started.v1',
    'run.losses-recorded.v1',
    'run.measurements-recorded.v1',
    'run.measurements-recorded.v1',
    'run.completed.v1',
    'run.energy-recorded.v1',
  ]);
  expect(await eventTypes(reduction, alloyLotId)).toEqual(['lot.produced.v1', 'lot.quantity-taken.v1']);
  expect(await eventTypes(reduction, distillationRunId)).toEqual([
    'run.planned.v1',
    'run.started.v1',
    'run.losses-recorded.v1',
    'run.completed.v1',
  ]);
  expect(await eventTypes(reduction, metalLotId)).toEqual(['lot.produced.v1', 'lot.custody-transferred.v1']);
  // The guard batch's resend published nothing: one measurements event.
  expect(await eventTypes(reduction, guardRunId)).toEqual([
    'run.planned.v1',
    'run.started.v1',
    'run.measurements-recorded.v1',
  ]);
  return { electrolysisRunId, distillationRunId, oxideLotId, alloyLotId, metalLotId };
}

/**
 * The chain before reduction: intake -> concentration -> separation, whose scenario ends by offering
 * its Tb4O7 lot (12.437 kg at 99.3 %) to reduction; reduction learns of the offer from separation's
 * lot events, an operator accepts it, and separation, hearing reduction's answer, lets it go.
 */
export async function receiveTerbiumOxideFromSeparation(
  platform: RunningPlatform,
  dataDir: string,
): Promise<string> {
  const [concentration, separation, reduction] = ['concentration', 'separation', 'reduction'].map((name) =>
    platform.info.dataSources.get(name),
  );
  if (!concentration || !separation || !reduction)
    throw new Error('the platform runs the three process services');
  const client = await scenarioClient(platform, dataDir);
  const { ok, tokens } = client;
  const { terbiumOxideLotId } = await runSeparationScenario(client, { concentration, separation });
  const reductionLot = async () =>
    (await ok(tokens.auditor, ReductionQueries.lot, { id: terbiumOxideLotId })).reductionLot;
  await waitFor(async () => (await reductionLot())?.custody === 'OFFERED', 'reduction received the offer', {
    timeoutMs: 60_000,
  });
  // Tb: 0.993 x 635.701416 / 747.694416 = 0.844264... of the oxide, as separation stated it.
  const offered = await reductionLot();
  expect(offered).toMatchObject({ custody: 'OFFERED', massKg: '12.437' });
  expect(offered.composition.find((c: any) => c.element === 'Tb').fraction).toMatch(/^0\.844264/);

  const accepted = (
    await ok(tokens.operator, ReductionMutations.accept, {
      key: `${terbiumOxideLotId}-accept`,
      input: { lotId: terbiumOxideLotId },
    })
  ).reductionAcceptLot;
  expect(accepted.lots[0]).toMatchObject({ custody: 'HELD', remainingKg: '12.437' });
  await waitFor(
    async () =>
      (
        await ok(tokens.auditor, `query ($id: String!) { separationLot(id: $id) { custody } }`, {
          id: terbiumOxideLotId,
        })
      ).separationLot.custody === 'HANDED_OVER',
    'separation let the lot go',
    { timeoutMs: 60_000 },
  );
  expect(await outboxTypes(reduction, 'reduction', terbiumOxideLotId)).toEqual([
    'lot.received.v1',
    'lot.custody-accepted.v1',
  ]);
  return terbiumOxideLotId;
}
