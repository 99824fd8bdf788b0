/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read as untyped JSON */
import { waitFor } from '@rre/testing';
import type { GatewayClient } from './gateway-client';

/**
 * The chain of issue 9 through the gateway, with the figures of the one-process platform's
 * scenarios (services/platform/src/test-support: concentration, separation, reduction, traceability)
 * so that the Tb traced at the end is the same to the milligram:
 *
 * intake: magnet 1,000 kg (Tb 0.8 %, post-consumer), swarf 500 kg (Tb 0.6 %, pre-consumer), low-grade
 *   ore 20 t (Tb 100 ppm, primary), assayed, screened and handed to concentration;
 * concentration: leaching 800 kg of magnet + 500 kg of swarf (Tb 6.4 + 3 = 9.4 kg) -> liquor 4,000 kg
 *   (Tb 9.306) + residue 250 kg (Tb 0.094); adsorption of the ore (Tb 2 kg) -> concentrate 200 kg
 *   (Tb 1.901) + residue 19,800 kg (Tb 0.099);
 * separation: solvent extraction of concentrate + liquor (Tb 11.207) -> Tb-rich 500 kg (Tb 10.64665),
 *   Dy-rich, Nd/Pr, raffinate; oxalate precipitation -> 25 kg oxalate (Tb 10.5, Dy 0.075) + filtrate;
 *   calcination -> 12.437 kg Tb4O7 at 99.3 +- 0.1 % (Tb 10.500111828057067, Dy 0.07499511 kg);
 * reduction: electrolysis of the oxide on a 42 kg zinc cathode in 20 kg LiCl-KCl -> 52.5 kg Tb-Zn
 *   alloy (Tb 0.2 +- 0.00001: 10.5 kg, the 0.11 g short within the assays' uncertainty) + spent salt
 *   20 kg holding the oxide's Dy; vacuum distillation of the alloy -> 10.5 kg Tb metal + 42 kg zinc.
 *
 * Every process step runs in the service that owns it, in its own process; the hand-overs between
 * services travel as lot events on Kafka.
 */

const PAYLOAD = '{ runId lotIds recordIds replayed lots { id code custody massKg remainingKg } }';
const m = (name: string, input: string) =>
  `mutation ($input: ${input}!, $key: String) { ${name}(input: $input, idempotencyKey: $key) ${PAYLOAD} }`;
const own = (name: string, input: string, fields = '{ runId lotIds replayed }') =>
  `mutation ($input: ${input}!, $key: String) { ${name}(input: $input, idempotencyKey: $key) ${fields} }`;

