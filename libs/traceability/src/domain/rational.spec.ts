import { quotientText, Rational } from './rational';

describe('Rational', () => {
  it('keeps thirds exact where decimals cannot: 1/3 + 1/3 + 1/3 = 1', () => {
    const third = Rational.of(1n, 3n);
    expect(third.plus(third).plus(third).compare(Rational.ONE)).toBe(0);
  });

  it('reads plain decimals exactly and writes terminating products exactly', () => {
    expect(Rational.fromDecimal('12.5').times(Rational.fromDecimal('0.0123')).toDecimalString()).toBe(
      '0.15375',
    );
    expect(() => Rational.fromDecimal('1e3')).toThrow('"1e3" is not a plain decimal string');
  });

  it('rounds half-even to a scale: 2.5 mg -> 2 mg, 3.5 mg -> 4 mg, 2/3 mg -> 1 mg', () => {
    expect(Rational.fromDecimal('0.0000025').roundedToScaledInteger(6)).toBe(2n);
    expect(Rational.fromDecimal('0.0000035').roundedToScaledInteger(6)).toBe(4n);
    expect(Rational.of(2n, 3_000_000n).roundedToScaledInteger(6)).toBe(1n);
    expect(Rational.fromDecimal('-0.0000035').roundedToScaledInteger(6)).toBe(-4n);
  });

  it('writes an unreduced quotient as its reduced fraction: 6/8 = 0.75, 2/6 = 0.333 (3 places), -5/20 = -0.25', () => {
    expect(quotientText(6n, 8n)).toBe('0.75');
    expect(quotientText(2n, 6n, 3)).toBe(Rational.of(1n, 3n).toDecimalString(3));
    expect(quotientText(2n, 6n, 3)).toBe('0.333');
    expect(quotientText(-5n, 20n)).toBe('-0.25');
    expect(quotientText(5n, 2000n, 3)).toBe('0.002');
    expect(quotientText(15n, 2000n, 3)).toBe('0.008');
    expect(quotientText(-15n, 2000n, 3)).toBe('-0.008');
    expect(quotientText(30n, 10n)).toBe('3');
  });
});
