import { Mass } from './mass';
import { MassDelta } from './mass-delta';

describe('MassDelta', () => {
  it('may be negative and keeps its sign through arithmetic', () => {
    const residual = MassDelta.of('-0.25', 'KGM');
    expect(residual.toString()).toBe('-0.25 KGM');
    expect(residual.plus(Mass.of('100', 'GRM')).toString()).toBe('-0.15 KGM');
    expect(residual.minus(MassDelta.of('-250', 'GRM')).isZero()).toBe(true);
    expect(residual.negated().toString()).toBe('0.25 KGM');
    expect(residual.times('-4').toString()).toBe('1 KGM');
    expect(residual.abs().toString()).toBe('0.25 KGM');
    expect(residual.to('GRM').toString()).toBe('-250 GRM');
  });

  it('tells its sign, treating zero as neither', () => {
    expect(MassDelta.of('-1', 'MGM').isNegative()).toBe(true);
    expect(MassDelta.of('1', 'MGM').isPositive()).toBe(true);
    expect(MassDelta.zero().isNegative()).toBe(false);
    expect(MassDelta.zero().isPositive()).toBe(false);
    expect(MassDelta.zero().negated().toString()).toBe('0 KGM');
  });

  it('turns back into a Mass only when not negative', () => {
    expect(MassDelta.of('0.5', 'KGM').toMass().toString()).toBe('0.5 KGM');
    expect(() => Mass.of('1', 'KGM').minus(Mass.of('1.5', 'KGM')).toMass('remaining mass')).toThrow(
      'remaining mass: got -0.5 KGM, must not be negative: a measured mass is zero or more',
    );
  });

  it('reads its JSON back', () => {
    const delta = MassDelta.of('-12.003', 'GRM');
    expect(MassDelta.fromJSON(delta.toJSON()).equals(delta)).toBe(true);
    expect(Mass.of('3', 'KGM').toDelta().toString()).toBe('3 KGM');
  });
});
