import Decimal from 'decimal.js';
import fc from 'fast-check';
import {
  exact,
  fromScaledInteger,
  formatPercent,
  parseDecimal,
  QUOTIENT_PRECISION,
  quotient,
  shiftByPowerOfTen,
  toPlainString,
  WORKING_PRECISION,
} from './exact-decimal';
import { QuantityError } from './quantity-error';
import { decimalTextArb } from './test-support/quantity.arbitraries';

describe('parseDecimal', () => {
  it('accepts plain decimal strings, bigints and Decimals', () => {
    expect(toPlainString(parseDecimal('12.345'))).toBe('12.345');
    expect(toPlainString(parseDecimal('-0.5'))).toBe('-0.5');
    expect(toPlainString(parseDecimal('007.50'))).toBe('7.5');
    expect(toPlainString(parseDecimal(42n))).toBe('42');
    expect(toPlainString(parseDecimal(new Decimal('0.1')))).toBe('0.1');
  });

  it('turns -0 into 0', () => {
    expect(toPlainString(parseDecimal('-0'))).toBe('0');
    expect(parseDecimal('-0.000').isNegative()).toBe(false);
  });

  it('refuses a JS number, naming the value and the rule', () => {
    expect(() => parseDecimal(0.1, 'mass')).toThrow(
      'mass: got the JS number 0.1, must be a decimal string such as "0.1" or a Decimal: binary floating point cannot hold most decimal fractions exactly',
    );
    expect(() => parseDecimal(3, 'factor')).toThrow(QuantityError);
    try {
      parseDecimal(3, 'factor');
    } catch (error: unknown) {
      expect(error).toMatchObject({ code: 'JS_NUMBER_REFUSED', field: 'factor', value: '3' });
    }
  });

  it.each([
    '1e3',
    '1.2E-3',
    '+1',
    '.5',
    '5.',
    '1,5',
    ' 1',
    '1 ',
    '',
    'NaN',
    'Infinity',
    '0x10',
    '--1',
    '1.2.3',
  ])('refuses the string %j', (text) => {
    expect(() => parseDecimal(text, 'value')).toThrow(/^value: got ".*", must be a plain decimal string/);
  });

  it('refuses non-finite Decimals and other types', () => {
    expect(() => parseDecimal(new Decimal(NaN), 'v')).toThrow('v: got NaN, must be a finite decimal');
    expect(() => parseDecimal(new Decimal(Infinity), 'v')).toThrow(
      'v: got Infinity, must be a finite decimal',
    );
    expect(() => parseDecimal(null, 'v')).toThrow('v: got null, must be a decimal string');
    expect(() => parseDecimal({ value: '1' }, 'v')).toThrow('v: got an object, must be a decimal string');
  });

  it('refuses more significant digits than it can carry exactly', () => {
    expect(() => parseDecimal('1'.repeat(QUOTIENT_PRECISION))).not.toThrow();
    expect(() => parseDecimal('1'.repeat(QUOTIENT_PRECISION + 1))).toThrow(/at most 80 significant digits/);
    expect(() => parseDecimal('1'.repeat(1001))).toThrow(/at most 1000 characters/);
  });

  it('round-trips any decimal text through Decimal and back', () => {
    fc.assert(
      fc.property(decimalTextArb(30, 20, true), (text) => {
        expect(toPlainString(parseDecimal(toPlainString(parseDecimal(text))))).toBe(
          toPlainString(parseDecimal(text)),
        );
        expect(parseDecimal(text).equals(new Decimal(text))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('private decimal configuration', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    expect(toPlainString(exact('0.1').plus(exact('0.2')))).toBe('0.3');
  });

  it('rounds products half-even at 60 significant digits', () => {
    expect(WORKING_PRECISION).toBe(60);
    // 1 + 5e-60 has 61 digits; the tie goes to the even neighbour, 1.
    expect(toPlainString(exact('1').plus(exact(`0.${'0'.repeat(59)}5`)))).toBe('1');
    expect(toPlainString(exact('1').plus(exact(`0.${'0'.repeat(58)}15`)))).toBe(`1.${'0'.repeat(58)}2`);
  });

  it('carries quotients to 80 significant digits', () => {
    expect(toPlainString(quotient(exact('1'), exact('3')))).toBe(`0.${'3'.repeat(80)}`);
    expect(toPlainString(quotient(exact('2'), exact('3')))).toBe(`0.${'6'.repeat(79)}7`);
  });

  it('is not affected by anyone reconfiguring the global Decimal', () => {
    const saved = Decimal.precision;
    Decimal.set({ precision: 5, rounding: Decimal.ROUND_DOWN });
    try {
      expect(toPlainString(parseDecimal('1.23456789').times(parseDecimal('3')))).toBe('3.70370367');
      expect(toPlainString(parseDecimal(new Decimal('1.5')).plus(parseDecimal('0.0000001')))).toBe(
        '1.5000001',
      );
    } finally {
      Decimal.set({ precision: saved, rounding: Decimal.ROUND_HALF_UP });
    }
  });

  it('never writes an exponent', () => {
    expect(toPlainString(exact('1e-30'))).toBe(`0.${'0'.repeat(29)}1`);
    expect(toPlainString(exact('1e25'))).toBe(`1${'0'.repeat(25)}`);
    expect(toPlainString(new Decimal('1e-30'))).toBe(`0.${'0'.repeat(29)}1`);
  });

  it('shifts by powers of ten exactly, even for 80-digit values', () => {
    const third = quotient(exact('1'), exact('3'));
    expect(shiftByPowerOfTen(shiftByPowerOfTen(third, 9), -9).equals(third)).toBe(true);
    expect(toPlainString(shiftByPowerOfTen(exact('1.5'), 3))).toBe('1500');
    expect(toPlainString(shiftByPowerOfTen(exact('1.5'), -6))).toBe('0.0000015');
  });

  it('formats fractions as percent text', () => {
    expect(formatPercent(exact('1.032'))).toBe('103.2 %');
    expect(formatPercent(exact('0.005'))).toBe('0.5 %');
  });
});

describe('fromScaledInteger', () => {
  it('places the decimal point exactly', () => {
    expect(toPlainString(fromScaledInteger(12345n, 3))).toBe('12.345');
    expect(toPlainString(fromScaledInteger(5n, 6))).toBe('0.000005');
    expect(toPlainString(fromScaledInteger(-5n, 2))).toBe('-0.05');
    expect(toPlainString(fromScaledInteger(7n, 0))).toBe('7');
    expect(toPlainString(fromScaledInteger(7n, -3))).toBe('7000');
  });
});