const Intake = {
  registerLot: `mutation ($input: RegisterLotInput!) { registerLot(input: $input) { lot { id code status } } }`,
  recordAssay: `mutation ($input: RecordAssayInput!) { recordAssay(input: $input) { lot { id } } }`,
  screenLot: `mutation ($input: ScreenLotInput!) { screenLot(input: $input) { lot { status } } }`,
  transferLot: `mutation ($input: TransferLotInput!) { transferLot(input: $input) { recordIds lot { status } } }`,
  acceptLotTransfer: `mutation ($input: AcceptLotTransferInput!) { acceptLotTransfer(input: $input) { lot { custodian } } }`,
};
const Concentration = {
  planLeaching: own(
    'concentrationPlanLeachingRun',
    'ConcentrationPlanLeachingRunInput',
    '{ runId replayed }',
  ),
  planAdsorption: own(
    'concentrationPlanAdsorptionRun',
    'ConcentrationPlanAdsorptionRunInput',
    '{ runId replayed }',
  ),
  start: m('concentrationStartRun', 'ConcentrationRunRefInput'),
  take: m('concentrationTakeInput', 'ConcentrationTakeInputInput'),
  declare: m('concentrationDeclareOutput', 'ConcentrationDeclareOutputInput'),
  complete: m('concentrationCompleteRun', 'ConcentrationCompleteRunInput'),
  handOver: m('concentrationHandOverLot', 'ConcentrationHandOverLotInput'),
  registerAdsorbent: own(
    'concentrationRegisterAdsorbentBatch',
    'ConcentrationRegisterAdsorbentBatchInput',
    '{ replayed batch { id code } }',
  ),
  recordCapacity: own(
    'concentrationRecordAdsorbentCapacity',
    'ConcentrationRecordAdsorbentCapacityInput',
    '{ replayed batch { code } }',
  ),
  intakeLots: `query ($custody: String, $first: Int) { concentrationIntakeLots(custody: $custody, first: $first) {
    lotId route receivedMassKg } }`,
  lot: `query ($id: String!) { concentrationLot(id: $id) { id custody massKg remainingKg } }`,
  run: `query ($id: String!) { concentrationRun(id: $id) { status
    balance { closes elements { element inputsKg outputsKg imbalanceKg } } } }`,
};
const Separation = {
  accept: m('separationAcceptLot', 'SeparationAcceptLotInput'),
  start: m('separationStartRun', 'SeparationRunRefInput'),
  take: m('separationTakeInput', 'SeparationTakeInputInput'),
  declare: m('separationDeclareOutput', 'SeparationDeclareOutputInput'),
  complete: m('separationCompleteRun', 'SeparationCompleteRunInput'),
  handOver: m('separationHandOverLot', 'SeparationHandOverLotInput'),
  planSx: own('separationPlanSolventExtractionRun', 'SeparationPlanSolventExtractionRunInput'),
  planPrecipitation: own('separationPlanPrecipitationRun', 'SeparationPlanPrecipitationRunInput'),
  planCalcination: own('separationPlanCalcinationRun', 'SeparationPlanCalcinationRunInput'),
  ratios: own(
    'separationRecordDistributionRatios',
    'SeparationRecordDistributionRatiosInput',
    '{ runId separationFactor { beta } }',
  ),
  fraction: own('separationDeclareFraction', 'SeparationDeclareFractionInput'),
  oxide: own('separationDeclareOxide', 'SeparationDeclareOxideInput'),
  lot: `query ($id: String!) { separationLot(id: $id) { id custody massKg remainingKg } }`,
  run: `query ($id: String!) { separationRun(id: $id) { status
    balance { closes elements { element inputsKg outputsKg imbalanceKg closes } } } }`,
};
const Reduction = {
  planElectrolysis: own('reductionPlanElectrolysis', 'ReductionPlanElectrolysisInput', '{ runId replayed }'),
  planDistillation: own('reductionPlanDistillation', 'ReductionPlanDistillationInput', '{ runId replayed }'),
  receive: m('reductionReceiveLot', 'ReductionReceiveLotInput'),
  accept: m('reductionAcceptLot', 'ReductionAcceptLotInput'),
  start: m('reductionStartRun', 'ReductionRunRefInput'),
  take: m('reductionTakeInput', 'ReductionTakeInputInput'),
  declare: m('reductionDeclareOutput', 'ReductionDeclareOutputInput'),
  complete: m('reductionCompleteRun', 'ReductionCompleteRunInput'),
  recordMeasurements: own(
    'recordReductionMeasurements',
    'ReductionMeasurementBatchInput',
    '{ series { kind accepted } }',
  ),
  lot: `query ($id: String!) { reductionLot(id: $id) { id custody massKg remainingKg } }`,
  run: `query ($id: String!) { reductionRun(id: $id) { kind status
    balance { closes elements { element inputsKg outputsKg lossesKg imbalanceKg closes } } } }`,
};

const kg = (value: string) => ({ value, unit: 'KGM' });
const fractions = (contents: Record<string, string | [string, string]>) => ({
  unit: 'C62',
  contents: Object.entries(contents).map(([element, value]) =>
    Array.isArray(value) ? { element, value: value[0], uncertainty: value[1] } : { element, value },
  ),
});
const WAIT = { timeoutMs: 120_000, intervalMs: 250 };

export interface IntakeLot {
  id: string;
  code: string;
}

export interface ChainResult {
  lots: { magnet: IntakeLot; swarf: IntakeLot; ore: IntakeLot };
  runIds: {
    leaching: string;
    adsorption: string;
    solventExtraction: string;
    precipitation: string;
    calcination: string;
    electrolysis: string;
    distillation: string;
  };
  oxideLotId: string;
  alloyLotId: string;
  metalLotId: string;
  /** Every lot and run of the chain (the subjects of its events). */
  chainIds: string[];
}

