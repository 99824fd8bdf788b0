import type { ElementComposition, Mass, MassFraction } from '@rre/quantities';
import type { Actor } from '../domain/actor';
import type { MoistureBasis } from '../domain/assay';
import type { IntakePolicy } from '../domain/intake-policy';
import type { Lot } from '../domain/lot';
import type { LotDecision } from '../domain/lot-decision';
import type { LotFacts } from '../domain/lot-facts';
import { type CalendarDate, daysBetween, isSlipOverdue, type WasteManifest } from '../domain/waste-manifest';
import type { WasteManifestModel } from './waste-manifest.model';
import type { CompositionModel, LotDecisionModel } from './lot-parts.model';
import type { LotFactsModel, LotModel } from './lot.model';
import type { ActorModel, FractionValueModel, MassValueModel } from './quantity.model';

/** Masses leave intake in kilograms. */
const mass = (value: Mass): MassValueModel => ({ value: value.valueIn('KGM'), unit: 'KGM' });
const fraction = (value: MassFraction): FractionValueModel => ({ value: value.value, unit: value.unit });
const actor = (value: Actor): ActorModel => ({
  subject: value.subject,
  organisationId: value.organisationId,
});

function composition(value: ElementComposition, basis: MoistureBasis): CompositionModel {
  return {
    basis,
    contents: value.entries().map((content) => ({
      element: content.element,
      value: content.fraction.value,
      unit: content.fraction.unit,
      uncertainty: content.uncertainty?.value,
    })),
    sum: { value: value.sum(), unit: 'C62' },
  };
}

function facts(value: LotFacts): LotFactsModel {
  return {
    supplierSiteId: value.supplierSiteId,
    materialKind: value.materialKind,
    sourceCategory: value.sourceCategory,
    countryOfOrigin: value.countryOfOrigin,
    declaredMass: mass(value.declaredMass),
    weighing: {
      ticketNumber: value.weighing.ticketNumber,
      vehicle: value.weighing.vehicle,
      scale: value.weighing.scale,
      gross: mass(value.weighing.gross),
      tare: mass(value.weighing.tare),
      net: mass(value.weighing.net),
    },
    moistureFraction: value.moistureFraction && fraction(value.moistureFraction),
  };
}

function decision(value: LotDecision): LotDecisionModel {
  return {
    id: value.id,
    kind: value.kind,
    reason: value.reason,
    disposition: value.disposition,
    state: value.state,
    decidedBy: actor(value.decidedBy),
    decidedAt: value.decidedAt,
    approvedBy: value.approvedBy && actor(value.approvedBy),
    approvedAt: value.approvedAt,
    withdrawalReason: value.withdrawal?.reason,
    withdrawnBy: value.withdrawal && actor(value.withdrawal.withdrawnBy),
    withdrawnAt: value.withdrawal?.withdrawnAt,
  };
}

function manifest(value: WasteManifest, today: CalendarDate): WasteManifestModel {
  return {
    id: value.id,
    number: value.number,
    issuerId: value.issuerId,
    wasteType: value.wasteType,
    form: value.form,
    speciallyControlled: value.speciallyControlled,
    issuedOn: value.issuedOn,
    slips: value.slips.map((slip) => ({
      slip: slip.slip,
      dueOn: slip.dueOn,
      returnedOn: slip.returnedOn,
      overdue: isSlipOverdue(slip, today),
    })),
    reports: value.reports.map((report) => ({
      id: report.id,
      kind: report.kind,
      completedOn: report.completedOn,
      dueOn: report.dueOn,
      sentOn: report.sentOn,
      late: daysBetween(report.dueOn, report.sentOn) > 0,
    })),
  };
}

/**
 * The GraphQL view of a lot: current facts, registered facts, and everything recorded about it;
 * `today` (intake's calendar) decides which manifest slips are overdue.
 */
