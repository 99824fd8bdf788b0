// Fully populated sample data of every registered event type, for the contracts' own tests.
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ChemicalForm, MaterialKind, MoistureBasis, ServiceName, SourceCategory } from '../proto/common-v1';
import {
  DecisionKind,
  DocumentKind,
  ManifestReportKind,
  ManifestSlip,
  QuarantineCause,
  RejectionDisposition,
  ScreeningOutcome,
} from '../proto/intake-v1';
import { ContentCategory } from '../proto/traceability-v1';
import {
  type EventDataInitOf,
  type EventType,
  IntakeEventTypes,
  SalesEventTypes,
  TraceabilityEventTypes,
} from '../event-types';

export const LOT_ID = '01JQ8X3V5T6N7P8R9S0A1B2C3D';
const lot = { lotId: LOT_ID, lotCode: 'L-2026-00042' };
const inspector = { subjectId: 'usr_7f3a9c', organisationId: 'org_plant_kitakyushu' };
const manager = { subjectId: 'usr_02b1e4', organisationId: 'org_plant_kitakyushu' };
const magnetComposition = {
  basis: { moisture: MoistureBasis.DRY, form: ChemicalForm.ELEMENT },
  contents: [
    { element: 'Nd', massFraction: '0.2450', unitCode: 'C62', uncertainty: '0.0050' },
    { element: 'Pr', massFraction: '0.0510', unitCode: 'C62', uncertainty: '0.0020' },
    { element: 'Dy', massFraction: '5.12', unitCode: 'P1', uncertainty: '0.10' },
    { element: 'Tb', massFraction: '4200', unitCode: '59', uncertainty: '150' },
    { element: 'B', massFraction: '0.0098', unitCode: 'C62' },
  ],
};

