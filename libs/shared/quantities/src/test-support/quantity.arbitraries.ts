// fast-check generators shared by this library's property tests (not exported from the library).
import fc from 'fast-check';
import { Mass } from '../mass';
import { MassFraction } from '../mass-fraction';
import type { MassUnit } from '../units';

/** `mantissa / 10^scale` as plain decimal text: (12345n, 3) -> "12.345". */
export function decimalText(mantissa: bigint, scale: number): string {
  const negative = mantissa < 0n;
  const digits = (negative ? -mantissa : mantissa).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Non-negative decimal text with up to `maxDigits` digits and up to `maxScale` decimal places. */
export function decimalTextArb(maxDigits = 15, maxScale = 6, allowNegative = false): fc.Arbitrary<string> {
  const limit = 10n ** BigInt(maxDigits) - 1n;
  return fc
    .tuple(fc.bigInt({ min: allowNegative ? -limit : 0n, max: limit }), fc.integer({ min: 0, max: maxScale }))
    .map(([mantissa, scale]) => decimalText(mantissa, scale));
}

export const massUnitArb: fc.Arbitrary<MassUnit> = fc.constantFrom('KGM', 'GRM', 'MGM', 'TNE');

/** A recorded mass: up to 15 significant digits, up to 9 decimal places, any mass unit. */
export const massArb: fc.Arbitrary<Mass> = fc
  .tuple(decimalTextArb(15, 9), massUnitArb)
  .map(([value, unit]) => Mass.of(value, unit));

/** A mass that is a whole number of milligrams (up to 10^13 mg = 10,000 t), expressed in any unit. */
export const massOnResolutionArb: fc.Arbitrary<Mass> = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 13n }), massUnitArb)
  .map(([milligrams, unit]) => Mass.of(milligrams, 'MGM').to(unit));

/** A mass fraction in [0, 1] with up to 8 decimal places (as an assay reports it). */
export const fractionArb: fc.Arbitrary<MassFraction> = fc
  .tuple(
    fc.bigInt({ min: 0n, max: 10n ** 8n }),
    fc.constantFrom('C62', 'P1', '59') as fc.Arbitrary<'C62' | 'P1' | '59'>,
  )
  .map(([hundredMillionths, unit]) => MassFraction.of(decimalText(hundredMillionths, 8), 'C62').to(unit));

/** A moisture fraction below 100 % (0 to 99.9999 %). */
export const moistureArb: fc.Arbitrary<MassFraction> = fc
  .bigInt({ min: 0n, max: 999_999n })
  .map((millionths) => MassFraction.of(decimalText(millionths, 6)));

/** Allocation weights: 1 to 12 non-negative decimals (some zero), at least one of them positive. */
export const weightsArb: fc.Arbitrary<string[]> = fc
  .array(fc.oneof(decimalTextArb(9, 6), fc.constant('0')), { minLength: 1, maxLength: 12 })
  .filter((weights) => weights.some((w) => /[1-9]/.test(w)));

/**
 * A cheap assertion for property bodies: Jest's `expect` builds an error with a stack trace on every
 * call, which dominates the run time at thousands of cases. Throws (and so fails the property) only on failure.
 */
export function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

/** `check` that two values print the same: exact equality of decimal digits and unit. */
export function checkSame(
  actual: { toString(): string },
  expected: { toString(): string },
  what: string,
): void {
  const a = actual.toString();
  const e = expected.toString();
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
