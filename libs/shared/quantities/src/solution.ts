import { quotient } from './exact-decimal';
import { Density } from './density';
import { Mass } from './mass';
import { MassConcentration } from './mass-concentration';
import { QuantityError } from './quantity-error';
import type { MassPerVolumeUnit, MassUnit, VolumeUnit } from './units';
import { Volume } from './volume';

// Volume in litres times mass per volume in grams per litre gives grams: every step is exact.

/** Mass of an element in a solution: volume x element concentration (e.g. 250 L x 12.5 g/L = 3.125 kg). */
export function elementMassInSolution(
  volume: Volume,
  concentration: MassConcentration,
  unit: MassUnit = 'KGM',
): Mass {
  return Mass.of(volume.valueIn('LTR').times(concentration.valueIn('GL')), 'GRM').to(unit);
}

/** Mass of the solution itself: volume x density (e.g. 250 L x 1.18 kg/L = 295 kg). */
export function solutionMass(volume: Volume, density: Density, unit: MassUnit = 'KGM'): Mass {
  return Mass.of(volume.valueIn('LTR').times(density.valueIn('GL')), 'GRM').to(unit);
}

/** Volume of a solution of known mass and density (quotient to 80 significant digits). */
export function solutionVolume(mass: Mass, density: Density, unit: VolumeUnit = 'LTR'): Volume {
  if (density.isZero()) {
    throw new QuantityError({
      code: 'DIVISION_BY_ZERO',
      field: 'density',
      value: density.toString(),
      rule: 'must not be zero to compute a volume from a mass',
    });
  }
  return Volume.of(quotient(mass.valueIn('GRM'), density.valueIn('GL')), 'LTR').to(unit);
}

/** Element concentration from an element mass and the solution volume (quotient to 80 significant digits). */
export function massConcentrationOf(
  elementMass: Mass,
  volume: Volume,
  unit: MassPerVolumeUnit = 'GL',
): MassConcentration {
  if (volume.isZero()) {
    throw new QuantityError({
      code: 'DIVISION_BY_ZERO',
      field: 'volume',
      value: volume.toString(),
      rule: 'must not be zero to compute a concentration',
    });
  }
  return MassConcentration.of(quotient(elementMass.valueIn('GRM'), volume.valueIn('LTR')), 'GL').to(unit);
}
