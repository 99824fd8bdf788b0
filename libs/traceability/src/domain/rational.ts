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

  /** A plain decimal string ("12.345", "-0.5") exactly. */
  static fromDecimal(text: string): Rational {
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!match) throw new RangeError(`Rational: "${text}" is not a plain decimal string`);
    const [, sign, whole, fraction = ''] = match;
    const numerator = BigInt(`${sign}${whole}${fraction}`);
    return Rational.of(numerator, 10n ** BigInt(fraction.length));
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
    const scaled = abs(this.numerator) * 10n ** BigInt(places);
    const down = scaled / this.denominator;
    const twiceRemainder = (scaled % this.denominator) * 2n;
    const rounded =
      twiceRemainder > this.denominator || (twiceRemainder === this.denominator && down % 2n === 1n)
        ? down + 1n
        : down;
    return this.numerator < 0n ? -rounded : rounded;
  }

  /**
   * The decimal text, exact when the fraction terminates within `maxPlaces` (mass x fraction always
   * does); otherwise rounded half-even to `maxPlaces`.
   */
  toDecimalString(maxPlaces = 30): string {
    for (let places = 0; places <= maxPlaces; places += 1) {
      const scale = 10n ** BigInt(places);
      if ((this.numerator * scale) % this.denominator === 0n) {
        return scaledIntegerToText((this.numerator * scale) / this.denominator, places);
      }
    }
    return scaledIntegerToText(this.roundedToScaledInteger(maxPlaces), maxPlaces);
  }
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

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The sum of the given rationals. */
export function sumOf(values: Iterable<Rational>): Rational {
  let sum = Rational.ZERO;
  for (const value of values) sum = sum.plus(value);
  return sum;
}
