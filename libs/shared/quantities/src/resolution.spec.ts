import { Mass } from './mass';
import { MassDelta } from './mass-delta';
import { isOnResolution, roundToResolution } from './resolution';

describe('roundToResolution (1 mg, half-even)', () => {
  it('rounds to the nearest milligram, ties to the even milligram, keeping the unit', () => {
    expect(roundToResolution(Mass.of('0.0000005', 'KGM')).toString()).toBe('0 KGM');
    expect(roundToResolution(Mass.of('0.0000015', 'KGM')).toString()).toBe('0.000002 KGM');
    expect(roundToResolution(Mass.of('2.5', 'MGM')).toString()).toBe('2 MGM');
    expect(roundToResolution(Mass.of('3.5', 'MGM')).toString()).toBe('4 MGM');
    expect(roundToResolution(Mass.of('3.5000001', 'MGM')).toString()).toBe('4 MGM');
    expect(roundToResolution(Mass.of('1.2345678', 'GRM')).toString()).toBe('1.235 GRM');
    expect(roundToResolution(Mass.of('0.0000000015', 'TNE')).toString()).toBe('0.000000002 TNE');
  });

  it('rounds signed differences the same way', () => {
    expect(roundToResolution(MassDelta.of('-2.5', 'MGM')).toString()).toBe('-2 MGM');
    expect(roundToResolution(MassDelta.of('-0.0000035', 'KGM')).toString()).toBe('-0.000004 KGM');
  });

  it('leaves a whole number of milligrams alone and says so', () => {
    const mass = Mass.of('12.345678', 'KGM');
    expect(isOnResolution(mass)).toBe(true);
    expect(roundToResolution(mass).toString()).toBe('12.345678 KGM');
    expect(isOnResolution(Mass.of('12.3456789', 'KGM'))).toBe(false);
  });
});
