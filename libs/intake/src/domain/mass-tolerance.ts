import type Decimal from 'decimal.js';
import type { Mass, MassDelta, MassFraction } from '@rre/quantities';

/** How the recycler's declared mass compares with the plant's weighed net mass. */
export interface MassComparison {
  readonly declared: Mass;
  readonly net: Mass;
  /** net - declared (negative: less arrived than declared). */
  readonly difference: MassDelta;
  /** |net - declared| / declared, a plain fraction. */
  readonly relativeDifference: Decimal;
  readonly tolerance: MassFraction;
  /** The difference exceeds the tolerance: the delivery is disputed with the supplier. */
  readonly disputed: boolean;
}

/**
 * Compares declared and weighed mass: disputed when |net - declared| / declared is above the
 * tolerance (2 % by default). Exactly at the tolerance is not a dispute.
 */
export function compareDeclaredWithNet(declared: Mass, net: Mass, tolerance: MassFraction): MassComparison {
  const difference = net.minus(declared);
  const relativeDifference = difference.abs().ratio(declared);
  return {
    declared,
    net,
    difference,
    relativeDifference,
    tolerance,
    disputed: relativeDifference.greaterThan(tolerance.fraction),
  };
}
