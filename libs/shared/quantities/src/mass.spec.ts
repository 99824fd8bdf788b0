import Decimal from 'decimal.js';
import { Mass } from './mass';
import { MassDelta } from './mass-delta';
import { QuantityError } from './quantity-error';

describe('Mass', () => {
  it('holds an exact decimal with its unit and prints it without a JS number', () => {
    const mass = Mass.of('12.345', 'KGM');
    expect(mass.toString()).toBe('12.345 KGM');
    expect(mass.toJSON()).toEqual({ quantity: '12.345', uom: 'KGM' });
    expect(JSON.stringify({ mass })).toBe('{"mass":{"quantity":"12.345","uom":"KGM"}}');
    expect(mass.value).toBeInstanceOf(Decimal);
  });

  it('accepts strings, bigints and Decimals', () => {
    expect(Mass.of(5n, 'GRM').toString()).toBe('5 GRM');
    expect(Mass.of(new Decimal('0.25'), 'TNE').toString()).toBe('0.25 TNE');
  });

  it('refuses JS numbers, even integers', () => {
    expect(() => Mass.of(0.1 as unknown as string, 'KGM')).toThrow(
      /^mass: got the JS number 0.1, must be a decimal string such as "0.1"/,
    );
    expect(() => Mass.of(3 as unknown as string, 'KGM')).toThrow(QuantityError);
  });

  it('refuses a negative measured mass', () => {
    expect(() => Mass.of('-1.5', 'KGM', 'gross mass')).toThrow(
      'gross mass: got -1.5 KGM, must not be negative: a measured mass is zero or more',
    );
  });

  it('refuses an unknown unit', () => {
    expect(() => Mass.of('1', 'KG' as 'KGM')).toThrow(
      /^mass.unit: got "KG", must be a UN\/CEFACT Rec 20 mass unit code/,
    );
  });

  it('converts between mass units exactly', () => {
    const mass = Mass.of('1.5', 'TNE');
    expect(mass.to('KGM').toString()).toBe('1500 KGM');
    expect(mass.to('GRM').toString()).toBe('1500000 GRM');
    expect(mass.to('MGM').toString()).toBe('1500000000 MGM');
    expect(Mass.of('1', 'MGM').to('TNE').toString()).toBe('0.000000001 TNE');
    expect(Mass.of('0.000000001', 'TNE').to('MGM').toString()).toBe('1 MGM');
  });

  it('compares across units', () => {
    expect(Mass.of('1000', 'GRM').equals(Mass.of('1', 'KGM'))).toBe(true);
    expect(Mass.of('999.999', 'GRM').isLessThan(Mass.of('1', 'KGM'))).toBe(true);
    expect(Mass.of('1.000001', 'KGM').isGreaterThan(Mass.of('1000000', 'MGM'))).toBe(true);
    expect(Mass.of('2', 'KGM').compareTo(Mass.of('2000', 'GRM'))).toBe(0);
    expect(Mass.of('0', 'TNE').isZero()).toBe(true);
  });

  it('adds exactly, in the unit of the left operand', () => {
    expect(Mass.of('0.1', 'KGM').plus(Mass.of('0.2', 'KGM')).toString()).toBe('0.3 KGM');
    expect(Mass.of('1', 'KGM').plus(Mass.of('1', 'MGM')).toString()).toBe('1.000001 KGM');
    expect(Mass.sum([Mass.of('0.5', 'TNE'), Mass.of('250', 'KGM'), Mass.of('1', 'GRM')]).toString()).toBe(
      '0.750001 TNE',
    );
    expect(Mass.sum([]).toString()).toBe('0 KGM');
    expect(Mass.sum([], 'GRM').toString()).toBe('0 GRM');
  });

  it('subtracts into a signed MassDelta', () => {
    const delta = Mass.of('1', 'KGM').minus(Mass.of('1.25', 'KGM'));
    expect(delta).toBeInstanceOf(MassDelta);
    expect(delta.toString()).toBe('-0.25 KGM');
    expect(delta.isNegative()).toBe(true);
    expect(Mass.of('2', 'KGM').minus(Mass.of('500', 'GRM')).toMass().toString()).toBe('1.5 KGM');
  });

  it('multiplies by a non-negative decimal factor', () => {
    expect(Mass.of('12.5', 'KGM').times('0.042').toString()).toBe('0.525 KGM');
    expect(() => Mass.of('1', 'KGM').times('-1')).toThrow(
      'factor: got -1, must not be negative: a mass times a negative factor is not a mass',
    );
    expect(() => Mass.of('1', 'KGM').times(2 as unknown as string)).toThrow(/JS number/);
  });

  it('gives ratios as exact decimals carried to 80 digits', () => {
    expect(Mass.of('250', 'GRM').ratio(Mass.of('1', 'KGM')).toFixed()).toBe('0.25');
    expect(Mass.of('1', 'KGM').ratio(Mass.of('3', 'KGM')).toFixed()).toBe(`0.${'3'.repeat(80)}`);
    expect(() => Mass.of('1', 'KGM').ratio(Mass.of('0', 'GRM'))).toThrow(
      'mass: got 0 GRM, must not be zero as the denominator of a mass ratio',
    );
  });

  it('reads its own JSON back and refuses malformed JSON', () => {
    const mass = Mass.of('0.000001', 'TNE');
    expect(Mass.fromJSON(JSON.parse(JSON.stringify(mass))).toString()).toBe('0.000001 TNE');
    expect(() => Mass.fromJSON({ quantity: 12.5, uom: 'KGM' }, 'input mass')).toThrow(
      /^input mass.quantity: got the JS number 12.5, must be a decimal string such as "12.5"/,
    );
    expect(() => Mass.fromJSON({ quantity: '12.5', uom: 'kg' }, 'input mass')).toThrow(
      /^input mass.uom: got "kg"/,
    );
    expect(() => Mass.fromJSON('12.5 KGM', 'input mass')).toThrow(
      'input mass: got "12.5 KGM", must be an object { quantity: "<decimal string>", uom: "<Rec 20 code>" }',
    );
  });
});
