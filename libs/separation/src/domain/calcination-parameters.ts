import { toPlainString } from '@rre/quantities';
import { boundedDecimal, objectOf, oneOf } from './separation-input';

export const CALCINATION_ATMOSPHERES = ['AIR', 'OXYGEN', 'INERT'] as const;
export type CalcinationAtmosphere = (typeof CALCINATION_ATMOSPHERES)[number];

/** A calcination run: a precipitate becomes an oxide (Tb4O7, Dy2O3) in a furnace. */
export interface CalcinationParameters {
  readonly temperatureCelsius: string;
  readonly durationH: string;
  readonly atmosphere: CalcinationAtmosphere;
}

export interface CalcinationParametersInput {
  readonly temperatureCelsius: string;
  readonly durationH: string;
  readonly atmosphere: string;
}

/** Validates a calcination run's parameters: 400 to 1400 °C, above 0 and at most 72 h, a known atmosphere. */
export function calcinationParameters(
  raw: CalcinationParametersInput,
  field = 'calcination',
): CalcinationParameters {
  const input = objectOf(raw, field, 'calcination parameters');
  return {
    temperatureCelsius: toPlainString(
      boundedDecimal(input['temperatureCelsius'], `${field}.temperatureCelsius`, {
        atLeast: '400',
        atMost: '1400',
        unit: '°C',
      }),
    ),
    durationH: toPlainString(
      boundedDecimal(input['durationH'], `${field}.durationH`, { above: '0', atMost: '72', unit: 'h' }),
    ),
    atmosphere: oneOf(input['atmosphere'], CALCINATION_ATMOSPHERES, `${field}.atmosphere`),
  };
}
