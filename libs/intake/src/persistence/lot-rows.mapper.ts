import { ElementComposition, Mass, MassFraction, parseDecimal, toPlainString } from '@rre/quantities';
import type { Actor } from '../domain/actor';
import type { Assay, AssayMethod, MoistureBasis } from '../domain/assay';
import type { CountryCode } from '../domain/country-code';
import type { CustodyTransfer, TransferState } from '../domain/custody-transfer';
import { elementComposition } from '../domain/intake-quantities';
import { Lot } from '../domain/lot';
import type { CorrectableLotField, LotCorrection } from '../domain/lot-correction';
import type { DecisionKind, DecisionState, LotDecision, RejectionDisposition } from '../domain/lot-decision';
import type { Custodian, LotStatus } from '../domain/lot-status';
import type { ConcentrationRoute, MaterialKind } from '../domain/material-kind';
import type { ScreeningOutcome } from '../domain/radioactivity-screening';
import type { Screening } from '../domain/screening';
import type { DocumentKind, LotDocument } from '../domain/lot-document';
import type { SourceCategory } from '../domain/source-category';
import { Weighing } from '../domain/weighing';
import type { AssayElementContentEntity } from './assay-element-content.entity';
import type { AssayEntity } from './assay.entity';
import type { CustodyTransferEntity } from './custody-transfer.entity';
import type { LotCorrectionEntity } from './lot-correction.entity';
import type { LotDecisionEntity } from './lot-decision.entity';
import type { LotEntity, StoredElementContent } from './lot.entity';
import type { LotDocumentEntity } from './lot-document.entity';
import type { ManifestReportEntity } from './manifest-report.entity';
import type { ManifestSlipEntity } from './manifest-slip.entity';
import type { ScreeningEntity } from './screening.entity';
import type { WasteManifestEntity } from './waste-manifest.entity';
import {
  type CalendarDate,
  type ManifestForm,
  type ManifestReportKind,
  MANIFEST_SLIPS,
  type ManifestSlip,
  type WasteManifest,
} from '../domain/waste-manifest';

/** A lot's row and the rows of everything recorded about it, each list in recording order. */
export interface LotRows {
  readonly lot: LotEntity;
  readonly assays: readonly AssayEntity[];
  readonly contents: readonly AssayElementContentEntity[];
  readonly screenings: readonly ScreeningEntity[];
  readonly decisions: readonly LotDecisionEntity[];
  readonly transfers: readonly CustodyTransferEntity[];
  readonly corrections: readonly LotCorrectionEntity[];
  readonly documents: readonly LotDocumentEntity[];
  readonly manifest:
    | {
        readonly manifest: WasteManifestEntity;
        readonly slips: readonly ManifestSlipEntity[];
        readonly reports: readonly ManifestReportEntity[];
      }
    | undefined;
}

// Stored compositions were valid when recorded; reading them back must not depend on today's tolerance.
const ANY_SUM = MassFraction.of('1');

export const kgText = (mass: Mass): string => toPlainString(mass.valueIn('KGM'));
const kg = (text: string): Mass => Mass.of(parseDecimal(text), 'KGM');
const actor = (subject: string, organisationId: string): Actor => ({ subject, organisationId });
const optionalActor = (subject: string | null, organisationId: string | null): Actor | undefined =>
  subject === null || organisationId === null ? undefined : actor(subject, organisationId);

export function compositionToStored(composition: ElementComposition): StoredElementContent[] {
  return composition.entries().map((content) => ({
    element: content.element,
    value: toPlainString(content.fraction.value),
    unit: content.fraction.unit,
    ...(content.uncertainty === undefined ? {} : { uncertainty: toPlainString(content.uncertainty.value) }),
  }));
}

function compositionFromStored(contents: readonly StoredElementContent[], field: string): ElementComposition {
  return elementComposition(contents, field, ANY_SUM);
}

