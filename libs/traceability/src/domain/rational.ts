/**
 * An exact fraction of two integers, for the backward trace: shares multiply along a path and
 * add across paths with no rounding at all, so the one rounding at the end is the only one.
 */
export class Rational {
  private constructor(
    readonly numerator: bigint,
    /** Always positive; the fraction is always reduced. */
    readonly denominator: bigint,
  ) {}

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  static of(numerator: bigint, denominator = 1n): Rational {
    if (denominator === 0n) throw new RangeError('Rational: denominator must not be zero');
    const sign = denominator < 0n ? -1n : 1n;
    const divisor = gcd(abs(numerator), abs(denominator)) || 1n;
    return new Rational((sign * numerator) / divisor, (sign * denominator) / divisor);
  }

  /**
   * numerator / (the product of the factors), reduced one factor at a time: gcd(n, ab) = g * gcd(n / g,
   * b) with g = gcd(n, a), so a denominator kept as its factors (a trace's run denominators) is
   * reduced with gcds of numbers the size of one factor, not of the whole product.
   */
  static ofFactored(numerator: bigint, denominatorFactors: readonly bigint[]): Rational {
    if (numerator === 0n) return Rational.ZERO;
    let n = numerator;
    let d = 1n;
    for (const factor of denominatorFactors) {
      if (factor <= 0n) throw new RangeError('Rational: denominator factors must be positive');
      const g = gcd(factor, abs(n) % factor);
      if (g === 1n) {
        d *= factor;
      } else {
        n /= g;
        d *= factor / g;
      }
    }
    return new Rational(n, d);
  }

  /** A plain decimal string ("12.345", "-0.5") exactly. */
  static fromDecimal(text: string): Rational {
    const { value, places } = scaledDecimal(text);
    return Rational.of(value, pow10(places));
  }

  // plus and times reduce by the gcds of the smaller parts (Knuth, TAOCP 4.5.1), since both operands
  // are reduced: sums over thousands of inputs spent their time in gcds of the full products.
  plus(other: Rational): Rational {
    const g = gcd(this.denominator, other.denominator);
    if (g === 1n) {
      return new Rational(
        this.numerator * other.denominator + other.numerator * this.denominator,
        this.denominator * other.denominator,
      );
    }
    const t = this.numerator * (other.denominator / g) + other.numerator * (this.denominator / g);
    if (t === 0n) return Rational.ZERO;
    const g2 = gcd(abs(t), g);
    return new Rational(t / g2, (this.denominator / g) * (other.denominator / g2));
  }

  minus(other: Rational): Rational {
    return this.plus(Rational.of(-other.numerator, other.denominator));
  }

  times(other: Rational): Rational {
    if (this.numerator === 0n || other.numerator === 0n) return Rational.ZERO;
    // Reduced fractions are canonical: x 1 is the other factor itself.
    if (other.numerator === other.denominator) return this;
    if (this.numerator === this.denominator) return other;
    const g1 = gcd(abs(this.numerator), other.denominator);
    const g2 = gcd(abs(other.numerator), this.denominator);
    return new Rational(
      (this.numerator / g1) * (other.numerator / g2),
      (this.denominator / g2) * (other.denominator / g1),
    );
  }

  dividedBy(other: Rational): Rational {
    if (other.numerator === 0n) throw new RangeError('Rational: division by zero');
    return Rational.of(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  compare(other: Rational): -1 | 0 | 1 {
    const left = this.numerator * other.denominator;
    const right = other.numerator * this.denominator;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  isZero(): boolean {
    return this.numerator === 0n;
  }

  isPositive(): boolean {
    return this.numerator > 0n;
  }

  /** Rounded half-even to a whole multiple of 10^-places, as that multiple. */
  roundedToScaledInteger(places: number): bigint {
    return roundedQuotient(this.numerator, this.denominator, places);
  }

  /**
   * The decimal text, exact when the fraction terminates within `maxPlaces` (mass x fraction always
   * does); otherwise rounded half-even to `maxPlaces`.
   */
  toDecimalString(maxPlaces = 30): string {
    return quotientText(this.numerator, this.denominator, maxPlaces);
  }
}

/**
 * numerator / denominator (a positive denominator; the fraction need not be reduced) rounded
 * half-even to a whole multiple of 10^-places, as that multiple.
 */
export function roundedQuotient(numerator: bigint, denominator: bigint, places: number): bigint {
  const scaled = abs(numerator) * pow10(places);
  const down = scaled / denominator;
  const rounded = halfEven(down, scaled - down * denominator, denominator);
  return numerator < 0n ? -rounded : rounded;
}

/**
 * The decimal text of numerator / denominator as {@link Rational.toDecimalString} writes it, for a
 * positive denominator and a fraction that need not be reduced (a share over its run's common
 * denominator reads the same without the gcds).
 */
export function quotientText(numerator: bigint, denominator: bigint, maxPlaces = 30): string {
  // Terminates within maxPlaces iff n x 10^maxPlaces is a multiple of d; the fewest places are
  // then that quotient without its trailing zeros.
  const scaled = abs(numerator) * pow10(maxPlaces);
  const down = scaled / denominator;
  const remainder = scaled - down * denominator;
  if (remainder !== 0n) {
    const rounded = halfEven(down, remainder, denominator);
    return scaledIntegerToText(numerator < 0n ? -rounded : rounded, maxPlaces);
  }
  let quotient = numerator < 0n ? -down : down;
  let places = maxPlaces;
  while (places > 0 && quotient % 10n === 0n) {
    quotient /= 10n;
    places -= 1;
  }
  return scaledIntegerToText(quotient, places);
}

/** down + remainder / denominator (0 <= remainder < denominator) rounded half-even to an integer. */
function halfEven(down: bigint, remainder: bigint, denominator: bigint): bigint {
  const twiceRemainder = remainder * 2n;
  return twiceRemainder > denominator || (twiceRemainder === denominator && down % 2n === 1n)
    ? down + 1n
    : down;
}

export function scaledIntegerToText(value: bigint, places: number): string {
  const negative = value < 0n;
  const digits = abs(value)
    .toString()
    .padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

const SAFE_INTEGER = BigInt(Number.MAX_SAFE_INTEGER);

/** Euclid's gcd of two non-negative integers; in doubles (exact below 2^53) once both fit. */
export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    if (a <= SAFE_INTEGER && b <= SAFE_INTEGER) return BigInt(smallGcd(Number(a), Number(b)));
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

function smallGcd(a: number, b: number): number {
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

const POWERS_OF_TEN: bigint[] = [];

/** 10^places as a BigInt (cached). */
export function pow10(places: number): bigint {
  let power = POWERS_OF_TEN[places];
  if (power === undefined) {
    power = 10n ** BigInt(places);
    if (places < 64) POWERS_OF_TEN[places] = power;
  }
  return power;
}

/** A plain decimal string ("12.345", "-0.5") as an integer and its decimal places (12345, 3). */
export function scaledDecimal(text: string): { value: bigint; places: number } {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`Rational: "${text}" is not a plain decimal string`);
  const [, sign, whole, fraction = ''] = match;
  return { value: BigInt(`${sign}${whole}${fraction}`), places: fraction.length };
}

/** The sum of the given rationals. */
export function sumOf(values: Iterable<Rational>): Rational {
  let sum = Rational.ZERO;
  for (const value of values) sum = sum.plus(value);
  return sum;
}
