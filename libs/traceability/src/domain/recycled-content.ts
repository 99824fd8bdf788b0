import { attributeToSources, SourceShares } from './attribute-to-sources';
import { categoryOf, CONTENT_CATEGORIES, type ContentCategory } from './content-category';
import type { Genealogy, GenealogyLot } from './genealogy';
import { Rational, scaledIntegerToText } from './rational';
import { shareUncertainties } from './share-uncertainty';

/** Version of the attribution method and its rounding rule; a change of either is a new version. */
export const STATEMENT_METHOD_VERSION = 'physical-allocation/1';

export const CHAIN_OF_CUSTODY_MODEL = 'controlled blending: physical allocation through the genealogy';

/** The elements every statement reports, whether the lot's composition states them or not. */
export const STATEMENT_ELEMENTS: readonly string[] = ['Nd', 'Pr', 'Dy', 'Tb', 'B', 'Co'];

export { UNCERTAINTY_METHOD, lotsEnteringShares } from './share-uncertainty';
export { categoryOf, CONTENT_CATEGORIES, type ContentCategory } from './content-category';

export interface CategoryContent {
  readonly category: ContentCategory;
  /** Sum of the category's attributed masses (1 mg, the trace's one rounding), kg. */
  readonly massKg: string;
  /** Exact share of the element's mass; undefined when the lot's composition does not state the element. */
  readonly share?: Rational;
  /** Standard uncertainty of the share (fraction of one, 6 places); undefined when no assay states one. */
  readonly shareUncertainty?: string;
}

export interface ElementContent {
  readonly element: string;
  /** Whether the lot's current composition states the element (else its mass is unknown, reported 0). */
  readonly stated: boolean;
  /** The lot's element mass rounded half-even to 1 mg, kg; the categories' masses sum to it exactly. */
  readonly massKg: string;
  readonly categories: readonly CategoryContent[];
  /** Lots of the genealogy whose fraction of the element enters the shares without a stated uncertainty. */
  readonly lotsWithoutUncertainty: number;
}

export interface CountryShare {
  /** ISO 3166-1 alpha-2 of the sources' country of origin; undefined: unknown or unattributed. */
  readonly country?: string;
  readonly element: string;
  readonly massKg: string;
  readonly share: Rational;
}

export interface RecycledContent {
  readonly lotId: string;
  readonly elements: readonly ElementContent[];
  readonly countriesOfOrigin: readonly CountryShare[];
}

/**
 * The recycled content of a lot per element, from the exact backward attribution: each source
 * lot's attributed mass (rounded once, summing exactly to the element's mass) goes to its
 * category, and its exact share to the category's share; countries of origin likewise.
 */
export function recycledContentOf(
  genealogy: Genealogy,
  lotId: string,
  elements: readonly string[],
): RecycledContent {
  const shares = new SourceShares(genealogy);
  const lot = genealogy.lot(lotId);
  const contents: ElementContent[] = [];
  const countries: CountryShare[] = [];
  for (const element of elements) {
    const trace = attributeToSources(genealogy, lotId, element, shares);
    const stated = lot?.composition[element] !== undefined;
    const massMg = new Map<ContentCategory, bigint>();
    const exact = new Map<ContentCategory, Rational>();
    const countryMg = new Map<string, { mg: bigint; share: Rational }>();
    for (const source of trace.sources) {
      const category = categoryOf(source.source);
      const mg = milligramsOf(source.attributedKg);
      massMg.set(category, (massMg.get(category) ?? 0n) + mg);
      exact.set(category, (exact.get(category) ?? Rational.ZERO).plus(source.share));
      const country = source.source?.countryOfOrigin ?? '';
      const entry = countryMg.get(country) ?? { mg: 0n, share: Rational.ZERO };
      countryMg.set(country, { mg: entry.mg + mg, share: entry.share.plus(source.share) });
    }
    const uncertainty = stated ? shareUncertainties(genealogy, lotId, element) : undefined;
    contents.push({
      element,
      stated,
      massKg: trace.elementMassKg,
      categories: CONTENT_CATEGORIES.map((category) => ({
        category,
        massKg: scaledIntegerToText(massMg.get(category) ?? 0n, 6),
        share: stated && trace.sources.length > 0 ? (exact.get(category) ?? Rational.ZERO) : undefined,
        shareUncertainty: uncertainty?.byCategory.get(category),
      })),
      lotsWithoutUncertainty: uncertainty?.lotsWithout ?? 0,
    });
    if (!stated) continue;
    for (const [country, { mg, share }] of [...countryMg].sort(([a], [b]) => byCountry(a, b))) {
      countries.push({
        country: country === '' ? undefined : country,
        element,
        massKg: scaledIntegerToText(mg, 6),
        share,
      });
    }
  }
  return { lotId, elements: contents, countriesOfOrigin: countries };
}

/** The elements of a statement: the six it always reports, then the others of the lot's composition. */
export function statementElementsOf(lot: GenealogyLot | undefined): string[] {
  const others = Object.keys(lot?.composition ?? {})
    .filter((element) => !STATEMENT_ELEMENTS.includes(element))
    .sort();
  return [...STATEMENT_ELEMENTS, ...others];
}

function byCountry(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  return a < b ? -1 : 1;
}

function milligramsOf(kg: string): bigint {
  return BigInt(kg.replace('.', ''));
}
