import { toPlainString } from '@rre/quantities';
import { ConcentrationError } from './concentration-error';
import { boundedDecimal, textOf } from './decimal-field';

/** How an adsorption run on unused resources is operated (decimals as plain strings). */
export interface AdsorptionParameters {
  /** The tracked adsorbent batch loaded in the column. */
  readonly adsorbentBatchId: string;
  /** Which use of that batch this run is (1 for a fresh batch). */
  readonly cycleNumber: number;
  readonly column: string;
  readonly bedVolumeL: string;
  readonly feedVolumeL: string;
  readonly ph: string;
  readonly temperatureCelsius: string;
}

export interface AdsorptionParametersInput {
  readonly adsorbentBatchId: string;
  readonly cycleNumber: number;
  readonly column: string;
  readonly bedVolumeL: string;
  readonly feedVolumeL: string;
  readonly ph: string;
  readonly temperatureCelsius: string;
}

/** Validates an adsorption run's parameters: volumes above 0 L, pH 0 to 14, 0 to 100 °C (aqueous feed). */
export function adsorptionParameters(
  input: AdsorptionParametersInput,
  field = 'adsorption',
): AdsorptionParameters {
  if (!Number.isInteger(input.cycleNumber) || input.cycleNumber < 1 || input.cycleNumber > 100_000) {
    throw new ConcentrationError({
      code: 'OUT_OF_RANGE',
      field: `${field}.cycleNumber`,
      value: String(input.cycleNumber),
      rule: 'must be a whole number from 1 (a fresh batch) to 100000',
    });
  }
  const positiveVolume = (value: string, name: string) =>
    toPlainString(boundedDecimal(value, `${field}.${name}`, { above: '0', unit: 'L' }));
  return {
    adsorbentBatchId: textOf(input.adsorbentBatchId, `${field}.adsorbentBatchId`),
    cycleNumber: input.cycleNumber,
    column: textOf(input.column, `${field}.column`),
    bedVolumeL: positiveVolume(input.bedVolumeL, 'bedVolumeL'),
    feedVolumeL: positiveVolume(input.feedVolumeL, 'feedVolumeL'),
    ph: toPlainString(boundedDecimal(input.ph, `${field}.ph`, { atLeast: '0', atMost: '14' })),
    temperatureCelsius: toPlainString(
      boundedDecimal(input.temperatureCelsius, `${field}.temperatureCelsius`, {
        atLeast: '0',
        atMost: '100',
        unit: '°C',
      }),
    ),
  };
}

/** Bed volumes of feed passed through the column: feed volume / bed volume. */
export function bedVolumesOfFeed(parameters: AdsorptionParameters): string {
  return toPlainString(
    boundedDecimal(parameters.feedVolumeL, 'feedVolumeL', { atLeast: '0' }).div(parameters.bedVolumeL),
  );
}