/** One sample per event type; the mapped type makes the compiler ask for a sample of every new type. */
export const SAMPLE_EVENT_DATA: { readonly [T in EventType]: EventDataInitOf<T> } = {
  [IntakeEventTypes.LotRegistered]: {
    lot,
    supplier: { organisationId: 'org_recycler_osaka' },
    supplierSite: { siteId: 'site_osaka_yard_2', organisationId: 'org_recycler_osaka', gln: '4512345000016' },
    materialKind: MaterialKind.EV_MOTOR_MAGNET,
    sourceCategory: SourceCategory.POST_CONSUMER,
    countryOfOrigin: 'JP',
    declaredMass: { value: '1250.000', unitCode: 'KGM' },
    weighedNetMass: { value: '1248.317', unitCode: 'KGM' },
    moistureFraction: { value: '0.8', unitCode: 'P1' },
    declaredComposition: magnetComposition,
    receivedAt: timestampFromDate(new Date('2026-01-31T09:30:00.123Z')),
    gs1Identifier: 'urn:epc:class:lgtin:4512345.012345.L-2026-00042',
    wasteManifestNumber: 'M-2026-000123',
  },
  [IntakeEventTypes.LotAssayed]: {
    lot,
    assayId: '01JQ8X4A0B1C2D3E4F5G6H7J8K',
    lab: { organisationId: 'org_lab_tsukuba' },
    method: 'ICP-OES',
    sampleId: 'S-2026-0042-01',
    composition: {
      basis: { moisture: MoistureBasis.DRY, form: ChemicalForm.OXIDE },
      contents: [
        { element: 'Dy', massFraction: '5.87', unitCode: 'P1', uncertainty: '0.12', oxideFormula: 'Dy2O3' },
        { element: 'Tb', massFraction: '0.494', unitCode: 'P1', uncertainty: '0.018', oxideFormula: 'Tb4O7' },
      ],
    },
    isCurrent: true,
    reason: 'initial',
    analysedAt: { seconds: 1769940000n, nanos: 500_000_000 },
  },
  [IntakeEventTypes.LotScreened]: {
    lot,
    uraniumPpm: '12.5',
    thoriumPpm: '40.2',
    uraniumLimitPpm: '81',
    thoriumLimitPpm: '246',
    sumOfRatios: '0.3177',
    threshold: '1',
    outcome: ScreeningOutcome.CLEARED,
    assayId: '01JQ8X4A0B1C2D3E4F5G6H7J8K',
  },
  [IntakeEventTypes.LotQuarantined]: {
    lot,
    cause: QuarantineCause.RADIOACTIVITY,
    reason: 'sum of ratios 1.21 above threshold 1',
    decidedBy: inspector,
  },
  [IntakeEventTypes.LotReleased]: {
    lot,
    reason: 're-measured: sum of ratios 0.62',
    decidedBy: inspector,
    approvedBy: manager,
    decisionId: '01JQ8X4Z9Y8X7W6V5T4S3R2Q1P',
  },
  [IntakeEventTypes.LotRejected]: {
    lot,
    reason: 'not NdFeB: ferrite magnets',
    decidedBy: inspector,
    approvedBy: manager,
    disposition: RejectionDisposition.RETURN_TO_SUPPLIER,
    decisionId: '01JQ8X4Z9Y8X7W6V5T4S3R2Q1P',
  },
  [IntakeEventTypes.LotCustodyTransferred]: {
    lot,
    transferId: '01JQ8X5B0C1D2E3F4G5H6J7K8M',
    fromService: ServiceName.INTAKE,
    toService: ServiceName.CONCENTRATION,
    mass: { value: '1248.317', unitCode: 'KGM' },
  },
  [IntakeEventTypes.LotCustodyAccepted]: {
    lot,
    transferId: '01JQ8X5B0C1D2E3F4G5H6J7K8M',
    custodian: ServiceName.CONCENTRATION,
    receivedMass: { value: '1248.300', unitCode: 'KGM' },
  },
  [IntakeEventTypes.LotCustodyRefused]: {
    lot,
    transferId: '01JQ8X5B0C1D2E3F4G5H6J7K8M',
    refusedBy: ServiceName.CONCENTRATION,
    reason: 'lot is still quarantined',
  },
  [IntakeEventTypes.LotCorrected]: {
    lot,
    correctsEventId: '01JQ8X3W0A1B2C3D4E5F6G7H8J',
    correctsEventType: IntakeEventTypes.LotRegistered,
    field: 'weighed_net_mass',
    oldValue: '{"value":"1248.317","unitCode":"KGM"}',
    newValue: '{"value":"1284.317","unitCode":"KGM"}',
    reason: 'digits transposed when keying the weighbridge ticket',
  },
  [IntakeEventTypes.LotDecisionProposed]: {
    lot,
    decisionId: '01JQ8X4Z9Y8X7W6V5T4S3R2Q1P',
    kind: DecisionKind.REJECT,
    reason: 'not NdFeB: ferrite magnets',
    disposition: RejectionDisposition.RETURN_TO_SUPPLIER,
    proposedBy: inspector,
  },
  [IntakeEventTypes.LotDecisionWithdrawn]: {
    lot,
    decisionId: '01JQ8X4Z9Y8X7W6V5T4S3R2Q1P',
    kind: DecisionKind.REJECT,
    reason: 'wrong lot: the ferrite magnets were lot L-2026-00043',
    withdrawnBy: inspector,
  },
  [IntakeEventTypes.LotManifestSlipReturned]: {
    lot,
    manifestNumber: '12345678901',
    issuerId: 'org_recycler_osaka',
    slip: ManifestSlip.D,
    dueOn: '2026-05-31',
    returnedOn: '2026-06-02',
    late: true,
  },
  [IntakeEventTypes.LotManifestReportRecorded]: {
    lot,
    manifestNumber: '12345678901',
    issuerId: 'org_recycler_osaka',
    reportId: '01JQ8X6A1B2C3D4E5F6G7H8J9K',
    kind: ManifestReportKind.DISPOSAL_COMPLETED,
    completedOn: '2026-03-10',
    dueOn: '2026-03-13',
    sentOn: '2026-03-16',
    late: true,
  },
  [IntakeEventTypes.LotDocumentAdded]: {
    lot,
    documentId: '01JQ8X6B2C3D4E5F6G7H8J9K0M',
    name: 'dismantling-certificate.pdf',
    version: 2,
    kind: DocumentKind.CERTIFICATE,
    mediaType: 'application/pdf',
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    sizeBytes: 482_113n,
  },
  [SalesEventTypes.LotShipped]: {
    lot,
    shipmentId: '01JQ8X7C3D4E5F6G7H8J9K0M1N',
    orderId: '01JQ8X7D4E5F6G7H8J9K0M1N2P',
    orderLineId: '01JQ8X7E5F6G7H8J9K0M1N2P3Q',
    customer: { organisationId: 'org_magnet_maker_nagoya' },
    deliverySite: {
      siteId: 'site_nagoya_plant_1',
      organisationId: 'org_magnet_maker_nagoya',
      gln: '4598765000013',
    },
    netMass: { value: '10.500', unitCode: 'KGM' },
    shippedAt: timestampFromDate(new Date('2026-11-20T06:00:00Z')),
    productCode: 'TB-METAL',
    passportId: 'p7Kq2VwX9mN4rT8bY3cJ6hL1sF5dG0aZ',
  },
  [TraceabilityEventTypes.RecycledContentStatementIssued]: {
    statementId: '01JQ8X8F6G7H8J9K0M1N2P3Q4R',
    lot,
    shipmentId: '01JQ8X7C3D4E5F6G7H8J9K0M1N',
    methodVersion: 'physical-allocation/1',
    chainOfCustodyModel: 'controlled blending: physical allocation through the genealogy',
    elements: [
      {
        element: 'Tb',
        mass: { value: '10.500000', unitCode: 'KGM' },
        categories: [
          {
            category: ContentCategory.POST_CONSUMER,
            mass: { value: '8.718833', unitCode: 'KGM' },
            share: { value: '0.830365', unitCode: 'C62' },
            shareUncertainty: { value: '0.012', unitCode: 'C62' },
          },
          {
            category: ContentCategory.PRE_CONSUMER,
            mass: { value: '1.781055', unitCode: 'KGM' },
            share: { value: '0.169624', unitCode: 'C62' },
          },
          {
            category: ContentCategory.UNATTRIBUTED,
            mass: { value: '0.000112', unitCode: 'KGM' },
            share: { value: '0.000011', unitCode: 'C62' },
            shareUncertainty: { value: '0.000004', unitCode: 'C62' },
          },
        ],
      },
    ],
    countriesOfOrigin: [
      {
        country: 'JP',
        element: 'Tb',
        mass: { value: '10.499888', unitCode: 'KGM' },
        share: { value: '0.999989', unitCode: 'C62' },
      },
    ],
    co2eKgPerKg: '41.2',
    inputsSha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
    issuedAt: timestampFromDate(new Date('2026-11-20T06:00:05Z')),
    restatesStatementId: '01JQ8X8E5F6G7H8J9K0M1N2P3Q',
    ledgerCheckpointId: '42',
    ledgerCheckpointRoot: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
    ledgerCheckpointKeyId: 'ed25519:8f2c1d0e9b7a6543',
    ledgerCheckpointSignature:
      'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEg==',
    ledgerProofsQuery:
      'query { ledgerProofsForLot(lotId: "01JQ8X5A1B2C3D4E5F6G7H8J9K") { proven pendingEventIds document } }',
  },
};
