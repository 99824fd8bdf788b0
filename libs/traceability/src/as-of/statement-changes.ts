import type { ContentCategory } from '../domain/content-category';
import { Rational, scaledIntegerToText } from '../domain/rational';
import type { StatementFigures } from '../domain/recycled-content-statement';

/** One figure of a statement that changed: an element's kg (category TOTAL) or a category's kg and share. */
export interface StatementFigureChange {
  readonly element: string;
  readonly category: ContentCategory | 'TOTAL';
  readonly beforeKg: string;
  readonly afterKg: string;
  /** after - before, kg, 6 places (the figures are at 1 mg, so exact). */
  readonly differenceKg: string;
  readonly beforeShare: string | null;
  readonly afterShare: string | null;
  /** after - before, 12 places; null when either share is null. */
  readonly differenceShare: string | null;
}

export interface CountryChange {
  readonly element: string;
  readonly country: string | null;
  readonly beforeKg: string;
  readonly afterKg: string;
  readonly differenceKg: string;
}

/** What changed between a statement's figures before and after. */
export interface StatementChanges {
  readonly figures: readonly StatementFigureChange[];
  readonly countries: readonly CountryChange[];
  /** Set only when the footprint changed. */
  readonly co2eKgPerKg: { readonly before: string | null; readonly after: string | null } | null;
}

const KG_PLACES = 6;
const SHARE_PLACES = 12;

function difference(before: string, after: string, places: number): string {
  return scaledIntegerToText(
    Rational.fromDecimal(after).minus(Rational.fromDecimal(before)).roundedToScaledInteger(places),
    places,
  );
}

function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Rational.fromDecimal(a).compare(Rational.fromDecimal(b)) === 0;
}

/**
 * The figures of `after` that differ from `before`, per element of `before` (an element `after`
 * does not state counts as 0 kg), in `before`'s order. Empty when nothing a reader relies on
 * changed (the inputs' hash alone may differ).
 */
export function statementChanges(before: StatementFigures, after: StatementFigures): StatementChanges {
  const figures: StatementFigureChange[] = [];
  for (const element of before.elements) {
    const now = after.elements.find((each) => each.element === element.element);
    const pairs: [ContentCategory | 'TOTAL', string, string, string | null, string | null][] = [
      ['TOTAL', element.massKg, now?.massKg ?? '0', null, null],
      ...element.categories.map((category) => {
        const next = now?.categories.find((each) => each.category === category.category);
        return [
          category.category,
          category.massKg,
          next?.massKg ?? '0',
          category.share,
          next?.share ?? null,
        ] as [ContentCategory, string, string, string | null, string | null];
      }),
    ];
    for (const [category, beforeKg, afterKg, beforeShare, afterShare] of pairs) {
      if (sameDecimal(beforeKg, afterKg) && sameDecimal(beforeShare, afterShare)) continue;
      figures.push({
        element: element.element,
        category,
        beforeKg,
        afterKg,
        differenceKg: difference(beforeKg, afterKg, KG_PLACES),
        beforeShare,
        afterShare,
        differenceShare:
          beforeShare === null || afterShare === null
            ? null
            : difference(beforeShare, afterShare, SHARE_PLACES),
      });
    }
  }
  const key = (each: { element: string; country: string | null }) =>
    `${each.element}\u0000${each.country ?? ''}`;
  const beforeCountries = new Map(before.countriesOfOrigin.map((each) => [key(each), each]));
  const afterCountries = new Map(after.countriesOfOrigin.map((each) => [key(each), each]));
  const countries: CountryChange[] = [];
  for (const id of new Set([...beforeCountries.keys(), ...afterCountries.keys()])) {
    const was = beforeCountries.get(id);
    const is = afterCountries.get(id);
    const beforeKg = was?.massKg ?? '0';
    const afterKg = is?.massKg ?? '0';
    if (sameDecimal(beforeKg, afterKg)) continue;
    countries.push({
      element: (was ?? is)?.element ?? '',
      country: (was ?? is)?.country ?? null,
      beforeKg,
      afterKg,
      differenceKg: difference(beforeKg, afterKg, KG_PLACES),
    });
  }
  const co2eKgPerKg = sameDecimal(before.co2eKgPerKg, after.co2eKgPerKg)
    ? null
    : { before: before.co2eKgPerKg, after: after.co2eKgPerKg };
  return { figures, countries, co2eKgPerKg };
}

export function nothingChanged(changes: StatementChanges): boolean {
  return changes.figures.length === 0 && changes.countries.length === 0 && changes.co2eKgPerKg === null;
}
