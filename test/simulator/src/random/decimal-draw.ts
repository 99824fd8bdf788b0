import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { SeededRandom } from './seeded-random';

/**
 * Decimal figures drawn from a seeded stream without passing a recorded figure through binary
 * floating point: a draw picks a whole number of resolution steps, and the decimal is built from it.
 */

const TEN = parseDecimal('10');

function steps(value: Decimal, places: number): number {
  const scaled = value.times(TEN.pow(places));
  if (!scaled.isInteger()) throw new Error(`${toPlainString(value)} is not on ${places} decimal places`);
  return scaled.toNumber();
}

/** A decimal uniform in [min, max] on `places` decimal places, e.g. ("3", "8", 3) -> "5.127". */
export function drawDecimal(random: SeededRandom, min: string, max: string, places: number): Decimal {
  const low = steps(parseDecimal(min), places);
  const high = steps(parseDecimal(max), places);
  return parseDecimal(BigInt(random.integer(low, high))).dividedBy(TEN.pow(places));
}

/** 1 + relative x z for a normal z clipped to [-limit, limit]: the error of one measurement. */
export function noiseFactor(random: SeededRandom, relative: number, limit = 1): Decimal {
  const z = random.normal(limit);
  const millionths = Math.round(relative * z * 1_000_000); // whole millionths: no float reaches a figure
  return parseDecimal('1').plus(parseDecimal(BigInt(millionths)).dividedBy('1000000'));
}

/** Half-even rounding to `places` decimal places. */
export function roundTo(value: Decimal, places: number): Decimal {
  return parseDecimal(value.toDecimalPlaces(places, 6 /* ROUND_HALF_EVEN */));
}

/** Rounding up (away from zero) to `places` decimal places: an uncertainty is never understated. */
export function roundUpTo(value: Decimal, places: number): Decimal {
  return parseDecimal(value.toDecimalPlaces(places, 0 /* ROUND_UP */));
}

/** Rounding to `digits` significant digits, half-even. */
export function toSignificant(value: Decimal, digits: number): Decimal {
  return parseDecimal(value.toSignificantDigits(digits, 6));
}

export const decimalText = toPlainString;

/** Rounding up (away from zero) to `digits` significant digits. */
export function roundUpSignificant(value: Decimal, digits: number): Decimal {
  return parseDecimal(value.toSignificantDigits(digits, 0));
}
