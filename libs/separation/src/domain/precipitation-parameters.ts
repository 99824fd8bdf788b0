import { toPlainString } from '@rre/quantities';
import { boundedDecimal, objectOf, oneOf } from './separation-input';

export const PRECIPITANTS = ['OXALIC_ACID', 'AMMONIUM_BICARBONATE', 'SODIUM_CARBONATE'] as const;
export type Precipitant = (typeof PRECIPITANTS)[number];

/** A precipitation run: a strip-liquor fraction becomes an oxalate (or carbonate) precipitate. */
export interface PrecipitationParameters {
  readonly precipitant: Precipitant;
  readonly temperatureCelsius: string;
  readonly ph: string;
}

export interface PrecipitationParametersInput {
  readonly precipitant: string;
  readonly temperatureCelsius: string;
  readonly ph: string;
}

/** Validates a precipitation run's parameters: a known precipitant, 0 to 100 °C (aqueous), pH 0 to 14. */
export function precipitationParameters(
  raw: PrecipitationParametersInput,
  field = 'precipitation',
): PrecipitationParameters {
  const input = objectOf(raw, field, 'precipitation parameters');
  return {
    precipitant: oneOf(input['precipitant'], PRECIPITANTS, `${field}.precipitant`),
    temperatureCelsius: toPlainString(
      boundedDecimal(input['temperatureCelsius'], `${field}.temperatureCelsius`, {
        atLeast: '0',
        atMost: '100',
        unit: '°C',
      }),
    ),
    ph: toPlainString(boundedDecimal(input['ph'], `${field}.ph`, { atLeast: '0', atMost: '14' })),
  };
}