export function lotFromRows(rows: LotRows): Lot {
  const row = rows.lot;
  const weighing = Weighing.of({
    ticketNumber: row.weighbridgeTicket,
    vehicle: row.vehicle,
    scale: row.scale,
    gross: { value: row.grossMassKg, unit: 'KGM' },
    tare: { value: row.tareMassKg, unit: 'KGM' },
  });
  const contentsByAssay = new Map<string, StoredElementContent[]>();
  for (const content of [...rows.contents].sort((a, b) => a.position - b.position)) {
    const list = contentsByAssay.get(content.assayId) ?? [];
    list.push({
      element: content.element,
      value: content.value,
      unit: content.unit,
      ...(content.uncertainty === null ? {} : { uncertainty: content.uncertainty }),
    });
    contentsByAssay.set(content.assayId, list);
  }
  return Lot.restore({
    registration: {
      id: row.id,
      code: row.code,
      gs1Identifier: row.gs1Identifier,
      organisationId: row.organisationId,
      facts: {
        supplierSiteId: row.supplierSiteId,
        materialKind: row.materialKind as MaterialKind,
        sourceCategory: row.sourceCategory as SourceCategory,
        countryOfOrigin: row.countryOfOrigin as CountryCode,
        declaredMass: kg(row.declaredMassKg),
        weighing,
        moistureFraction:
          row.moistureValue === null || row.moistureUnit === null
            ? undefined
            : MassFraction.fromJSON({ quantity: row.moistureValue, uom: row.moistureUnit }),
      },
      sourceEvidenceRef: row.sourceEvidenceRef,
      containers: row.containers,
      receivedAt: row.receivedAt,
      declaredComposition:
        row.declaredComposition === null
          ? undefined
          : compositionFromStored(row.declaredComposition, 'declaredComposition'),
      declaredCompositionBasis: row.declaredCompositionBasis as MoistureBasis,
      externalRef: row.externalRef ?? undefined,
      registeredAt: row.registeredAt,
      registeredBy: actor(row.registeredBySubject, row.registeredByOrganisation),
    },
    status: row.status as LotStatus,
    custodian: row.custodian as Custodian,
    assays: rows.assays.map((assay): Assay => ({
      id: assay.id,
      lotId: assay.lotId,
      laboratoryId: assay.laboratoryId,
      method: assay.method as AssayMethod,
      sampleId: assay.sampleId,
      analysedAt: assay.analysedAt,
      composition: compositionFromStored(contentsByAssay.get(assay.id) ?? [], `assay ${assay.id}`),
      moistureBasis: assay.moistureBasis as MoistureBasis,
      reason: assay.reason,
      recordedAt: assay.recordedAt,
      recordedBy: actor(assay.recordedBySubject, assay.recordedByOrganisation),
    })),
    currentAssayId: row.currentAssayId ?? undefined,
    currentAssayReason: row.currentAssayReason ?? undefined,
    screenings: rows.screenings.map((screening): Screening => ({
      id: screening.id,
      lotId: screening.lotId,
      assayId: screening.assayId ?? undefined,
      result: {
        uraniumPpm: parseDecimal(screening.uraniumPpm),
        thoriumPpm: parseDecimal(screening.thoriumPpm),
        uraniumBqPerG: parseDecimal(screening.uraniumBqPerG),
        thoriumBqPerG: parseDecimal(screening.thoriumBqPerG),
        uraniumLimitPpm: parseDecimal(screening.uraniumLimitPpm),
        thoriumLimitPpm: parseDecimal(screening.thoriumLimitPpm),
        sumOfRatios: parseDecimal(screening.sumOfRatios),
        threshold: parseDecimal(screening.threshold),
        outcome: screening.outcome as ScreeningOutcome,
      },
      screenedAt: screening.screenedAt,
      screenedBy: actor(screening.screenedBySubject, screening.screenedByOrganisation),
    })),
    decisions: rows.decisions.map((decision): LotDecision => ({
      id: decision.id,
      lotId: decision.lotId,
      kind: decision.kind as DecisionKind,
      reason: decision.reason,
      disposition: (decision.disposition ?? undefined) as RejectionDisposition | undefined,
      decidedBy: actor(decision.decidedBySubject, decision.decidedByOrganisation),
      decidedAt: decision.decidedAt,
      state: decision.state as DecisionState,
      approvedBy: optionalActor(decision.approvedBySubject, decision.approvedByOrganisation),
      approvedAt: decision.approvedAt ?? undefined,
      ...(decision.withdrawnAt === null
        ? {}
        : {
            withdrawal: {
              reason: decision.withdrawalReason ?? '',
              withdrawnBy: actor(decision.withdrawnBySubject ?? '', decision.withdrawnByOrganisation ?? ''),
              withdrawnAt: decision.withdrawnAt,
            },
          }),
    })),
    transfers: rows.transfers.map((transfer): CustodyTransfer => ({
      id: transfer.id,
      lotId: transfer.lotId,
      route: transfer.route as ConcentrationRoute,
      mass: kg(transfer.massKg),
      offeredBy: actor(transfer.offeredBySubject, transfer.offeredByOrganisation),
      offeredAt: transfer.offeredAt,
      statusBefore: transfer.statusBefore as LotStatus,
      state: transfer.state as TransferState,
      answeredBy: optionalActor(transfer.answeredBySubject, transfer.answeredByOrganisation),
      answeredAt: transfer.answeredAt ?? undefined,
      refusalReason: transfer.refusalReason ?? undefined,
      receivedMass: transfer.receivedMassKg === null ? undefined : kg(transfer.receivedMassKg),
    })),
    corrections: rows.corrections.map((correction): LotCorrection => ({
      id: correction.id,
      lotId: correction.lotId,
      field: correction.field as CorrectableLotField,
      oldValue: correction.oldValue,
      newValue: correction.newValue,
      reason: correction.reason,
      correctedBy: actor(correction.correctedBySubject, correction.correctedByOrganisation),
      correctedAt: correction.correctedAt,
    })),
    manifest: rows.manifest && manifestFromRows(rows.manifest),
    documents: rows.documents.map((document): LotDocument => ({
      id: document.id,
      lotId: document.lotId,
      name: document.name,
      version: document.version,
      kind: document.kind as DocumentKind,
      mediaType: document.mediaType,
      sha256: document.sha256,
      sizeBytes: Number(document.sizeBytes),
      storageKey: document.storageKey,
      uploadedBy: actor(document.uploadedBySubject, document.uploadedByOrganisation),
      uploadedAt: document.uploadedAt,
    })),
  });
}

