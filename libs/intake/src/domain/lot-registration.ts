import type { ElementComposition } from '@rre/quantities';
import type { Actor } from './actor';
import type { MoistureBasis } from './assay';
import { parseCountryCode } from './country-code';
import { IntakeError } from './intake-error';
import type { IntakePolicy } from './intake-policy';
import {
  elementComposition,
  type ElementContentInput,
  massFraction,
  measuredMass,
  type QuantityInput,
} from './intake-quantities';
import type { LotFacts } from './lot-facts';
import { parseMaterialKind } from './material-kind';
import { parseSourceCategory } from './source-category';
import { requiredText, Weighing, type WeighingInput } from './weighing';

/** Containers a lot arrived in, e.g. 12 drums. */
export interface ContainerLine {
  readonly kind: string;
  readonly count: number;
}

/** A registration as requested, before validation. */
export interface RegisterLotRequest {
  /** The delivering organisation (recycler). */
  readonly organisationId: string;
  readonly supplierSiteId: string;
  readonly materialKind: string;
  readonly sourceCategory: string;
  /** Reference of the document that evidences the source category (e.g. a certificate number or document id). */
  readonly sourceEvidenceRef: string;
  readonly countryOfOrigin: string;
  readonly declaredMass: QuantityInput;
  readonly weighing: WeighingInput;
  readonly moistureFraction?: QuantityInput;
  readonly containers?: readonly ContainerLine[];
  readonly receivedAt: Date;
  readonly declaredComposition?: readonly ElementContentInput[];
  /** Basis of the declared composition; default DRY. */
  readonly declaredCompositionBasis?: MoistureBasis;
  /** The supplier's own reference of the delivery (e.g. its delivery-note number), unique per organisation. */
  readonly externalRef?: string;
}

/** A lot as registered: what the supplier declared and what intake weighed. Never changed afterwards. */
export interface LotRegistration {
  readonly id: string;
  readonly code: string;
  /** GS1 Digital Link URI of the lot. */
  readonly gs1Identifier: string;
  readonly organisationId: string;
  readonly facts: LotFacts;
  readonly sourceEvidenceRef: string;
  readonly containers: readonly ContainerLine[];
  readonly receivedAt: Date;
  readonly declaredComposition: ElementComposition | undefined;
  readonly declaredCompositionBasis: MoistureBasis;
  readonly externalRef: string | undefined;
  readonly registeredAt: Date;
  readonly registeredBy: Actor;
}

export interface ValidatedRegistration {
  readonly organisationId: string;
  readonly facts: LotFacts;
  readonly sourceEvidenceRef: string;
  readonly containers: readonly ContainerLine[];
  readonly receivedAt: Date;
  readonly declaredComposition: ElementComposition | undefined;
  readonly declaredCompositionBasis: MoistureBasis;
  readonly externalRef: string | undefined;
}

/** A receipt time more than this far in the future is a typing error, not clock skew. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Checks every rule of a registration; throws the first IntakeError. Nothing is stored before this passes. */
export function validateRegistration(
  request: RegisterLotRequest,
  policy: IntakePolicy,
  now: Date,
): ValidatedRegistration {
  const organisationId = requiredText(request.organisationId, 'organisationId');
  const facts: LotFacts = {
    supplierSiteId: requiredText(request.supplierSiteId, 'supplierSiteId'),
    materialKind: parseMaterialKind(request.materialKind),
    sourceCategory: parseSourceCategory(request.sourceCategory),
    countryOfOrigin: parseCountryCode(request.countryOfOrigin),
    declaredMass: measuredMass(request.declaredMass, 'declaredMass'),
    weighing: Weighing.of(request.weighing),
    moistureFraction:
      request.moistureFraction === undefined
        ? undefined
        : massFraction(request.moistureFraction, 'moistureFraction'),
  };
  const containers = (request.containers ?? []).map((line, index) => {
    const kind = requiredText(line.kind, `containers[${index}].kind`, 100);
    if (!Number.isSafeInteger(line.count) || line.count < 1) {
      throw new IntakeError({
        code: 'INVALID_INPUT',
        field: `containers[${index}].count`,
        value: String(line.count),
        rule: 'must be a whole number of at least 1',
      });
    }
    return { kind, count: line.count };
  });
  if (
    Number.isNaN(request.receivedAt.getTime()) ||
    request.receivedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS
  ) {
    throw new IntakeError({
      code: 'INVALID_INPUT',
      field: 'receivedAt',
      value: Number.isNaN(request.receivedAt.getTime())
        ? 'an invalid date'
        : request.receivedAt.toISOString(),
      rule: `must not be in the future (now is ${now.toISOString()})`,
    });
  }
  const declaredComposition =
    request.declaredComposition === undefined || request.declaredComposition.length === 0
      ? undefined
      : elementComposition(
          request.declaredComposition,
          'declaredComposition',
          policy.compositionSumTolerance,
        );
  return {
    organisationId,
    facts,
    sourceEvidenceRef: requiredText(request.sourceEvidenceRef, 'sourceEvidenceRef', 500),
    containers,
    receivedAt: request.receivedAt,
    declaredComposition,
    declaredCompositionBasis: request.declaredCompositionBasis ?? 'DRY',
    externalRef:
      request.externalRef === undefined ? undefined : requiredText(request.externalRef, 'externalRef', 100),
  };
}