export function lotView(
  lot: Lot,
  policy: Pick<IntakePolicy, 'massTolerance'>,
  today: CalendarDate,
): LotModel {
  const state = lot.snapshot;
  const { registration } = state;
  const comparison = lot.massComparison(policy);
  const current = lot.currentAssay;
  const assays = state.assays.map((assay) => ({
    id: assay.id,
    laboratoryId: assay.laboratoryId,
    method: assay.method,
    sampleId: assay.sampleId,
    analysedAt: assay.analysedAt,
    composition: composition(assay.composition, assay.moistureBasis),
    reason: assay.reason,
    isCurrent: assay.id === current?.id,
    recordedAt: assay.recordedAt,
    recordedBy: actor(assay.recordedBy),
  }));
  return {
    id: registration.id,
    code: registration.code,
    gs1Identifier: registration.gs1Identifier,
    organisationId: registration.organisationId,
    facts: facts(lot.currentFacts()),
    registeredFacts: facts(registration.facts),
    massCheck: {
      declared: mass(comparison.declared),
      net: mass(comparison.net),
      difference: { value: comparison.difference.valueIn('KGM'), unit: 'KGM' },
      relativeDifference: { value: comparison.relativeDifference, unit: 'C62' },
      tolerance: fraction(comparison.tolerance),
      disputed: comparison.disputed,
    },
    sourceEvidenceRef: registration.sourceEvidenceRef,
    externalRef: registration.externalRef,
    containers: registration.containers.map((line) => ({ kind: line.kind, count: line.count })),
    receivedAt: registration.receivedAt,
    declaredComposition:
      registration.declaredComposition &&
      composition(registration.declaredComposition, registration.declaredCompositionBasis),
    status: state.status,
    custodian: state.custodian,
    currentAssayReason: state.currentAssayReason,
    currentAssay: assays.find((assay) => assay.isCurrent),
    assays,
    screenings: state.screenings.map((screening) => ({
      id: screening.id,
      assayId: screening.assayId,
      uraniumPpm: screening.result.uraniumPpm,
      thoriumPpm: screening.result.thoriumPpm,
      uraniumBqPerG: screening.result.uraniumBqPerG,
      thoriumBqPerG: screening.result.thoriumBqPerG,
      sumOfRatios: screening.result.sumOfRatios,
      threshold: screening.result.threshold,
      outcome: screening.result.outcome,
      screenedAt: screening.screenedAt,
      screenedBy: actor(screening.screenedBy),
    })),
    decisions: state.decisions.map(decision),
    pendingDecision: lot.pendingDecision && decision(lot.pendingDecision),
    transfers: state.transfers.map((transfer) => ({
      id: transfer.id,
      route: transfer.route,
      mass: mass(transfer.mass),
      state: transfer.state,
      offeredBy: actor(transfer.offeredBy),
      offeredAt: transfer.offeredAt,
      answeredBy: transfer.answeredBy && actor(transfer.answeredBy),
      answeredAt: transfer.answeredAt,
      refusalReason: transfer.refusalReason,
      receivedMass: transfer.receivedMass && mass(transfer.receivedMass),
    })),
    corrections: state.corrections.map((correction) => ({
      id: correction.id,
      field: correction.field,
      oldValue: correction.oldValue,
      newValue: correction.newValue,
      reason: correction.reason,
      correctedBy: actor(correction.correctedBy),
      correctedAt: correction.correctedAt,
    })),
    manifest: state.manifest && manifest(state.manifest, today),
    documents: state.documents.map((document) => ({
      id: document.id,
      name: document.name,
      version: document.version,
      kind: document.kind,
      mediaType: document.mediaType,
      sha256: document.sha256,
      sizeBytes: document.sizeBytes,
      uploadedAt: document.uploadedAt,
      uploadedBy: actor(document.uploadedBy),
      downloadPath: `/intake/documents/${document.id}`,
    })),
    registeredAt: registration.registeredAt,
    registeredBy: actor(registration.registeredBy),
  };
}