export function documentRow(document: LotDocument): Insertable<LotDocumentEntity> {
  return {
    id: document.id,
    lotId: document.lotId,
    name: document.name,
    version: document.version,
    kind: document.kind,
    mediaType: document.mediaType,
    sha256: document.sha256,
    sizeBytes: String(document.sizeBytes),
    storageKey: document.storageKey,
    uploadedBySubject: document.uploadedBy.subject,
    uploadedByOrganisation: document.uploadedBy.organisationId,
    uploadedAt: document.uploadedAt,
  };
}

function manifestFromRows(rows: NonNullable<LotRows['manifest']>): WasteManifest {
  const { manifest } = rows;
  const slipOrder = (slip: string) => MANIFEST_SLIPS.indexOf(slip as ManifestSlip);
  return {
    id: manifest.id,
    number: manifest.number,
    issuerId: manifest.issuerId,
    wasteType: manifest.wasteType,
    form: manifest.form as ManifestForm,
    speciallyControlled: manifest.speciallyControlled,
    issuedOn: manifest.issuedOn as CalendarDate,
    slips: [...rows.slips]
      .sort((a, b) => slipOrder(a.slip) - slipOrder(b.slip))
      .map((slip) => ({
        slip: slip.slip as ManifestSlip,
        dueOn: slip.dueOn as CalendarDate,
        returnedOn: (slip.returnedOn ?? undefined) as CalendarDate | undefined,
        recordedBy: optionalActor(slip.recordedBySubject, slip.recordedByOrganisation),
      })),
    reports: rows.reports.map((report) => ({
      id: report.id,
      kind: report.kind as ManifestReportKind,
      completedOn: report.completedOn as CalendarDate,
      dueOn: report.dueOn as CalendarDate,
      sentOn: report.sentOn as CalendarDate,
      recordedBy: actor(report.recordedBySubject, report.recordedByOrganisation),
      recordedAt: report.recordedAt,
    })),
  };
}

