import type Decimal from 'decimal.js';
import { atomicWeight, type AtomicWeights, STANDARD_ATOMIC_WEIGHTS } from './atomic-weights';
import { type ElementSymbol, parseElementSymbol } from './elements';
import { exact, quotient, ZERO } from './exact-decimal';
import { describeValue, QuantityError } from './quantity-error';

/** One element of a formula and how many atoms of it one formula unit holds. */
export interface FormulaTerm {
  readonly element: ElementSymbol;
  readonly count: number;
}

/**
 * The oxide in which each element's content is conventionally reported after calcination
 * (Tb and Pr form the mixed-valence Tb4O7 and Pr6O11; Ce forms CeO2; most rare earths R2O3).
 */
// prettier-ignore
export const CONVENTIONAL_OXIDES: Readonly<Partial<Record<ElementSymbol, string>>> = Object.freeze({
  Sc: 'Sc2O3', Y: 'Y2O3', La: 'La2O3', Ce: 'CeO2', Pr: 'Pr6O11', Nd: 'Nd2O3', Sm: 'Sm2O3',
  Eu: 'Eu2O3', Gd: 'Gd2O3', Tb: 'Tb4O7', Dy: 'Dy2O3', Ho: 'Ho2O3', Er: 'Er2O3', Tm: 'Tm2O3',
  Yb: 'Yb2O3', Lu: 'Lu2O3', Fe: 'Fe2O3', Al: 'Al2O3', B: 'B2O3', Si: 'SiO2', Ca: 'CaO',
  Mg: 'MgO', Th: 'ThO2', U: 'U3O8',
});

const FORMULA_PATTERN = /^(?:[A-Z][a-z]?(?:[1-9]\d{0,3})?)+$/;
const TERM_PATTERN = /([A-Z][a-z]?)([1-9]\d{0,3})?/g;

/**
 * Parses a simple formula such as "Tb4O7" or "Pr6O11": element symbols, each followed by an
 * optional count (1-9999). Parentheses and hydrates are not supported. A repeated element adds up.
 */
export function parseFormula(formula: string, field = 'formula'): readonly FormulaTerm[] {
  if (typeof formula !== 'string' || !FORMULA_PATTERN.test(formula)) {
    throw new QuantityError({
      code: 'INVALID_FORMULA',
      field,
      value: describeValue(formula),
      rule: 'must be a simple formula such as "Tb4O7": element symbols each followed by an optional count, no parentheses',
    });
  }
  const counts = new Map<ElementSymbol, number>();
  for (const [, symbol, count] of formula.matchAll(TERM_PATTERN)) {
    const element = parseElementSymbol(symbol, field);
    counts.set(element, (counts.get(element) ?? 0) + Number.parseInt(count ?? '1', 10));
  }
  return [...counts].map(([element, count]) => ({ element, count }));
}

/** Molar mass of a formula (g/mol), exact: the sum of count x atomic weight. */
export function molarMass(formula: string, weights: AtomicWeights = STANDARD_ATOMIC_WEIGHTS): Decimal {
  return parseFormula(formula).reduce(
    (sum, term) => sum.plus(atomicWeight(term.element, weights).times(exact(BigInt(term.count)))),
    ZERO,
  );
}

/** The conventional oxide formula of an element (see {@link CONVENTIONAL_OXIDES}). */
export function conventionalOxide(element: ElementSymbol): string {
  const symbol = parseElementSymbol(element);
  const oxide = CONVENTIONAL_OXIDES[symbol];
  if (oxide === undefined) {
    throw new QuantityError({
      code: 'INVALID_FORMULA',
      field: 'oxide',
      value: symbol,
      rule: `must be named explicitly: no conventional oxide is configured for ${symbol} (known: ${Object.keys(CONVENTIONAL_OXIDES).join(', ')})`,
    });
  }
  return oxide;
}

/**
 * The mass of `element` in one mole of `formula` over the formula's molar mass, kept as the exact
 * numerator and denominator so that conversions can multiply once and divide once.
 */
export interface StoichiometricRatio {
  readonly element: ElementSymbol;
  readonly formula: string;
  /** count x atomic weight of the element, g/mol (exact). */
  readonly elementMolarMass: Decimal;
  /** molar mass of the formula, g/mol (exact). */
  readonly formulaMolarMass: Decimal;
  /** elementMolarMass / formulaMolarMass, to 80 significant digits (Tb in Tb4O7: 0.8502...). */
  readonly factor: Decimal;
}

export function stoichiometricRatio(
  element: ElementSymbol,
  formula: string = conventionalOxide(element),
  weights: AtomicWeights = STANDARD_ATOMIC_WEIGHTS,
): StoichiometricRatio {
  const symbol = parseElementSymbol(element);
  const term = parseFormula(formula).find((t) => t.element === symbol);
  if (term === undefined) {
    throw new QuantityError({
      code: 'INVALID_FORMULA',
      field: 'formula',
      value: describeValue(formula),
      rule: `must contain ${symbol} to convert ${symbol} contents`,
    });
  }
  const elementMolarMass = atomicWeight(symbol, weights).times(exact(BigInt(term.count)));
  const formulaMolarMass = molarMass(formula, weights);
  return {
    element: symbol,
    formula,
    elementMolarMass,
    formulaMolarMass,
    factor: quotient(elementMolarMass, formulaMolarMass),
  };
}

/**
 * The mass fraction of `element` in `formula` (default: its conventional oxide): the factor that
 * turns an oxide mass into an element mass. Tb in Tb4O7: 0.8502; Dy in Dy2O3: 0.8713;
 * Nd in Nd2O3: 0.8574; Pr in Pr6O11: 0.8277 (to 4 decimals).
 */
export function stoichiometricFactor(
  element: ElementSymbol,
  formula?: string,
  weights: AtomicWeights = STANDARD_ATOMIC_WEIGHTS,
): Decimal {
  return stoichiometricRatio(element, formula ?? conventionalOxide(element), weights).factor;
}
