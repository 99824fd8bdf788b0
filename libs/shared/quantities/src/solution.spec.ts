import { Density } from './density';
import { MassConcentration } from './mass-concentration';
import { elementMassInSolution, massConcentrationOf, solutionMass, solutionVolume } from './solution';
import { Volume } from './volume';
import { Mass } from './mass';

describe('solutions', () => {
  it('gives the element mass as volume x concentration', () => {
    expect(
      elementMassInSolution(Volume.of('250', 'LTR'), MassConcentration.of('12.5', 'GL')).toString(),
    ).toBe('3.125 KGM');
    expect(
      elementMassInSolution(Volume.of('2500', 'MLT'), MassConcentration.of('400', 'M1'), 'GRM').toString(),
    ).toBe('1 GRM');
    expect(
      elementMassInSolution(Volume.of('1.2', 'MTQ'), MassConcentration.of('0.35', 'GL')).toString(),
    ).toBe('0.42 KGM');
  });

  it('gives the solution mass as volume x density', () => {
    expect(solutionMass(Volume.of('250', 'LTR'), Density.of('1.18', 'B35')).toString()).toBe('295 KGM');
    expect(solutionMass(Volume.of('1', 'MTQ'), Density.of('1180', 'KMQ'), 'TNE').toString()).toBe('1.18 TNE');
    expect(solutionMass(Volume.of('10', 'MLT'), Density.of('1.05', 'GJ'), 'GRM').toString()).toBe('10.5 GRM');
    expect(solutionMass(Volume.of('10', 'MLT'), Density.of('7.5', '23'), 'GRM').toString()).toBe('75 GRM');
  });

  it('goes back from mass to volume and from mass to concentration', () => {
    expect(solutionVolume(Mass.of('295', 'KGM'), Density.of('1.18', 'B35')).toString()).toBe('250 LTR');
    expect(massConcentrationOf(Mass.of('3.125', 'KGM'), Volume.of('250', 'LTR')).toString()).toBe('12.5 GL');
    expect(massConcentrationOf(Mass.of('1', 'GRM'), Volume.of('2.5', 'LTR'), 'M1').toString()).toBe('400 M1');
    expect(() => solutionVolume(Mass.of('1', 'KGM'), Density.of('0', 'B35'))).toThrow(
      'density: got 0 B35, must not be zero to compute a volume from a mass',
    );
    expect(() => massConcentrationOf(Mass.of('1', 'KGM'), Volume.zero())).toThrow(
      /^volume: got 0 LTR, must not be zero/,
    );
  });

  it('keeps density and concentration apart, by type and by unit checks', () => {
    const density = Density.of('1.18', 'B35');
    const concentration = MassConcentration.of('1180', 'GL');
    // @ts-expect-error a concentration is not a density
    const mixedUp: Density = concentration;
    expect(mixedUp).toBe(concentration);
    expect(density.to('GL').toString()).toBe('1180 GL');
    expect(concentration.to('M1').toString()).toBe('1180000 M1');
    expect(() => Density.of('-1', 'B35')).toThrow('density: got -1 B35, must not be negative');
    expect(() => MassConcentration.of('1', 'P1' as 'GL')).toThrow(
      /^concentration.unit: got "P1", a mass fraction unit/,
    );
    expect(Density.fromJSON({ quantity: '1.18', uom: 'B35' }).equals(density)).toBe(true);
    expect(MassConcentration.fromJSON({ quantity: '1180', uom: 'GL' }).equals(concentration)).toBe(true);
  });
});
