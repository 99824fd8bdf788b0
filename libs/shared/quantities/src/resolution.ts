import { ROUND_HALF_EVEN } from './exact-decimal';
import { Mass } from './mass';
import { MassDelta } from './mass-delta';

/** The resolution at which masses are recorded and allocated: 1 mg. */
export const MASS_RESOLUTION_UNIT = 'MGM';

/** Whether a mass is a whole number of milligrams. */
export function isOnResolution(mass: Mass | MassDelta): boolean {
  return mass.valueIn(MASS_RESOLUTION_UNIT).isInteger();
}

/**
 * Rounds a mass to the recording resolution (1 mg), half-even (ties go to the even milligram:
 * 0.5 mg -> 0 mg, 1.5 mg -> 2 mg), keeping its unit. This is the one rounding step of a
 * calculation: do it at the end, once.
 */
export function roundToResolution(mass: Mass): Mass;
export function roundToResolution(mass: MassDelta): MassDelta;
export function roundToResolution(mass: Mass | MassDelta): Mass | MassDelta {
  const milligrams = mass.valueIn(MASS_RESOLUTION_UNIT).toDecimalPlaces(0, ROUND_HALF_EVEN);
  return mass instanceof Mass
    ? Mass.of(milligrams, MASS_RESOLUTION_UNIT).to(mass.unit)
    : MassDelta.of(milligrams, MASS_RESOLUTION_UNIT).to(mass.unit);
}