export function manifestRow(lotId: string, manifest: WasteManifest): WasteManifestEntity {
  return {
    id: manifest.id,
    lotId,
    number: manifest.number,
    issuerId: manifest.issuerId,
    wasteType: manifest.wasteType,
    form: manifest.form,
    speciallyControlled: manifest.speciallyControlled,
    issuedOn: manifest.issuedOn,
  };
}

export function slipRows(manifest: WasteManifest): ManifestSlipEntity[] {
  return manifest.slips.map((slip) => ({
    manifestId: manifest.id,
    slip: slip.slip,
    dueOn: slip.dueOn,
    returnedOn: slip.returnedOn ?? null,
    recordedBySubject: slip.recordedBy?.subject ?? null,
    recordedByOrganisation: slip.recordedBy?.organisationId ?? null,
  }));
}

export function manifestReportRow(
  manifestId: string,
  report: WasteManifest['reports'][number],
): Omit<ManifestReportEntity, 'seq'> {
  return {
    id: report.id,
    manifestId,
    kind: report.kind,
    completedOn: report.completedOn,
    dueOn: report.dueOn,
    sentOn: report.sentOn,
    recordedBySubject: report.recordedBy.subject,
    recordedByOrganisation: report.recordedBy.organisationId,
    recordedAt: report.recordedAt,
  };
}

type Insertable<T> = Omit<T, 'seq'>;

export function lotRow(lot: Lot, now: Date): LotEntity {
  const { registration } = lot;
  const { facts } = registration;
  return {
    id: registration.id,
    code: registration.code,
    gs1Identifier: registration.gs1Identifier,
    organisationId: registration.organisationId,
    supplierSiteId: facts.supplierSiteId,
    materialKind: facts.materialKind,
    sourceCategory: facts.sourceCategory,
    sourceEvidenceRef: registration.sourceEvidenceRef,
    countryOfOrigin: facts.countryOfOrigin,
    declaredMassKg: kgText(facts.declaredMass),
    weighbridgeTicket: facts.weighing.ticketNumber,
    vehicle: facts.weighing.vehicle,
    scale: facts.weighing.scale,
    grossMassKg: kgText(facts.weighing.gross),
    tareMassKg: kgText(facts.weighing.tare),
    netMassKg: kgText(facts.weighing.net),
    moistureValue: facts.moistureFraction === undefined ? null : toPlainString(facts.moistureFraction.value),
    moistureUnit: facts.moistureFraction?.unit ?? null,
    containers: registration.containers.map((line) => ({ kind: line.kind, count: line.count })),
    receivedAt: registration.receivedAt,
    declaredComposition:
      registration.declaredComposition === undefined
        ? null
        : compositionToStored(registration.declaredComposition),
    declaredCompositionBasis: registration.declaredCompositionBasis,
    externalRef: registration.externalRef ?? null,
    registeredAt: registration.registeredAt,
    registeredBySubject: registration.registeredBy.subject,
    registeredByOrganisation: registration.registeredBy.organisationId,
    registeredEventId: null,
    ...lifecycleColumns(lot, now),
  };
}

/** The columns of a lot row that change over its life. */
export function lifecycleColumns(
  lot: Lot,
  now: Date,
): Pick<LotEntity, 'status' | 'custodian' | 'currentAssayId' | 'currentAssayReason' | 'updatedAt'> {
  const state = lot.snapshot;
  return {
    status: state.status,
    custodian: state.custodian,
    currentAssayId: state.currentAssayId ?? null,
    currentAssayReason: state.currentAssayReason ?? null,
    updatedAt: now,
  };
}

