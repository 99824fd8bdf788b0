import { commonV1, encodeEventData, IntakeEventTypes, intakeV1 } from '@rre/contracts';
import { type ElementComposition, type Mass, type MassFraction, toPlainString } from '@rre/quantities';
import type { Actor } from '../domain/actor';
import { ASSAY_METHOD_LABELS, type MoistureBasis } from '../domain/assay';
import type { Lot } from '../domain/lot';
import type { CorrectableLotField } from '../domain/lot-correction';
import type { LotEvent } from '../domain/lot-event';
import type { LotFacts } from '../domain/lot-facts';

/** An event ready for the outbox: its registered CloudEvents type and its protobuf data. */
export interface EncodedLotEvent {
  readonly type: (typeof IntakeEventTypes)[keyof typeof IntakeEventTypes];
  readonly data: Uint8Array;
}

const MATERIAL_KIND = commonV1.MaterialKind;
const SOURCE_CATEGORY = commonV1.SourceCategory;

function timestamp(date: Date): { seconds: bigint; nanos: number } {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** Events carry masses in kilograms, whatever unit they were entered in. */
function mass(value: Mass): { value: string; unitCode: string } {
  return { value: toPlainString(value.valueIn('KGM')), unitCode: 'KGM' };
}

function fraction(value: MassFraction): { value: string; unitCode: string } {
  return { value: toPlainString(value.value), unitCode: value.unit };
}

function composition(value: ElementComposition, basis: MoistureBasis) {
  return {
    contents: value.entries().map((content) => ({
      element: content.element,
      massFraction: toPlainString(content.fraction.value),
      unitCode: content.fraction.unit,
      uncertainty: content.uncertainty === undefined ? '' : toPlainString(content.uncertainty.value),
    })),
    basis: {
      moisture: basis === 'WET' ? commonV1.MoistureBasis.WET : commonV1.MoistureBasis.DRY,
      form: commonV1.ChemicalForm.ELEMENT,
    },
  };
}

function actor(value: Actor | undefined): { subjectId: string; organisationId: string } | undefined {
  return value === undefined ? undefined : { subjectId: value.subject, organisationId: value.organisationId };
}

/** The LotRegistered field a correction of each fact corrects, and its value there (proto3 JSON for messages). */
const CORRECTED_EVENT_FIELD: Readonly<
  Record<CorrectableLotField, { path: string; text: (facts: LotFacts) => string }>
> = {
  DECLARED_MASS: { path: 'declared_mass', text: (facts) => JSON.stringify(mass(facts.declaredMass)) },
  WEIGHING: { path: 'weighed_net_mass', text: (facts) => JSON.stringify(mass(facts.weighing.net)) },
  MOISTURE_FRACTION: {
    path: 'moisture_fraction',
    text: (facts) =>
      facts.moistureFraction === undefined ? '' : JSON.stringify(fraction(facts.moistureFraction)),
  },
  COUNTRY_OF_ORIGIN: { path: 'country_of_origin', text: (facts) => facts.countryOfOrigin },
  MATERIAL_KIND: { path: 'material_kind', text: (facts) => `MATERIAL_KIND_${facts.materialKind}` },
  SOURCE_CATEGORY: { path: 'source_category', text: (facts) => `SOURCE_CATEGORY_${facts.sourceCategory}` },
  SUPPLIER_SITE: { path: 'supplier_site.site_id', text: (facts) => facts.supplierSiteId },
};

/**
 * The `rre.intake.v1` event of a domain event. `registeredEventId` is the id of the lot's
 * registration event, which a correction points at.
 */
export function encodeLotEvent(
  lot: Lot,
  event: LotEvent,
  registeredEventId: string | undefined,
): EncodedLotEvent {
  const ref = { lotId: lot.id, lotCode: lot.code };
  switch (event.kind) {
    case 'REGISTERED': {
      const { registration } = event;
      const { facts } = registration;
      return {
        type: IntakeEventTypes.LotRegistered,
        data: encodeEventData(IntakeEventTypes.LotRegistered, {
          lot: ref,
          supplier: { organisationId: registration.organisationId },
          supplierSite: { siteId: facts.supplierSiteId, organisationId: registration.organisationId },
          materialKind: MATERIAL_KIND[facts.materialKind],
          sourceCategory: SOURCE_CATEGORY[facts.sourceCategory],
          countryOfOrigin: facts.countryOfOrigin,
          declaredMass: mass(facts.declaredMass),
          weighedNetMass: mass(facts.weighing.net),
          moistureFraction:
            facts.moistureFraction === undefined ? undefined : fraction(facts.moistureFraction),
          declaredComposition:
            registration.declaredComposition === undefined
              ? undefined
              : composition(registration.declaredComposition, registration.declaredCompositionBasis),
          receivedAt: timestamp(registration.receivedAt),
          gs1Identifier: registration.gs1Identifier,
          wasteManifestNumber: lot.snapshot.manifest?.number ?? '',
        }),
      };
    }
    case 'ASSAYED': {
      const { assay } = event;
      return {
        type: IntakeEventTypes.LotAssayed,
        data: encodeEventData(IntakeEventTypes.LotAssayed, {
          lot: ref,
          assayId: assay.id,
          lab: { organisationId: assay.laboratoryId },
          method: ASSAY_METHOD_LABELS[assay.method],
          sampleId: assay.sampleId,
          composition: composition(assay.composition, assay.moistureBasis),
          isCurrent: event.isCurrent,
          reason: assay.reason,
          analysedAt: timestamp(assay.analysedAt),
        }),
      };
    }
    case 'SCREENED': {
      const { result, assayId } = event.screening;
      return {
        type: IntakeEventTypes.LotScreened,
        data: encodeEventData(IntakeEventTypes.LotScreened, {
          lot: ref,
          uraniumPpm: toPlainString(result.uraniumPpm),
          thoriumPpm: toPlainString(result.thoriumPpm),
          uraniumLimitPpm: toPlainString(result.uraniumLimitPpm.toDecimalPlaces(6)),
          thoriumLimitPpm: toPlainString(result.thoriumLimitPpm.toDecimalPlaces(6)),
          sumOfRatios: toPlainString(result.sumOfRatios),
          threshold: toPlainString(result.threshold),
          outcome:
            result.outcome === 'EXCEEDED'
              ? intakeV1.ScreeningOutcome.EXCEEDED
              : intakeV1.ScreeningOutcome.CLEARED,
          assayId: assayId ?? '',
        }),
      };
    }
    case 'QUARANTINED':
      return {
        type: IntakeEventTypes.LotQuarantined,
        data: encodeEventData(IntakeEventTypes.LotQuarantined, {
          lot: ref,
          cause: intakeV1.QuarantineCause[event.cause],
          reason: event.reason,
          decidedBy: actor(event.decidedBy),
        }),
      };
    case 'RELEASED':
      return {
        type: IntakeEventTypes.LotReleased,
        data: encodeEventData(IntakeEventTypes.LotReleased, {
          lot: ref,
          reason: event.decision.reason,
          decidedBy: actor(event.decision.decidedBy),
          approvedBy: actor(event.decision.approvedBy),
          decisionId: event.decision.id,
        }),
      };
    case 'REJECTED':
      return {
        type: IntakeEventTypes.LotRejected,
        data: encodeEventData(IntakeEventTypes.LotRejected, {
          lot: ref,
          reason: event.decision.reason,
          decidedBy: actor(event.decision.decidedBy),
          approvedBy: actor(event.decision.approvedBy),
          disposition: intakeV1.RejectionDisposition[event.decision.disposition ?? 'OTHER'],
          decisionId: event.decision.id,
        }),
      };
    case 'DECISION_PROPOSED': {
      const { decision } = event;
      return {
        type: IntakeEventTypes.LotDecisionProposed,
        data: encodeEventData(IntakeEventTypes.LotDecisionProposed, {
          lot: ref,
          decisionId: decision.id,
          kind: intakeV1.DecisionKind[decision.kind],
          reason: decision.reason,
          disposition:
            decision.disposition === undefined
              ? intakeV1.RejectionDisposition.UNSPECIFIED
              : intakeV1.RejectionDisposition[decision.disposition],
          proposedBy: actor(decision.decidedBy),
        }),
      };
    }
    case 'DECISION_WITHDRAWN': {
      const { decision } = event;
      if (!decision.withdrawal)
        throw new Error(`decision ${decision.id} is announced withdrawn without a withdrawal`);
      return {
        type: IntakeEventTypes.LotDecisionWithdrawn,
        data: encodeEventData(IntakeEventTypes.LotDecisionWithdrawn, {
          lot: ref,
          decisionId: decision.id,
          kind: intakeV1.DecisionKind[decision.kind],
          reason: decision.withdrawal.reason,
          withdrawnBy: actor(decision.withdrawal.withdrawnBy),
        }),
      };
    }
    case 'MANIFEST_SLIP_RETURNED': {
      const { manifest, slip } = event;
      const returnedOn = slip.returnedOn ?? '';
      return {
        type: IntakeEventTypes.LotManifestSlipReturned,
        data: encodeEventData(IntakeEventTypes.LotManifestSlipReturned, {
          lot: ref,
          manifestNumber: manifest.number,
          issuerId: manifest.issuerId,
          slip: intakeV1.ManifestSlip[slip.slip],
          dueOn: slip.dueOn,
          returnedOn,
          late: returnedOn > slip.dueOn,
        }),
      };
    }
    case 'MANIFEST_REPORT_RECORDED': {
      const { manifest, report } = event;
      return {
        type: IntakeEventTypes.LotManifestReportRecorded,
        data: encodeEventData(IntakeEventTypes.LotManifestReportRecorded, {
          lot: ref,
          manifestNumber: manifest.number,
          issuerId: manifest.issuerId,
          reportId: report.id,
          kind: intakeV1.ManifestReportKind[report.kind],
          completedOn: report.completedOn,
          dueOn: report.dueOn,
          sentOn: report.sentOn,
          late: report.sentOn > report.dueOn,
        }),
      };
    }
    case 'DOCUMENT_ADDED': {
      const { document } = event;
      return {
        type: IntakeEventTypes.LotDocumentAdded,
        data: encodeEventData(IntakeEventTypes.LotDocumentAdded, {
          lot: ref,
          documentId: document.id,
          name: document.name,
          version: document.version,
          kind: intakeV1.DocumentKind[document.kind],
          mediaType: document.mediaType,
          sha256: document.sha256,
          sizeBytes: BigInt(document.sizeBytes),
        }),
      };
    }
    case 'CUSTODY_TRANSFERRED':
      return {
        type: IntakeEventTypes.LotCustodyTransferred,
        data: encodeEventData(IntakeEventTypes.LotCustodyTransferred, {
          lot: ref,
          transferId: event.transfer.id,
          fromService: commonV1.ServiceName.INTAKE,
          toService: commonV1.ServiceName.CONCENTRATION,
          mass: mass(event.transfer.mass),
        }),
      };
    case 'CUSTODY_ACCEPTED':
      return {
        type: IntakeEventTypes.LotCustodyAccepted,
        data: encodeEventData(IntakeEventTypes.LotCustodyAccepted, {
          lot: ref,
          transferId: event.transfer.id,
          custodian: commonV1.ServiceName.CONCENTRATION,
          receivedMass:
            event.transfer.receivedMass === undefined ? undefined : mass(event.transfer.receivedMass),
        }),
      };
    case 'CUSTODY_REFUSED':
      return {
        type: IntakeEventTypes.LotCustodyRefused,
        data: encodeEventData(IntakeEventTypes.LotCustodyRefused, {
          lot: ref,
          transferId: event.transfer.id,
          refusedBy: commonV1.ServiceName.CONCENTRATION,
          reason: event.transfer.refusalReason ?? '',
        }),
      };
    case 'CORRECTED': {
      if (registeredEventId === undefined) {
        throw new Error(`lot ${lot.id} has no registration event id: a correction must point at it`);
      }
      const field = CORRECTED_EVENT_FIELD[event.correction.field];
      return {
        type: IntakeEventTypes.LotCorrected,
        data: encodeEventData(IntakeEventTypes.LotCorrected, {
          lot: ref,
          correctsEventId: registeredEventId,
          correctsEventType: IntakeEventTypes.LotRegistered,
          field: field.path,
          oldValue: field.text(event.before),
          newValue: field.text(event.after),
          reason: event.correction.reason,
        }),
      };
    }
  }
}
