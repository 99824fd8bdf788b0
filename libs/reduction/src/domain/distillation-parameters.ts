import { toPlainString } from '@rre/quantities';
import { boundedDecimal, fieldPath, oneOf } from './decimal-field';
import { TARGET_ELEMENTS, type TargetElement } from './faraday';
import { checkTemperature, type ProcessWindow } from './process-window';

/** How a vacuum distillation run separates the cathode metal from the rare earth. */
export interface DistillationParameters {
  readonly temperatureCelsius: string;
  /** Why a temperature outside the window was allowed. */
  readonly temperatureOverrideReason?: string;
  readonly pressurePa: string;
  readonly durationHours: string;
  readonly targetElement: TargetElement;
}

export interface DistillationParametersInput {
  readonly temperatureCelsius: string;
  readonly pressurePa: string;
  readonly durationHours: string;
  readonly targetElement: string;
  readonly temperatureOverrideReason?: string;
}

/** Pressure above 0 and below one atmosphere (it is a vacuum); duration above 0, at most a week. */
export function distillationParameters(
  input: DistillationParametersInput,
  window: ProcessWindow,
  field = 'distillation',
): DistillationParameters {
  const temperature = checkTemperature(
    input.temperatureCelsius,
    input.temperatureOverrideReason,
    fieldPath(field, 'temperatureCelsius'),
    fieldPath(field, 'temperatureOverrideReason'),
    window,
  );
  return {
    temperatureCelsius: temperature.celsius,
    ...(temperature.overrideReason === undefined
      ? {}
      : { temperatureOverrideReason: temperature.overrideReason }),
    pressurePa: toPlainString(
      boundedDecimal(input.pressurePa, fieldPath(field, 'pressurePa'), {
        above: '0',
        atMost: '101325',
        unit: 'Pa',
      }),
    ),
    durationHours: toPlainString(
      boundedDecimal(input.durationHours, fieldPath(field, 'durationHours'), {
        above: '0',
        atMost: '168',
        unit: 'h',
      }),
    ),
    targetElement: oneOf(input.targetElement, TARGET_ELEMENTS, fieldPath(field, 'targetElement')),
  };
}
