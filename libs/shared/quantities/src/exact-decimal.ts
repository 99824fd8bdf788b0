import Decimal from 'decimal.js';
import { describeValue, QuantityError } from './quantity-error';

/** Significant digits kept by sums, differences and products (rounding half-even beyond them). */
export const WORKING_PRECISION = 60;

/**
 * Significant digits kept by quotients: 20 guard digits over {@link WORKING_PRECISION}, so that a
 * quotient multiplied back by its divisor (and rounded to the working precision) gives the dividend
 * exactly. This is what makes element -> oxide -> element and dry -> wet -> dry round trips exact.
 */
export const QUOTIENT_PRECISION = 80;

/** Longest decimal string accepted, a guard against absurd inputs rather than a precision rule. */
export const MAX_DECIMAL_STRING_LENGTH = 1000;

/** Decimal exponents beyond this are refused (a guard: no mass or fraction is near 1e1000). */
const MAX_ABS_EXPONENT = 1000;

/**
 * The only decimal text accepted: optional minus, digits, optional fraction. No exponent, no plus
 * sign, no spaces, no thousands separators, no "NaN" or "Infinity".
 */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** A value this library accepts as a decimal. JS numbers are deliberately not part of it. */
export type DecimalInput = string | bigint | Decimal;

// Private clones: the global Decimal (precision 20, configurable by anyone) is never used.
const Working = Decimal.clone({
  precision: WORKING_PRECISION,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
const Guarded = Working.clone({ precision: QUOTIENT_PRECISION });

/** Rounding modes used by this library, re-exported so callers never reach for the global Decimal. */
export const ROUND_HALF_EVEN = Decimal.ROUND_HALF_EVEN;
export const ROUND_DOWN = Decimal.ROUND_DOWN;

/** A decimal of this library's working configuration; arithmetic on it keeps that configuration. */
export function exact(value: string | bigint | Decimal): Decimal {
  return new Working(value);
}

export const ZERO = exact('0');
export const ONE = exact('1');

/**
 * Parses a decimal input strictly and returns it on this library's private Decimal configuration.
 * Refuses JS numbers (they have already passed through binary floating point), strings not matching
 * {@link DECIMAL_PATTERN}, non-finite Decimals and values beyond {@link QUOTIENT_PRECISION}
 * significant digits, each with a {@link QuantityError} naming the field, the value and the rule.
 */
export function parseDecimal(input: unknown, field = 'value'): Decimal {
  if (typeof input === 'number') {
    throw new QuantityError({
      code: 'JS_NUMBER_REFUSED',
      field,
      value: String(input),
      detail: `got the JS number ${String(input)}`,
      rule: `must be a decimal string such as "${Number.isFinite(input) ? String(input) : '12.5'}" or a Decimal: binary floating point cannot hold most decimal fractions exactly`,
    });
  }
  let parsed: Decimal;
  if (typeof input === 'string') {
    if (input.length > MAX_DECIMAL_STRING_LENGTH || !DECIMAL_PATTERN.test(input)) {
      throw new QuantityError({
        code: 'INVALID_DECIMAL',
        field,
        value: describeValue(input),
        rule: `must be a plain decimal string (optional minus, digits, optional fraction, no exponent, at most ${MAX_DECIMAL_STRING_LENGTH} characters), e.g. "12.345"`,
      });
    }
    parsed = new Working(input);
  } else if (typeof input === 'bigint') {
    parsed = new Working(input);
  } else if (Decimal.isDecimal(input)) {
    if (!input.isFinite()) {
      throw new QuantityError({
        code: 'INVALID_DECIMAL',
        field,
        value: input.toString(),
        rule: 'must be a finite decimal',
      });
    }
    parsed = new Working(input);
  } else {
    throw new QuantityError({
      code: 'INVALID_DECIMAL',
      field,
      value: describeValue(input),
      rule: 'must be a decimal string (e.g. "12.345"), a bigint or a Decimal',
    });
  }
  if (parsed.isZero()) return ZERO; // also turns -0 into 0
  if (parsed.sd() > QUOTIENT_PRECISION || Math.abs(parsed.e) > MAX_ABS_EXPONENT) {
    throw new QuantityError({
      code: 'INVALID_DECIMAL',
      field,
      value: describeValue(typeof input === 'string' ? input : toPlainString(parsed)),
      rule: `must have at most ${QUOTIENT_PRECISION} significant digits and a magnitude between 1e-${MAX_ABS_EXPONENT} and 1e${MAX_ABS_EXPONENT}`,
    });
  }
  return parsed;
}

/** A Decimal (of any configuration) as plain decimal text: never an exponent, never "-0". */
export function toPlainString(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

/**
 * `dividend / divisor` to {@link QUOTIENT_PRECISION} significant digits. Every division in this
 * library goes through here, so that quotients carry guard digits.
 */
export function quotient(dividend: Decimal, divisor: Decimal): Decimal {
  return new Working(new Guarded(dividend).div(divisor));
}

const powersOfTen = new Map<number, Decimal>();

/** `value * 10^exponent`, exactly (for any value this library accepts). */
export function shiftByPowerOfTen(value: Decimal, exponent: number): Decimal {
  if (exponent === 0) return new Working(value);
  let power = powersOfTen.get(exponent);
  if (power === undefined) {
    power = new Guarded('10').pow(exponent);
    powersOfTen.set(exponent, power);
  }
  return new Working(new Guarded(value).times(power));
}

/** `integer / 10^scale` built from its digits, exactly: (12345n, 3) gives 12.345. */
export function fromScaledInteger(integer: bigint, scale: number): Decimal {
  if (scale <= 0) return new Working((integer * 10n ** BigInt(-scale)).toString());
  const negative = integer < 0n;
  const digits = (negative ? -integer : integer).toString().padStart(scale + 1, '0');
  return new Working(`${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

/** Percent text for messages: 1.032 -> "103.2 %". */
export function formatPercent(fraction: Decimal): string {
  return `${toPlainString(shiftByPowerOfTen(fraction, 2))} %`;
}
