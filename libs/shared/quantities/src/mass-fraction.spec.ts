import { MassFraction } from './mass-fraction';

describe('MassFraction', () => {
  it('converts exactly between fraction, wt %, ppm and ppb', () => {
    const dy = MassFraction.of('3.2', 'P1');
    expect(dy.fraction.toFixed()).toBe('0.032');
    expect(dy.to('59').toString()).toBe('32000 59');
    expect(dy.to('61').toString()).toBe('32000000 61');
    expect(MassFraction.of('81', '59').to('P1').toString()).toBe('0.0081 P1');
    expect(MassFraction.of('0.25').toString()).toBe('0.25 C62');
    expect(MassFraction.of('32000', '59').equals(dy)).toBe(true);
  });

  it('accepts 0 and 100 % and refuses anything outside', () => {
    expect(MassFraction.of('100', 'P1').fraction.toFixed()).toBe('1');
    expect(MassFraction.zero().isZero()).toBe(true);
    expect(() => MassFraction.of('100.1', 'P1', 'Dy content')).toThrow(
      'Dy content: got 100.1 P1 (100.1 %), must be between 0 % and 100 %',
    );
    expect(() => MassFraction.of('-0.001')).toThrow(
      'mass fraction: got -0.001 C62 (-0.1 %), must be between 0 % and 100 %',
    );
    expect(() => MassFraction.of('1000001', '59')).toThrow(/must be between 0 % and 100 %/);
  });

  it('gives its complement and percent text', () => {
    const moisture = MassFraction.of('7', 'P1');
    expect(moisture.complement().toString()).toBe('93 P1');
    expect(moisture.toPercentText()).toBe('7 %');
  });

  it('reads its JSON back', () => {
    expect(MassFraction.fromJSON({ quantity: '250', uom: '59' }).toPercentText()).toBe('0.025 %');
  });
});
