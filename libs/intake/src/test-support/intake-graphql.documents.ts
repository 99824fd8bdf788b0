/** GraphQL documents the integration tests send, as a client would. */
export const LOT_FIELDS = `
  id code gs1Identifier organisationId status custodian receivedAt sourceEvidenceRef
  facts { supplierSiteId materialKind sourceCategory countryOfOrigin
    declaredMass { value unit }
    weighing { ticketNumber vehicle scale gross { value unit } tare { value unit } net { value unit } }
    moistureFraction { value unit } }
  registeredFacts { countryOfOrigin declaredMass { value unit } weighing { net { value unit } } }
  massCheck { declared { value unit } net { value unit } difference { value unit } relativeDifference { value unit } tolerance { value unit } disputed }
  containers { kind count }
  declaredComposition { basis sum { value unit } contents { element value unit uncertainty } }
  currentAssay { id } currentAssayReason
  assays { id method sampleId reason isCurrent composition { basis contents { element value unit uncertainty } } }
  screenings { id assayId uraniumPpm thoriumPpm uraniumBqPerG thoriumBqPerG sumOfRatios threshold outcome }
  decisions { id kind reason disposition state decidedBy { subject organisationId } approvedBy { subject }
    withdrawalReason withdrawnBy { subject organisationId } withdrawnAt }
  pendingDecision { id }
  transfers { id route state mass { value unit } refusalReason offeredBy { subject } answeredBy { subject } }
  documents { id name version kind mediaType sha256 sizeBytes downloadPath uploadedBy { subject } }
  manifest { id number issuerId wasteType form speciallyControlled issuedOn
    slips { slip dueOn returnedOn overdue } reports { kind completedOn dueOn sentOn late } }
  corrections { id field oldValue newValue reason correctedBy { subject organisationId } }
`;

const payload = `{ replayed recordIds lot { ${LOT_FIELDS} } }`;

export const REGISTER_LOT = `mutation ($input: RegisterLotInput!, $key: String) { registerLot(input: $input, idempotencyKey: $key) ${payload} }`;
export const RECORD_ASSAY = `mutation ($input: RecordAssayInput!, $key: String) { recordAssay(input: $input, idempotencyKey: $key) ${payload} }`;
export const SCREEN_LOT = `mutation ($input: ScreenLotInput!, $key: String) { screenLot(input: $input, idempotencyKey: $key) ${payload} }`;
export const RELEASE_LOT = `mutation ($input: ReleaseLotInput!, $key: String) { releaseLot(input: $input, idempotencyKey: $key) ${payload} }`;
export const REJECT_LOT = `mutation ($input: RejectLotInput!, $key: String) { rejectLot(input: $input, idempotencyKey: $key) ${payload} }`;
export const WITHDRAW_LOT_DECISION = `mutation ($input: WithdrawLotDecisionInput!, $key: String) { withdrawLotDecision(input: $input, idempotencyKey: $key) ${payload} }`;
export const APPROVE_LOT_DECISION = `mutation ($input: ApproveLotDecisionInput!, $key: String) { approveLotDecision(input: $input, idempotencyKey: $key) ${payload} }`;
export const TRANSFER_LOT = `mutation ($input: TransferLotInput!, $key: String) { transferLot(input: $input, idempotencyKey: $key) ${payload} }`;
export const ACCEPT_LOT_TRANSFER = `mutation ($input: AcceptLotTransferInput!, $key: String) { acceptLotTransfer(input: $input, idempotencyKey: $key) ${payload} }`;
export const REFUSE_LOT_TRANSFER = `mutation ($input: RefuseLotTransferInput!, $key: String) { refuseLotTransfer(input: $input, idempotencyKey: $key) ${payload} }`;
export const CORRECT_LOT = `mutation ($input: CorrectLotInput!, $key: String) { correctLot(input: $input, idempotencyKey: $key) ${payload} }`;
export const RECORD_MANIFEST_SLIP_RETURN = `mutation ($input: RecordManifestSlipReturnInput!, $key: String) { recordManifestSlipReturn(input: $input, idempotencyKey: $key) ${payload} }`;
export const RECORD_MANIFEST_REPORT = `mutation ($input: RecordManifestReportInput!, $key: String) { recordManifestReport(input: $input, idempotencyKey: $key) ${payload} }`;
export const OVERDUE_MANIFEST_SLIPS = `query ($asOf: String) { overdueManifestSlips(asOf: $asOf) { asOf slips { lotId lotCode organisationId manifestNumber issuerId slip dueOn daysOverdue } } }`;
export const LOT = `query ($id: ID!) { lot(id: $id) { ${LOT_FIELDS} } }`;
export const LOTS = `query ($filter: LotFilter, $first: Int, $after: String) {
  lots(filter: $filter, first: $first, after: $after) { edges { cursor node { id code status organisationId facts { materialKind sourceCategory } } } pageInfo { endCursor hasNextPage } }
}`;

/** 1000 kg declared; weighbridge 1250.5 kg gross, 250.5 kg tare: 1000 kg net. */
export function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    supplierSiteId: 'site-yard-1',
    materialKind: 'EV_MOTOR_MAGNET',
    sourceCategory: 'POST_CONSUMER',
    sourceEvidenceRef: 'doc-dismantling-cert-7',
    countryOfOrigin: 'JP',
    declaredMass: { value: '1000', unit: 'KGM' },
    weighing: {
      ticketNumber: 'WB-2026-0001',
      vehicle: 'truck 12-34',
      scale: 'weighbridge-1',
      gross: { value: '1250.5', unit: 'KGM' },
      tare: { value: '250.5', unit: 'KGM' },
    },
    moistureFraction: { value: '0.8', unit: 'P1' },
    containers: [{ kind: 'drum', count: 4 }],
    receivedAt: '2026-03-02T08:00:00.000Z',
    declaredComposition: [
      { element: 'Nd', value: '25', unit: 'P1' },
      { element: 'Dy', value: '4.5', unit: 'P1' },
    ],
    ...overrides,
  };
}

/** An ICP-OES assay of a magnet lot with U and Th in ppm. */
export function assay(
  lotId: string,
  uraniumPpm: string,
  thoriumPpm: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    lotId,
    method: 'ICP_OES',
    sampleId: `S-${lotId.slice(-6)}`,
    analysedAt: '2026-03-02T10:00:00.000Z',
    reason: 'initial',
    contents: [
      { element: 'Nd', value: '25.1', unit: 'P1', uncertainty: '0.3' },
      { element: 'Pr', value: '5.2', unit: 'P1' },
      { element: 'Dy', value: '4.2', unit: 'P1', uncertainty: '0.1' },
      { element: 'Tb', value: '0.6', unit: 'P1' },
      { element: 'Fe', value: '61.9', unit: 'P1' },
      { element: 'B', value: '1', unit: 'P1' },
      { element: 'U', value: uraniumPpm, unit: '59' },
      { element: 'Th', value: thoriumPpm, unit: '59' },
    ],
    ...overrides,
  };
}
