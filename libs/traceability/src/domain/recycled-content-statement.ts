import { createHash } from 'node:crypto';
import { canonicalJson } from '@rre/idempotency';
import { ATTRIBUTION_ROUNDING_RULE } from './attribute-to-sources';
import { CARBON_FOOTPRINT_METHOD, carbonFootprintOf, type RunEmissions } from './carbon-footprint';
import type { Genealogy } from './genealogy';
import {
  CHAIN_OF_CUSTODY_MODEL,
  type ContentCategory,
  lotsEnteringShares,
  recycledContentOf,
  STATEMENT_METHOD_VERSION,
  UNCERTAINTY_METHOD,
} from './recycled-content';

/** A statement's figures as text (what is frozen, published and shown). */
export interface StatementFigures {
  readonly lotId: string;
  readonly lotCode?: string;
  readonly methodVersion: string;
  readonly chainOfCustodyModel: string;
  readonly roundingRule: string;
  readonly uncertaintyMethod: string;
  readonly carbonFootprintMethod: string;
  readonly elements: readonly {
    readonly element: string;
    readonly stated: boolean;
    readonly massKg: string;
    readonly lotsWithoutUncertainty: number;
    readonly categories: readonly {
      readonly category: ContentCategory;
      readonly massKg: string;
      /** Fraction of one: exact when it terminates within 12 places, else rounded half-even to 12; null when the element is not stated. */
      readonly share: string | null;
      readonly shareUncertainty: string | null;
    }[];
  }[];
  readonly countriesOfOrigin: readonly {
    readonly country: string | null;
    readonly element: string;
    readonly massKg: string;
    readonly share: string;
  }[];
  /** kg CO2e per kg, 6 places; null when no run upstream recorded its emissions. */
  readonly co2eKgPerKg: string | null;
  readonly runsWithoutEmissions: readonly string[];
  /** SHA-256 (hex) of the canonical JSON of every input: see {@link statementInputsOf}. */
  readonly inputsSha256: string;
}

const SHARE_PLACES = 12;

/**
 * What a statement is computed from: the method version and rounding rule, the elements, and every
 * lot and run of the genealogy whose figures enter it (mass, composition with uncertainties,
 * category, country, inputs, outputs, losses) with the runs' recorded emissions. The same inputs
 * give the same statement, so their hash identifies what a frozen statement stood on.
 */
export function statementInputsOf(
  genealogy: Genealogy,
  lotId: string,
  elements: readonly string[],
  emissions: ReadonlyMap<string, RunEmissions>,
): unknown {
  const lotIds = lotsEnteringShares(genealogy, lotId);
  const runIds = [...new Set(lotIds.flatMap((id) => genealogy.lot(id)?.producedByRunId ?? []))].sort();
  return {
    methodVersion: STATEMENT_METHOD_VERSION,
    roundingRule: ATTRIBUTION_ROUNDING_RULE,
    lotId,
    elements,
    lots: lotIds.map((id) => genealogy.lot(id) ?? { lotId: id }),
    runs: runIds.map((id) => genealogy.run(id) ?? { runId: id }),
    emissions: runIds.flatMap((id) => {
      const recorded = emissions.get(id);
      return recorded ? [{ runId: id, ...recorded }] : [];
    }),
  };
}

/** The recycled-content statement of a lot, as of the genealogy given. */
export function recycledContentStatementOf(
  genealogy: Genealogy,
  lotId: string,
  elements: readonly string[],
  emissions: ReadonlyMap<string, RunEmissions>,
): StatementFigures {
  const content = recycledContentOf(genealogy, lotId, elements);
  const footprint = carbonFootprintOf(genealogy, lotId, emissions);
  const inputs = statementInputsOf(genealogy, lotId, elements, emissions);
  return {
    lotId,
    lotCode: genealogy.lot(lotId)?.lotCode,
    methodVersion: STATEMENT_METHOD_VERSION,
    chainOfCustodyModel: CHAIN_OF_CUSTODY_MODEL,
    roundingRule: ATTRIBUTION_ROUNDING_RULE,
    uncertaintyMethod: UNCERTAINTY_METHOD,
    carbonFootprintMethod: CARBON_FOOTPRINT_METHOD,
    elements: content.elements.map((element) => ({
      element: element.element,
      stated: element.stated,
      massKg: element.massKg,
      lotsWithoutUncertainty: element.lotsWithoutUncertainty,
      categories: element.categories.map((category) => ({
        category: category.category,
        massKg: category.massKg,
        share: category.share?.toDecimalString(SHARE_PLACES) ?? null,
        shareUncertainty: category.shareUncertainty ?? null,
      })),
    })),
    countriesOfOrigin: content.countriesOfOrigin.map((country) => ({
      country: country.country ?? null,
      element: country.element,
      massKg: country.massKg,
      share: country.share.toDecimalString(SHARE_PLACES),
    })),
    co2eKgPerKg: footprint.co2eKgPerKg ?? null,
    runsWithoutEmissions: footprint.runsWithoutEmissions,
    inputsSha256: createHash('sha256').update(canonicalJson(inputs)).digest('hex'),
  };
}
