import { Mass, MassFraction } from '@rre/quantities';
import type { Actor } from './actor';
import { type CountryCode, parseCountryCode } from './country-code';
import { IntakeError } from './intake-error';
import { asIntakeError } from './intake-quantities';
import type { LotFacts } from './lot-facts';
import { type MaterialKind, parseMaterialKind } from './material-kind';
import { parseSourceCategory, type SourceCategory } from './source-category';

/** The facts a correction may change. */
export const CorrectableLotField = {
  DECLARED_MASS: 'DECLARED_MASS',
  /** Gross and tare together (the net follows). */
  WEIGHING: 'WEIGHING',
  MOISTURE_FRACTION: 'MOISTURE_FRACTION',
  COUNTRY_OF_ORIGIN: 'COUNTRY_OF_ORIGIN',
  MATERIAL_KIND: 'MATERIAL_KIND',
  SOURCE_CATEGORY: 'SOURCE_CATEGORY',
  SUPPLIER_SITE: 'SUPPLIER_SITE',
} as const;
export type CorrectableLotField = (typeof CorrectableLotField)[keyof typeof CorrectableLotField];

/** A new value for one correctable fact. */
export type CorrectedValue =
  | { readonly field: 'DECLARED_MASS'; readonly mass: Mass }
  | { readonly field: 'WEIGHING'; readonly gross: Mass; readonly tare: Mass }
  | { readonly field: 'MOISTURE_FRACTION'; readonly fraction: MassFraction }
  | { readonly field: 'COUNTRY_OF_ORIGIN'; readonly country: CountryCode }
  | { readonly field: 'MATERIAL_KIND'; readonly kind: MaterialKind }
  | { readonly field: 'SOURCE_CATEGORY'; readonly category: SourceCategory }
  | { readonly field: 'SUPPLIER_SITE'; readonly siteId: string };

/**
 * A correction of one fact: a new record that points at the lot and the field it corrects, with who
 * and why. The registered value stays as it was; the lot's current view applies the corrections in order.
 */
export interface LotCorrection {
  readonly id: string;
  readonly lotId: string;
  readonly field: CorrectableLotField;
  /** The value before, as canonical JSON text (see `factText`). */
  readonly oldValue: string;
  /** The value after, as canonical JSON text. */
  readonly newValue: string;
  readonly reason: string;
  readonly correctedBy: Actor;
  readonly correctedAt: Date;
}

/** The facts with one corrected value applied; weighing rules are checked again. */
export function applyCorrectedValue(facts: LotFacts, value: CorrectedValue): LotFacts {
  switch (value.field) {
    case 'DECLARED_MASS':
      return { ...facts, declaredMass: value.mass };
    case 'WEIGHING':
      return {
        ...facts,
        weighing: facts.weighing.withMasses(value.gross, value.tare, 'correction.weighing'),
      };
    case 'MOISTURE_FRACTION':
      return { ...facts, moistureFraction: value.fraction };
    case 'COUNTRY_OF_ORIGIN':
      return { ...facts, countryOfOrigin: value.country };
    case 'MATERIAL_KIND':
      return { ...facts, materialKind: value.kind };
    case 'SOURCE_CATEGORY':
      return { ...facts, sourceCategory: value.category };
    case 'SUPPLIER_SITE':
      return { ...facts, supplierSiteId: value.siteId };
  }
}

/**
 * One fact as canonical JSON text, the form corrections store: masses and fractions as
 * `{"quantity":"1000","uom":"KGM"}`, the weighing as `{"gross":...,"tare":...}`, names as JSON strings.
 */
export function factText(facts: LotFacts, field: CorrectableLotField): string {
  switch (field) {
    case 'DECLARED_MASS':
      return JSON.stringify(facts.declaredMass.toJSON());
    case 'WEIGHING':
      return JSON.stringify({ gross: facts.weighing.gross.toJSON(), tare: facts.weighing.tare.toJSON() });
    case 'MOISTURE_FRACTION':
      return JSON.stringify(facts.moistureFraction?.toJSON() ?? null);
    case 'COUNTRY_OF_ORIGIN':
      return JSON.stringify(facts.countryOfOrigin);
    case 'MATERIAL_KIND':
      return JSON.stringify(facts.materialKind);
    case 'SOURCE_CATEGORY':
      return JSON.stringify(facts.sourceCategory);
    case 'SUPPLIER_SITE':
      return JSON.stringify(facts.supplierSiteId);
  }
}

/** Reads back what `factText` wrote for a corrected value. */
export function correctedValueFromText(field: CorrectableLotField, text: string): CorrectedValue {
  const json: unknown = JSON.parse(text);
  try {
    switch (field) {
      case 'DECLARED_MASS':
        return { field, mass: Mass.fromJSON(json, 'declaredMass') };
      case 'WEIGHING': {
        const { gross, tare } = json as { gross: unknown; tare: unknown };
        return { field, gross: Mass.fromJSON(gross, 'grossMass'), tare: Mass.fromJSON(tare, 'tareMass') };
      }
      case 'MOISTURE_FRACTION':
        return { field, fraction: MassFraction.fromJSON(json, 'moistureFraction') };
      case 'COUNTRY_OF_ORIGIN':
        return { field, country: parseCountryCode(String(json)) };
      case 'MATERIAL_KIND':
        return { field, kind: parseMaterialKind(String(json)) };
      case 'SOURCE_CATEGORY':
        return { field, category: parseSourceCategory(String(json)) };
      case 'SUPPLIER_SITE':
        return { field, siteId: String(json) };
    }
  } catch (error: unknown) {
    if (error instanceof IntakeError) throw error;
    return asIntakeError(error);
  }
}
