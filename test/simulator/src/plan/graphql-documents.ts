/**
 * The GraphQL operations the simulator sends, by name: only the public API, as recyclers, the lab
 * and the plant's MES use it. Answers select just what the driver captures and checks.
 */
const LOT_PAYLOAD = '{ replayed recordIds lot { id code status } }';
const RUN_PAYLOAD = '{ replayed runId lotIds recordIds }';
const lotMutation = (name: string, input: string) =>
  `mutation ($input: ${input}!, $key: String) { ${name}(input: $input, idempotencyKey: $key) ${LOT_PAYLOAD} }`;
const runMutation = (name: string, input: string) =>
  `mutation ($input: ${input}!, $key: String) { ${name}(input: $input, idempotencyKey: $key) ${RUN_PAYLOAD} }`;
const salesMutation = (name: string, input: string) =>
  `mutation ($input: ${input}!, $key: String) { ${name}(input: $input, idempotencyKey: $key) { replayed ids } }`;
const plannedRun = (name: string, input: string) =>
  `mutation ($input: ${input}!, $key: String) { ${name}(input: $input, idempotencyKey: $key) { replayed runId lotIds } }`;

export const GRAPHQL_DOCUMENTS = {
  registerLot: lotMutation('registerLot', 'RegisterLotInput'),
  recordAssay: lotMutation('recordAssay', 'RecordAssayInput'),
  screenLot: lotMutation('screenLot', 'ScreenLotInput'),
  releaseLot: lotMutation('releaseLot', 'ReleaseLotInput'),
  rejectLot: lotMutation('rejectLot', 'RejectLotInput'),
  transferLot: lotMutation('transferLot', 'TransferLotInput'),
  acceptLotTransfer: lotMutation('acceptLotTransfer', 'AcceptLotTransferInput'),
  registerAdsorbentBatch: `mutation ($input: ConcentrationRegisterAdsorbentBatchInput!, $key: String) {
    concentrationRegisterAdsorbentBatch(input: $input, idempotencyKey: $key) { replayed batch { id code } } }`,
  recordAdsorbentCapacity: `mutation ($input: ConcentrationRecordAdsorbentCapacityInput!, $key: String) {
    concentrationRecordAdsorbentCapacity(input: $input, idempotencyKey: $key) { replayed batch { capacityWarning } } }`,
  retireAdsorbentBatch: `mutation ($input: ConcentrationRetireAdsorbentBatchInput!, $key: String) {
    concentrationRetireAdsorbentBatch(input: $input, idempotencyKey: $key) { replayed batch { retiredAt } } }`,
  planLeachingRun: `mutation ($input: ConcentrationPlanLeachingRunInput!, $key: String) {
    concentrationPlanLeachingRun(input: $input, idempotencyKey: $key) { replayed runId } }`,
  planAdsorptionRun: `mutation ($input: ConcentrationPlanAdsorptionRunInput!, $key: String) {
    concentrationPlanAdsorptionRun(input: $input, idempotencyKey: $key) { replayed runId } }`,
  startRun: runMutation('concentrationStartRun', 'ConcentrationRunRefInput'),
  takeInput: runMutation('concentrationTakeInput', 'ConcentrationTakeInputInput'),
  declareOutput: runMutation('concentrationDeclareOutput', 'ConcentrationDeclareOutputInput'),
  recordLosses: runMutation('concentrationRecordLosses', 'ConcentrationRecordLossesInput'),
  completeRun: runMutation('concentrationCompleteRun', 'ConcentrationCompleteRunInput'),
  correctRun: runMutation('concentrationCorrectRun', 'ConcentrationCorrectRunInput'),
  handOverConcentrate: runMutation('concentrationHandOverLot', 'ConcentrationHandOverLotInput'),

  // ---- separation: the plant's separation MES
  separationAcceptLot: runMutation('separationAcceptLot', 'SeparationAcceptLotInput'),
  separationPlanSolventExtraction: plannedRun(
    'separationPlanSolventExtractionRun',
    'SeparationPlanSolventExtractionRunInput',
  ),
  separationPlanPrecipitation: plannedRun(
    'separationPlanPrecipitationRun',
    'SeparationPlanPrecipitationRunInput',
  ),
  separationPlanCalcination: plannedRun('separationPlanCalcinationRun', 'SeparationPlanCalcinationRunInput'),
  separationStartRun: runMutation('separationStartRun', 'SeparationRunRefInput'),
  separationTakeInput: runMutation('separationTakeInput', 'SeparationTakeInputInput'),
  separationRecordDistributionRatios: `mutation ($input: SeparationRecordDistributionRatiosInput!, $key: String) {
    separationRecordDistributionRatios(input: $input, idempotencyKey: $key) { runId separationFactor { beta } } }`,
  separationDeclareFraction: plannedRun('separationDeclareFraction', 'SeparationDeclareFractionInput'),
  separationDeclareOutput: runMutation('separationDeclareOutput', 'SeparationDeclareOutputInput'),
  separationDeclareOxide: plannedRun('separationDeclareOxide', 'SeparationDeclareOxideInput'),
  separationRecordLosses: runMutation('separationRecordLosses', 'SeparationRecordLossesInput'),
  separationCompleteRun: runMutation('separationCompleteRun', 'SeparationCompleteRunInput'),
  separationHandOverLot: runMutation('separationHandOverLot', 'SeparationHandOverLotInput'),

  // ---- reduction: the plant's reduction MES
  reductionAcceptLot: runMutation('reductionAcceptLot', 'ReductionAcceptLotInput'),
  reductionReceiveLot: runMutation('reductionReceiveLot', 'ReductionReceiveLotInput'),
  reductionPlanElectrolysis: `mutation ($input: ReductionPlanElectrolysisInput!, $key: String) {
    reductionPlanElectrolysis(input: $input, idempotencyKey: $key) { replayed runId } }`,
  reductionPlanDistillation: `mutation ($input: ReductionPlanDistillationInput!, $key: String) {
    reductionPlanDistillation(input: $input, idempotencyKey: $key) { replayed runId } }`,
  reductionStartRun: runMutation('reductionStartRun', 'ReductionRunRefInput'),
  reductionTakeInput: runMutation('reductionTakeInput', 'ReductionTakeInputInput'),
  reductionRecordMeasurements: `mutation ($input: ReductionMeasurementBatchInput!, $key: String) {
    recordReductionMeasurements(input: $input, idempotencyKey: $key) { replayed series { kind accepted duplicates } } }`,
  reductionDeclareOutput: runMutation('reductionDeclareOutput', 'ReductionDeclareOutputInput'),
  reductionRecordLosses: runMutation('reductionRecordLosses', 'ReductionRecordLossesInput'),
  reductionCompleteRun: runMutation('reductionCompleteRun', 'ReductionCompleteRunInput'),
  reductionCorrectRun: runMutation('reductionCorrectRun', 'ReductionCorrectRunInput'),
  reductionHandOverLot: runMutation('reductionHandOverLot', 'ReductionHandOverLotInput'),

  // ---- sales: the plant's sales desk, entering its customers' orders
  salesAcceptLot: salesMutation('salesAcceptLot', 'SalesAcceptLotInput'),
  salesDefineGrade: salesMutation('salesDefineGrade', 'SalesDefineGradeInput'),
  salesRegisterCustomer: salesMutation('salesRegisterCustomer', 'SalesRegisterCustomerInput'),
  salesPlaceOrder: salesMutation('salesPlaceOrder', 'SalesPlaceOrderInput'),
  salesAllocate: salesMutation('salesAllocate', 'SalesAllocateInput'),
  salesShip: salesMutation('salesShip', 'SalesShipInput'),
  salesCancelOrder: `mutation ($orderId: ID!, $reason: String!, $key: String) {
    salesCancelOrder(orderId: $orderId, reason: $reason, idempotencyKey: $key) { replayed ids } }`,
} as const;

export type OperationName = keyof typeof GRAPHQL_DOCUMENTS;

/** The field of `data` that holds a mutation's answer. */
export function answerField(operation: OperationName): string {
  const match = /\{\s*(\w+)\(/.exec(GRAPHQL_DOCUMENTS[operation]);
  if (!match?.[1]) throw new Error(`no root field in ${operation}`);
  return match[1];
}

/** The lots offered to sales and not answered yet, for the driver's waits (sales has no single-lot query). */
export const SALES_OFFERED_LOTS = '{ salesLots(custody: "OFFERED") { lotId custody massKg } }';

/** Reads a service's view of one lot, for the driver's waits. */
export function lotQuery(service: 'concentration' | 'separation' | 'reduction'): string {
  return `query ($id: String!) { ${service}Lot(id: $id) { custody remainingKg composition { element fraction } } }`;
}
