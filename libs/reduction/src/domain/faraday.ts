import type Decimal from 'decimal.js';
import { atomicWeight, parseDecimal } from '@rre/quantities';

/** Faraday constant, C/mol (CODATA 2018, exact since the 2019 SI: e x N_A). */
export const FARADAY_C_PER_MOL = '96485.33212';
/** Electrons per atom reduced: Tb3+ and Dy3+ in chloride melts. */
export const ELECTRONS_PER_ATOM = 3;
/** The elements an electrolysis batch may target. */
export const TARGET_ELEMENTS = ['Tb', 'Dy'] as const;
export type TargetElement = (typeof TARGET_ELEMENTS)[number];

const SECONDS_PER_HOUR = parseDecimal('3600');

/** Molar mass of the target, g/mol: IUPAC standard atomic weights (Tb 158.925354, Dy 162.500). */
export function molarMassGPerMol(element: TargetElement): Decimal {
  return atomicWeight(element);
}

/**
 * Metal deposited per ampere-hour at 100 % current efficiency, g/Ah: M x 3600 / (n x F).
 * Tb: 158.925354 x 3600 / (3 x 96485.33212) = 1.97657... g/Ah; Dy: 162.500 x 3600 / (3 x 96485.33212) = 2.021033... g/Ah.
 */
export function gramsPerAmpereHour(element: TargetElement): Decimal {
  return molarMassGPerMol(element)
    .times(SECONDS_PER_HOUR)
    .div(parseDecimal(FARADAY_C_PER_MOL).times(ELECTRONS_PER_ATOM));
}

/** Faraday's law: m = Q x M / (n x F), in kg for a charge in A·s (coulombs). */
export function theoreticalMetalKg(chargeCoulombs: Decimal, element: TargetElement): Decimal {
  return chargeCoulombs
    .times(molarMassGPerMol(element))
    .div(parseDecimal(FARADAY_C_PER_MOL).times(ELECTRONS_PER_ATOM))
    .div(1000);
}
