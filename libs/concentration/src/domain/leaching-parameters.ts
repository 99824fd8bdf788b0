import { toPlainString } from '@rre/quantities';
import { ConcentrationError } from './concentration-error';
import { boundedDecimal } from './decimal-field';

/** Lixiviants for NdFeB magnet scrap. */
export const LeachingAcid = {
  HYDROCHLORIC: 'HYDROCHLORIC',
  SULFURIC: 'SULFURIC',
  NITRIC: 'NITRIC',
} as const;
export type LeachingAcid = (typeof LeachingAcid)[keyof typeof LeachingAcid];
export const LEACHING_ACIDS = Object.values(LeachingAcid);

/** How a leaching run of magnet scrap is operated (decimals as plain strings). */
export interface LeachingParameters {
  readonly acid: LeachingAcid;
  /** Acid concentration of the lixiviant, mol/L. */
  readonly acidConcentrationMolPerL: string;
  readonly temperatureCelsius: string;
}

export interface LeachingParametersInput {
  readonly acid: string;
  readonly acidConcentrationMolPerL: string;
  readonly temperatureCelsius: string;
}

/**
 * Validates a leaching run's parameters. Acid concentration above 0 and at most 18 mol/L
 * (concentrated sulfuric acid); temperature 0 to 250 °C (up to pressure leaching).
 */
export function leachingParameters(input: LeachingParametersInput, field = 'leaching'): LeachingParameters {
  if (!(LEACHING_ACIDS as readonly string[]).includes(input.acid)) {
    throw new ConcentrationError({
      code: 'INVALID_INPUT',
      field: `${field}.acid`,
      value: JSON.stringify(input.acid),
      rule: `must be one of ${LEACHING_ACIDS.join(', ')}`,
    });
  }
  const concentration = boundedDecimal(input.acidConcentrationMolPerL, `${field}.acidConcentrationMolPerL`, {
    above: '0',
    atMost: '18',
    unit: 'mol/L',
  });
  const temperature = boundedDecimal(input.temperatureCelsius, `${field}.temperatureCelsius`, {
    atLeast: '0',
    atMost: '250',
    unit: '°C',
  });
  return {
    acid: input.acid as LeachingAcid,
    acidConcentrationMolPerL: toPlainString(concentration),
    temperatureCelsius: toPlainString(temperature),
  };
}