/** The Tb balance of a run as the service that ran it reports it. */
function tbBalance(run: any): any {
  return run.balance.elements.find((e: any) => e.element === 'Tb');
}

/** Registers, assays, screens and hands a lot to concentration through intake; returns its id and code. */
async function handToConcentration(
  client: GatewayClient,
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
): Promise<IntakeLot> {
  const { ok, tokens } = client;
  const registered = (
    await ok(tokens.recycler, Intake.registerLot, {
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
  await ok(tokens.lab, Intake.recordAssay, {
    input: {
      lotId: registered.id,
      method: 'ICP_OES',
      sampleId: `S-${registered.id.slice(-6)}`,
      analysedAt: '2026-03-02T10:00:00.000Z',
      reason: 'initial',
      contents: Object.entries(lot.assay).map(([element, [value, unit]]) => ({ element, value, unit })),
    },
  });
  const screened = await ok(tokens.lab, Intake.screenLot, {
    input: { lotId: registered.id, uraniumPpm: lot.uraniumPpm, thoriumPpm: lot.thoriumPpm },
  });
  expect(screened.screenLot.lot.status).toBe('SCREENED_ACCEPTED');
  const offer = await ok(tokens.lab, Intake.transferLot, { input: { lotId: registered.id } });
  await ok(tokens.operator, Intake.acceptLotTransfer, {
    input: { transferId: offer.transferLot.recordIds[0] },
  });
  return { id: registered.id, code: registered.code };
}

/** Runs the chain; throws (through Jest's expect) on the first figure that differs. */
export async function runDistributedChain(client: GatewayClient): Promise<ChainResult> {
  const { ok, tokens } = client;
  // Keys and codes unique to this run: a broker reused by an earlier run replays nothing of it.
  const tag = Date.now().toString(36);
  const key = (name: string) => `${tag}-${name}`;
  const declaredLot = async (
    mutation: string,
    field: string,
    variables: Record<string, unknown>,
  ): Promise<string> => (await ok(tokens.mes, mutation, variables))[field].lotIds[0];

  // ---- Intake: three lots, each registered, assayed, screened and handed to concentration.
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
  // U 40 ppm and Th 80 ppm: 0.492 + 0.328 = 0.82 of the limits, cleared.
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

  // Concentration (another process) learns of the acceptances from intake's events on Kafka.
  const ours = new Set([magnet.id, swarf.id, ore.id]);
  const heldOfOurs = async () =>
    (
      await ok(tokens.auditor, Concentration.intakeLots, { custody: 'HELD', first: 100 })
    ).concentrationIntakeLots
      .filter((lot: any) => ours.has(lot.lotId))
      .map((lot: any) => [lot.lotId, lot.route, lot.receivedMassKg]);
  await waitFor(async () => (await heldOfOurs()).length === 3, 'concentration holds the three lots', WAIT);
  expect((await heldOfOurs()).sort()).toEqual(
    [
      [magnet.id, 'LEACHING', '1000'],
      [swarf.id, 'LEACHING', '500'],
      [ore.id, 'ADSORPTION', '20000'],
    ].sort(),
  );

  // ---- Leaching: 800 kg of magnet and all 500 kg of swarf. Tb fed 6.4 + 3 = 9.4 kg; liquor 4,000 kg
  // at 0.23265 % = 9.306 kg, residue 250 kg at 0.0376 % = 0.094 kg.
  const leaching: string = (
    await ok(tokens.mes, Concentration.planLeaching, {
      key: key('leach-plan'),
      input: {
        externalId: key('MES-LEACH'),
        equipmentId: 'R-101',
        workOrder: 'WO-2026-17',
        leaching: { acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '3', temperatureCelsius: '80' },
      },
    })
  ).concentrationPlanLeachingRun.runId;
  await ok(tokens.mes, Concentration.start, { key: key('leach-start'), input: { runId: leaching } });
  await ok(tokens.mes, Concentration.take, {
    key: key('leach-take-magnet'),
    input: { runId: leaching, lotId: magnet.id, mass: kg('800') },
  });
  await ok(tokens.mes, Concentration.take, {
    key: key('leach-take-swarf'),
    input: { runId: leaching, lotId: swarf.id },
  });
  const liquorLotId: string = (
    await ok(tokens.mes, Concentration.declare, {
      key: key('leach-liquor'),
      input: {
        runId: leaching,
        lotCode: key('PLS-0001'),
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
  const leachResidue = await declaredLot(Concentration.declare, 'concentrationDeclareOutput', {
    key: key('leach-residue'),
    input: {
      runId: leaching,
      lotCode: key('LRS-0001'),
      role: 'RESIDUE',
      mass: kg('250'),
      composition: fractions({ Dy: '0.00292', Tb: '0.000376', Nd: '0.012', Pr: '0.0024', Fe: '0.9552' }),
    },
  });
  await ok(tokens.mes, Concentration.complete, { key: key('leach-complete'), input: { runId: leaching } });
  const leached = (await ok(tokens.auditor, Concentration.run, { id: leaching })).concentrationRun;
  expect(leached.status).toBe('COMPLETED');
  expect(tbBalance(leached)).toMatchObject({ inputsKg: '9.4', outputsKg: '9.4', imbalanceKg: '0' });

  // ---- Adsorption: all 20 t of ore (Tb 2 kg) -> concentrate 200 kg at 0.9505 % = 1.901 kg Tb,
  // residue 19,800 kg at 5 ppm = 0.099 kg.
  const adsorbent = `ADS-${tag}`;
  await ok(tokens.operator, Concentration.registerAdsorbent, {
    key: key('ads-register'),
    input: { code: adsorbent, material: 'DGA-functionalised silica' },
  });
  await ok(tokens.operator, Concentration.recordCapacity, {
    key: key('ads-cycle-1'),
    input: {
      adsorbentBatchId: adsorbent,
      cycleNumber: 1,
      capacityMgPerG: '50',
      measuredAt: '2026-05-01T01:00:00.000Z',
    },
  });
  const adsorption: string = (
    await ok(tokens.mes, Concentration.planAdsorption, {
      key: key('ads-plan'),
      input: {
        externalId: key('MES-ADS'),
        equipmentId: 'C-2',
        workOrder: 'WO-2026-18',
        adsorption: {
          adsorbentBatchId: adsorbent,
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
  await ok(tokens.mes, Concentration.start, { key: key('ads-start'), input: { runId: adsorption } });
  await ok(tokens.mes, Concentration.take, {
    key: key('ads-take'),
    input: { runId: adsorption, lotId: ore.id, mass: { value: '20', unit: 'TNE' } },
  });
  const concentrateLotId: string = (
    await ok(tokens.mes, Concentration.declare, {
      key: key('ads-concentrate'),
      input: {
        runId: adsorption,
        lotCode: key('HRE-0001'),
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
  const adsorptionResidue = await declaredLot(Concentration.declare, 'concentrationDeclareOutput', {
    key: key('ads-residue'),
    input: {
      runId: adsorption,
      lotCode: key('ARS-0001'),
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
  });
  await ok(tokens.mes, Concentration.complete, { key: key('ads-complete'), input: { runId: adsorption } });
  const adsorbed = (await ok(tokens.auditor, Concentration.run, { id: adsorption })).concentrationRun;
  expect(adsorbed.status).toBe('COMPLETED');
  expect(tbBalance(adsorbed)).toMatchObject({ inputsKg: '2', outputsKg: '2', imbalanceKg: '0' });

  // ---- Concentrate and liquor go to separation, which accepts both once it has heard the offers.
  for (const lotId of [concentrateLotId, liquorLotId]) {
    await ok(tokens.mes, Concentration.handOver, {
      key: key(`hand-over-${lotId}`),
      input: { lotId, toService: 'separation' },
    });
  }
  const separationCustody = async (id: string) =>
    (await ok(tokens.auditor, Separation.lot, { id })).separationLot?.custody;
  await waitFor(
    async () =>
      (await separationCustody(concentrateLotId)) === 'OFFERED' &&
      (await separationCustody(liquorLotId)) === 'OFFERED',
    'separation received both offers',
    WAIT,
  );
  for (const lotId of [concentrateLotId, liquorLotId]) {
    await ok(tokens.operator, Separation.accept, { key: key(`accept-${lotId}`), input: { lotId } });
  }
  const concentrationCustody = async (id: string) =>
    (await ok(tokens.auditor, Concentration.lot, { id })).concentrationLot.custody;
  await waitFor(
    async () =>
      (await concentrationCustody(concentrateLotId)) === 'HANDED_OVER' &&
      (await concentrationCustody(liquorLotId)) === 'HANDED_OVER',
    "concentration settled its hand-overs from separation's answers",
    WAIT,
  );

  // ---- Solvent extraction: Tb fed 1.901 + 9.306 = 11.207 kg; Tb-rich 500 kg at 2.12933 % =
  // 10.64665, Dy-rich 800 kg 0.056035, Nd/Pr 1,600 kg 0.504315: 11.207 out.
  const solventExtraction: string = (
    await ok(tokens.mes, Separation.planSx, {
      key: key('sx-plan'),
      input: {
        externalId: key('MES-SX'),
        equipmentId: 'EFC-1',
        workOrder: 'WO-2026-31',
        solventExtraction: {
          extractant: { name: `HDEHP-X7-${tag}`, kind: 'NEW' },
          diluent: 'n-dodecane',
          contactor: { type: 'EMULSION_FLOW', volumeL: '90' },
          stages: { extraction: 8, scrub: 6, strip: 4 },
          organicFlowLPerH: '120',
          aqueousFlowLPerH: '60',
          ph: '1.5',
        },
      },
    })
  ).separationPlanSolventExtractionRun.runId;
  await ok(tokens.mes, Separation.start, { key: key('sx-start'), input: { runId: solventExtraction } });
  for (const lotId of [concentrateLotId, liquorLotId]) {
    await ok(tokens.mes, Separation.take, {
      key: key(`sx-take-${lotId}`),
      input: { runId: solventExtraction, lotId },
    });
  }
  const ratios = (
    await ok(tokens.mes, Separation.ratios, {
      key: key('sx-ratios'),
      input: {
        runId: solventExtraction,
        ratios: [
          { element: 'Dy', ratio: '3.2', uncertainty: '0.16' },
          { element: 'Tb', ratio: '0.8', uncertainty: '0.032' },
        ],
      },
    })
  ).separationRecordDistributionRatios;
  expect(ratios.separationFactor.beta).toBe('4');
  const fraction = async (name: string, input: Record<string, unknown>): Promise<string> =>
    (
      await ok(tokens.mes, Separation.fraction, {
        key: key(`sx-${name}`),
        input: { runId: solventExtraction, ...input },
      })
    ).separationDeclareFraction.lotIds[0];
  const tbRich = await fraction('tb-rich', {
    kind: 'TB_RICH',
    lotCode: key('TBR-0001'),
    massKg: '500',
    assay: fractions({ Tb: '0.0212933', Dy: '0.00016355' }),
    purityPercent: '99.24',
  });
  const dyRich = await fraction('dy-rich', {
    kind: 'DY_RICH',
    lotCode: key('DYR-0001'),
    massKg: '800',
    assay: fractions({ Dy: '0.100174375', Tb: '0.00007004375' }),
    purityPercent: '99.93',
  });
  const light = await fraction('light', {
    kind: 'LIGHT_RARE_EARTHS',
    lotCode: key('LRE-0001'),
    massKg: '1600',
    assay: fractions({ Nd: '0.186875', Pr: '0.037125', Dy: '0.000971078125', Tb: '0.000315196875' }),
    purityPercent: '99.43',
  });
  const raffinate = await fraction('raffinate', {
    kind: 'RAFFINATE',
    lotCode: key('RAF-0001'),
    massKg: '1600',
    assay: fractions({ Fe: '0.34955', Al: '0.0013375', Dy: '0', Tb: '0', Nd: '0', Pr: '0' }),
  });
  await ok(tokens.mes, Separation.complete, { key: key('sx-complete'), input: { runId: solventExtraction } });
  const extracted = (await ok(tokens.auditor, Separation.run, { id: solventExtraction })).separationRun;
  expect(extracted.status).toBe('COMPLETED');
  expect(tbBalance(extracted)).toMatchObject({ inputsKg: '11.207', outputsKg: '11.207', imbalanceKg: '0' });

  // ---- Precipitation: Tb-rich (Tb 10.64665) -> oxalate 25 kg at 42 % = 10.5 kg Tb (Dy 0.3 %: 0.075)
  // + filtrate 500 kg at 0.02933 % = 0.14665.
  const precipitation: string = (
    await ok(tokens.mes, Separation.planPrecipitation, {
      key: key('ppt-plan'),
      input: {
        equipmentId: 'PPT-1',
        workOrder: 'WO-2026-32',
        precipitation: { precipitant: 'OXALIC_ACID', temperatureCelsius: '60', ph: '1.2' },
      },
    })
  ).separationPlanPrecipitationRun.runId;
  await ok(tokens.mes, Separation.start, { key: key('ppt-start'), input: { runId: precipitation } });
  await ok(tokens.mes, Separation.take, {
    key: key('ppt-take'),
    input: { runId: precipitation, lotId: tbRich },
  });
  const oxalateLotId: string = (
    await ok(tokens.mes, Separation.declare, {
      key: key('ppt-oxalate'),
      input: {
        runId: precipitation,
        lotCode: key('TB-OX'),
        role: 'PRODUCT',
        mass: kg('25'),
        composition: fractions({ Tb: '0.42', Dy: '0.003' }),
      },
    })
  ).separationDeclareOutput.lotIds[0];
  const filtrate = await declaredLot(Separation.declare, 'separationDeclareOutput', {
    key: key('ppt-filtrate'),
    input: {
      runId: precipitation,
      lotCode: key('TB-FIL'),
      role: 'RESIDUE',
      mass: kg('500'),
      composition: fractions({ Tb: '0.0002933', Dy: '0.00001355' }),
    },
  });
  await ok(tokens.mes, Separation.complete, { key: key('ppt-complete'), input: { runId: precipitation } });

  // ---- Calcination: 12.437 kg Tb4O7 at 99.3 +- 0.1 %: Tb = 12.437 x 0.993 x 635.701416 / 747.694416
  // = 10.500111828057067 kg from 10.5 fed (0.11 g over, within 2 x 12.437 x 0.001 x 0.8502 = 0.021149).
  const calcination: string = (
    await ok(tokens.mes, Separation.planCalcination, {
      key: key('calc-plan'),
      input: {
        equipmentId: 'KILN-1',
        workOrder: 'WO-2026-33',
        calcination: { temperatureCelsius: '900', durationH: '2', atmosphere: 'AIR' },
      },
    })
  ).separationPlanCalcinationRun.runId;
  await ok(tokens.mes, Separation.start, { key: key('calc-start'), input: { runId: calcination } });
  await ok(tokens.mes, Separation.take, {
    key: key('calc-take'),
    input: { runId: calcination, lotId: oxalateLotId },
  });
  const oxideLotId: string = (
    await ok(tokens.mes, Separation.oxide, {
      key: key('calc-oxide'),
      input: {
        runId: calcination,
        oxide: 'TB4O7',
        lotCode: key('TBO-0001'),
        oxideMassKg: '12.437',
        purityPercent: '99.3',
        purityUncertaintyPercent: '0.1',
        impurities: [{ element: 'Dy', value: '0.00603', uncertainty: '0.0001' }],
      },
    })
  ).separationDeclareOxide.lotIds[0];
  await ok(tokens.mes, Separation.complete, { key: key('calc-complete'), input: { runId: calcination } });
  const calcined = (await ok(tokens.auditor, Separation.run, { id: calcination })).separationRun;
  expect(tbBalance(calcined)).toMatchObject({
    inputsKg: '10.5',
    outputsKg: '10.500111828057067',
    imbalanceKg: '-0.000111828057067',
    closes: true,
  });

  // ---- The oxide goes to reduction, which accepts it once it has heard the offer.
  await ok(tokens.mes, Separation.handOver, {
    key: key('hand-over-oxide'),
    input: { lotId: oxideLotId, toService: 'reduction' },
  });
  await waitFor(
    async () =>
      (await ok(tokens.auditor, Reduction.lot, { id: oxideLotId })).reductionLot?.custody === 'OFFERED',
    'reduction received the offer of the oxide',
    WAIT,
  );
  const accepted = (
    await ok(tokens.operator, Reduction.accept, { key: key('accept-oxide'), input: { lotId: oxideLotId } })
  ).reductionAcceptLot;
  expect(accepted.lots[0]).toMatchObject({ custody: 'HELD', remainingKg: '12.437' });

  // ---- Electrolysis: the oxide on a fresh zinc cathode (42 kg) in LiCl-KCl (20 kg, a reagent).
  const zincLotId = `ZN-${tag}`;
  await ok(tokens.mes, Reduction.receive, {
    key: key('receive-zinc'),
    input: {
      lotId: zincLotId,
      lotCode: `ZN-${tag}`,
      kind: 'MATERIAL',
      mass: kg('42'),
      composition: fractions({ Zn: '1' }),
      compositionStatus: 'FINAL',
    },
  });
  const saltLotId = `SALT-${tag}`;
  await ok(tokens.mes, Reduction.receive, {
    key: key('receive-salt'),
    input: { lotId: saltLotId, lotCode: `LICL-KCL-${tag}`, kind: 'REAGENT', mass: kg('20') },
  });
  const electrolysis: string = (
    await ok(tokens.mes, Reduction.planElectrolysis, {
      key: key('ec-plan'),
      input: {
        externalId: key('MES-EC-3'),
        equipmentId: 'EC-3',
        workOrder: 'WO-R-1',
        electrolysis: {
          cell: 'EC-3',
          electrolyte: 'LiCl-KCl',
          cathodeAlloy: 'Zn',
          anode: 'graphite',
          operatingTemperatureCelsius: '500',
          targetElement: 'Tb',
          currentTag: 'EC-3-I',
          voltageTag: 'EC-3-U',
        },
      },
    })
  ).reductionPlanElectrolysis.runId;
  await ok(tokens.mes, Reduction.start, { key: key('ec-start'), input: { runId: electrolysis } });
  for (const lotId of [oxideLotId, zincLotId, saltLotId]) {
    await ok(tokens.mes, Reduction.take, {
      key: key(`ec-take-${lotId}`),
      input: { runId: electrolysis, lotId },
    });
  }
  // Alloy 52.5 kg: Tb 0.2 +- 0.00001 (10.5 kg; the oxide's 10.500111828057067 less 0.11 g, within
  // 2 x 52.5 x 0.00001 = 0.00105 kg), Zn 0.8 (the cathode's 42 kg). The oxide's Dy (12.437 x 0.00603 =
  // 0.07499511 kg) stays in the spent salt: 20 kg x 0.0037497555.
  const alloyLotId: string = (
    await ok(tokens.mes, Reduction.declare, {
      key: key('ec-alloy'),
      input: {
        runId: electrolysis,
        lotCode: `TBZN-${tag}`,
        role: 'PRODUCT',
        mass: kg('52.5'),
        composition: fractions({ Tb: ['0.2', '0.00001'], Zn: '0.8' }),
        compositionStatus: 'FINAL',
        materialKind: 'RE_ALLOY',
      },
    })
  ).reductionDeclareOutput.lotIds[0];
  const spentSalt = await declaredLot(Reduction.declare, 'reductionDeclareOutput', {
    key: key('ec-salt'),
    input: {
      runId: electrolysis,
      lotCode: `SALT-SPENT-${tag}`,
      role: 'RESIDUE',
      mass: kg('20'),
      composition: fractions({ Dy: '0.0037497555' }),
      compositionStatus: 'FINAL',
      materialKind: 'SPENT_SALT',
    },
  });
  // 800 A at 4.0 V for 8 h, a sample every 4 minutes (JST, as the MES sends it).
  const samples = Array.from({ length: 121 }, (_, i) => i * 4).map((minute) => {
    const at = new Date(Date.UTC(2026, 2, 3, 0, minute, 0) + 9 * 3_600_000).toISOString().slice(0, 19);
    return `${at}+09:00`;
  });
  const measured = (
    await ok(tokens.mes, Reduction.recordMeasurements, {
      key: key('ec-samples'),
      input: {
        runId: electrolysis,
        series: [
          {
            kind: 'CURRENT',
            tag: 'EC-3-I',
            unit: 'AMP',
            samples: samples.map((measuredAt) => ({ measuredAt, value: '800', quality: 'GOOD' })),
          },
          {
            kind: 'VOLTAGE',
            tag: 'EC-3-U',
            unit: 'VLT',
            samples: samples.map((measuredAt) => ({ measuredAt, value: '4.0', quality: 'GOOD' })),
          },
        ],
      },
    })
  ).recordReductionMeasurements;
  expect(measured.series.map((s: any) => [s.kind, s.accepted])).toEqual([
    ['CURRENT', 121],
    ['VOLTAGE', 121],
  ]);
  await ok(tokens.mes, Reduction.complete, { key: key('ec-complete'), input: { runId: electrolysis } });
  const electrolysed = (await ok(tokens.auditor, Reduction.run, { id: electrolysis })).reductionRun;
  expect(electrolysed).toMatchObject({ kind: 'ELECTROLYSIS', status: 'COMPLETED' });
  expect(electrolysed.balance.closes).toBe(true);
  expect(tbBalance(electrolysed)).toMatchObject({
    inputsKg: '10.500111828057067',
    outputsKg: '10.5',
    lossesKg: '0',
    imbalanceKg: '0.000111828057067',
    closes: true,
  });

  // ---- Vacuum distillation of the alloy: 10.5 kg of Tb metal (Tb 1 +- 0.00002) and the 42 kg of zinc back.
  const distillation: string = (
    await ok(tokens.mes, Reduction.planDistillation, {
      key: key('vd-plan'),
      input: {
        equipmentId: 'VD-2',
        workOrder: 'WO-R-3',
        distillation: { temperatureCelsius: '850', pressurePa: '5', durationHours: '4', targetElement: 'Tb' },
      },
    })
  ).reductionPlanDistillation.runId;
  await ok(tokens.mes, Reduction.start, { key: key('vd-start'), input: { runId: distillation } });
  await ok(tokens.mes, Reduction.take, {
    key: key('vd-take'),
    input: { runId: distillation, lotId: alloyLotId },
  });
  const metalLotId: string = (
    await ok(tokens.mes, Reduction.declare, {
      key: key('vd-metal'),
      input: {
        runId: distillation,
        lotCode: `TB-METAL-${tag}`,
        role: 'PRODUCT',
        mass: kg('10.5'),
        composition: fractions({ Tb: ['1', '0.00002'] }),
        compositionStatus: 'FINAL',
        materialKind: 'RE_METAL',
      },
    })
  ).reductionDeclareOutput.lotIds[0];
  const zincBack = await declaredLot(Reduction.declare, 'reductionDeclareOutput', {
    key: key('vd-zinc'),
    input: {
      runId: distillation,
      lotCode: `ZN-BACK-${tag}`,
      role: 'BY_PRODUCT',
      mass: kg('42'),
      composition: fractions({ Zn: '1' }),
      compositionStatus: 'FINAL',
      materialKind: 'CATHODE_METAL',
    },
  });
  await ok(tokens.mes, Reduction.complete, { key: key('vd-complete'), input: { runId: distillation } });
  const distilled = (await ok(tokens.auditor, Reduction.run, { id: distillation })).reductionRun;
  expect(distilled).toMatchObject({ kind: 'VACUUM_DISTILLATION', status: 'COMPLETED' });
  expect(tbBalance(distilled)).toMatchObject({
    inputsKg: '10.5',
    outputsKg: '10.5',
    imbalanceKg: '0',
    closes: true,
  });

  const runIds = {
    leaching,
    adsorption,
    solventExtraction,
    precipitation,
    calcination,
    electrolysis,
    distillation,
  };
  return {
    lots: { magnet, swarf, ore },
    runIds,
    chainIds: [
      ...[magnet, swarf, ore].map((lot) => lot.id),
      ...[liquorLotId, leachResidue, concentrateLotId, adsorptionResidue, tbRich, dyRich, light, raffinate],
      ...[
        oxalateLotId,
        filtrate,
        oxideLotId,
        zincLotId,
        saltLotId,
        alloyLotId,
        spentSalt,
        metalLotId,
        zincBack,
      ],
      ...Object.values(runIds),
    ],
    oxideLotId,
    alloyLotId,
    metalLotId,
  };
}
