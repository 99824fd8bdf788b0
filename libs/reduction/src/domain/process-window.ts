import { toPlainString } from '@rre/quantities';
import { decimalOf, textOf } from './decimal-field';
import { ReductionError } from './reduction-error';

/** The temperatures a step is meant to run at, °C (decimal strings), both ends included. */
export interface ProcessWindow {
  readonly minCelsius: string;
  readonly maxCelsius: string;
}

/** A temperature checked against its window; outside it, the override's reason that allowed it. */
export interface CheckedTemperature {
  readonly celsius: string;
  readonly overrideReason?: string;
}

/**
 * A temperature inside the window is taken as it is; outside it only with an explicit override
 * reason (kept with the run's parameters and announced in its planned event). A reason for a
 * temperature inside the window is refused too, so that no override is recorded that allowed nothing.
 */
export function checkTemperature(
  value: unknown,
  overrideReason: unknown,
  field: string,
  reasonField: string,
  window: ProcessWindow,
): CheckedTemperature {
  const temperature = decimalOf(value, field);
  const inside = temperature.gte(window.minCelsius) && temperature.lte(window.maxCelsius);
  // A blank reason is no reason: clients send "" for an empty form field.
  const hasReason =
    typeof overrideReason === 'string'
      ? overrideReason.trim() !== ''
      : overrideReason !== undefined && overrideReason !== null;
  if (inside) {
    if (hasReason) {
      throw new ReductionError({
        code: 'INVALID_INPUT',
        field: reasonField,
        value: JSON.stringify(overrideReason),
        rule: `is only for a temperature outside the process window ${window.minCelsius}-${window.maxCelsius} °C; ${toPlainString(temperature)} °C is inside it`,
      });
    }
    return { celsius: toPlainString(temperature) };
  }
  if (!hasReason) {
    throw new ReductionError({
      code: 'TEMPERATURE_OUTSIDE_WINDOW',
      field,
      value: toPlainString(temperature),
      rule: `must be within the process window ${window.minCelsius}-${window.maxCelsius} °C, or come with an override reason (${reasonField})`,
    });
  }
  return {
    celsius: toPlainString(temperature),
    overrideReason: textOf(overrideReason, reasonField, 500),
  };
}