export function assayRows(assay: Assay): {
  assay: Insertable<AssayEntity>;
  contents: AssayElementContentEntity[];
} {
  return {
    assay: {
      id: assay.id,
      lotId: assay.lotId,
      laboratoryId: assay.laboratoryId,
      method: assay.method,
      sampleId: assay.sampleId,
      analysedAt: assay.analysedAt,
      moistureBasis: assay.moistureBasis,
      reason: assay.reason,
      recordedAt: assay.recordedAt,
      recordedBySubject: assay.recordedBy.subject,
      recordedByOrganisation: assay.recordedBy.organisationId,
    },
    contents: compositionToStored(assay.composition).map((content, position) => ({
      assayId: assay.id,
      element: content.element,
      position,
      value: content.value,
      unit: content.unit,
      uncertainty: content.uncertainty ?? null,
    })),
  };
}

export function screeningRow(screening: Screening): Insertable<ScreeningEntity> {
  const { result } = screening;
  return {
    id: screening.id,
    lotId: screening.lotId,
    assayId: screening.assayId ?? null,
    uraniumPpm: toPlainString(result.uraniumPpm),
    thoriumPpm: toPlainString(result.thoriumPpm),
    uraniumBqPerG: toPlainString(result.uraniumBqPerG),
    thoriumBqPerG: toPlainString(result.thoriumBqPerG),
    uraniumLimitPpm: toPlainString(result.uraniumLimitPpm),
    thoriumLimitPpm: toPlainString(result.thoriumLimitPpm),
    sumOfRatios: toPlainString(result.sumOfRatios),
    threshold: toPlainString(result.threshold),
    outcome: result.outcome,
    screenedAt: screening.screenedAt,
    screenedBySubject: screening.screenedBy.subject,
    screenedByOrganisation: screening.screenedBy.organisationId,
  };
}

export function decisionRow(decision: LotDecision): Insertable<LotDecisionEntity> {
  return {
    id: decision.id,
    lotId: decision.lotId,
    kind: decision.kind,
    reason: decision.reason,
    disposition: decision.disposition ?? null,
    decidedBySubject: decision.decidedBy.subject,
    decidedByOrganisation: decision.decidedBy.organisationId,
    decidedAt: decision.decidedAt,
    state: decision.state,
    approvedBySubject: decision.approvedBy?.subject ?? null,
    approvedByOrganisation: decision.approvedBy?.organisationId ?? null,
    approvedAt: decision.approvedAt ?? null,
    withdrawalReason: decision.withdrawal?.reason ?? null,
    withdrawnBySubject: decision.withdrawal?.withdrawnBy.subject ?? null,
    withdrawnByOrganisation: decision.withdrawal?.withdrawnBy.organisationId ?? null,
    withdrawnAt: decision.withdrawal?.withdrawnAt ?? null,
  };
}

export function transferRow(transfer: CustodyTransfer): Insertable<CustodyTransferEntity> {
  return {
    id: transfer.id,
    lotId: transfer.lotId,
    route: transfer.route,
    massKg: kgText(transfer.mass),
    offeredBySubject: transfer.offeredBy.subject,
    offeredByOrganisation: transfer.offeredBy.organisationId,
    offeredAt: transfer.offeredAt,
    statusBefore: transfer.statusBefore,
    state: transfer.state,
    answeredBySubject: transfer.answeredBy?.subject ?? null,
    answeredByOrganisation: transfer.answeredBy?.organisationId ?? null,
    answeredAt: transfer.answeredAt ?? null,
    refusalReason: transfer.refusalReason ?? null,
    receivedMassKg: transfer.receivedMass === undefined ? null : kgText(transfer.receivedMass),
  };
}

export function correctionRow(correction: LotCorrection): Insertable<LotCorrectionEntity> {
  return {
    id: correction.id,
    lotId: correction.lotId,
    field: correction.field,
    oldValue: correction.oldValue,
    newValue: correction.newValue,
    reason: correction.reason,
    correctedBySubject: correction.correctedBy.subject,
    correctedByOrganisation: correction.correctedBy.organisationId,
    correctedAt: correction.correctedAt,
  };
}
