import type Decimal from 'decimal.js';
import { type DecimalInput, fromScaledInteger, parseDecimal, toPlainString } from './exact-decimal';
import { Mass } from './mass';
import { QuantityError } from './quantity-error';
import { isOnResolution, MASS_RESOLUTION_UNIT, roundToResolution } from './resolution';
import { MASS_UNITS } from './units';

export interface AllocationOptions {
  /**
   * What to do with a total that is not a whole number of milligrams: 'refuse' (the default) or
   * 'round-half-even', which rounds it once to 1 mg before allocating (the parts then sum to the
   * rounded total).
   */
  readonly totalOffResolution?: 'refuse' | 'round-half-even';
  /** The field named in error messages. Default "allocation". */
  readonly field?: string;
}

/**
 * Splits `total` over `weights` in proportion, so that the parts sum EXACTLY to the total at 1 mg
 * resolution (largest-remainder, or Hamilton, method):
 *
 * 1. each exact share `total x weight / sum of weights` is computed in exact integer arithmetic
 *    (milligrams times scaled weights), with no rounding along the way;
 * 2. each part is its share rounded down to a whole milligram;
 * 3. the milligrams left over (fewer than the number of weights) go one each to the parts with the
 *    largest remainders; equal remainders are broken by position, earliest first (the order of the
 *    array, or of the record's keys as `Object.keys` lists them - note that JavaScript lists
 *    integer-like keys such as "2" first, in ascending order).
 *
 * So every part is within 1 mg of its exact share (below it by less than 1 mg, or above it by less
 * than 1 mg), zero weights get zero, and scaling all weights by one factor changes nothing.
 * Negative weights, or weights that are all zero, are refused. The total must be a whole number of
 * milligrams unless `totalOffResolution: 'round-half-even'` is given. Parts are in the total's unit.
 *
 * `allocate(Mass.of('1', 'KGM'), ['1', '1', '1'])` gives 0.333334, 0.333333 and 0.333333 KGM.
 */
export function allocate<K extends string>(
  total: Mass,
  weights: Readonly<Record<K, DecimalInput>>,
  options?: AllocationOptions,
): Record<K, Mass>;
export function allocate(total: Mass, weights: readonly DecimalInput[], options?: AllocationOptions): Mass[];
export function allocate(
  total: Mass,
  weights: Readonly<Record<string, DecimalInput>> | readonly DecimalInput[],
  options: AllocationOptions = {},
): Record<string, Mass> | Mass[] {
  const field = options.field ?? 'allocation';
  const keys = Array.isArray(weights) ? weights.map((_, i) => String(i)) : Object.keys(weights);
  const values: readonly DecimalInput[] = Array.isArray(weights)
    ? weights
    : Object.values<DecimalInput>(weights as Readonly<Record<string, DecimalInput>>);
  const parsed = values.map((w, i) => parseWeight(w, `${field}.weights[${JSON.stringify(keys[i])}]`));
  const milligrams = allocateMilligrams(totalInMilligrams(total, options, field), parsed, field);
  // A milligram count in the total's unit is the same digits with the decimal point moved.
  const scale = MASS_UNITS[total.unit].exponentOfBase - MASS_UNITS[MASS_RESOLUTION_UNIT].exponentOfBase;
  const parts = milligrams.map((mg) => Mass.of(fromScaledInteger(mg, scale), total.unit));
  return Array.isArray(weights) ? parts : Object.fromEntries(keys.map((key, i) => [key, parts[i]]));
}

function parseWeight(weight: DecimalInput, field: string): Decimal {
  const parsed = parseDecimal(weight, field);
  if (parsed.isNegative()) {
    throw new QuantityError({
      code: 'INVALID_WEIGHTS',
      field,
      value: toPlainString(parsed),
      rule: 'must not be negative: allocation weights are zero or more',
    });
  }
  return parsed;
}

function totalInMilligrams(total: Mass, options: AllocationOptions, field: string): bigint {
  let onResolution = total;
  if (!isOnResolution(total)) {
    if (options.totalOffResolution !== 'round-half-even') {
      throw new QuantityError({
        code: 'NOT_ON_RESOLUTION',
        field: `${field}.total`,
        value: total.toString(),
        rule: "must be a whole number of milligrams (round it first, or pass totalOffResolution: 'round-half-even')",
      });
    }
    onResolution = roundToResolution(total);
  }
  return BigInt(onResolution.valueIn(MASS_RESOLUTION_UNIT).toFixed(0));
}

/** A decimal as an integer numerator over 10^scale, exactly (toFixed with enough places never rounds). */
function scaledInteger(value: Decimal, scale: number): bigint {
  return BigInt(value.toFixed(scale).replace('.', ''));
}

/** The largest-remainder split of `totalMg` milligrams over non-negative weights; exact integer arithmetic. */
function allocateMilligrams(totalMg: bigint, weights: readonly Decimal[], field: string): bigint[] {
  const scale = Math.max(0, ...weights.map((w) => w.decimalPlaces()));
  const scaled = weights.map((w) => scaledInteger(w, scale));
  const weightSum = scaled.reduce((sum, w) => sum + w, 0n);
  if (weightSum === 0n) {
    throw new QuantityError({
      code: 'INVALID_WEIGHTS',
      field: `${field}.weights`,
      value: weights.length === 0 ? 'no weights' : 'all weights zero',
      rule: 'must include at least one weight greater than zero',
    });
  }
  const parts = scaled.map((w) => (totalMg * w) / weightSum);
  const remainders = scaled.map((w) => (totalMg * w) % weightSum);
  let leftover = totalMg - parts.reduce((sum, p) => sum + p, 0n);
  // Largest remainder first; equal remainders in the order given (a stable, deterministic tie-break).
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (leftover === 0n) break;
    parts[index] += 1n;
    leftover -= 1n;
  }
  return parts;
}
