import { describeInput, MeasurementError, MeasurementErrorCode } from './measurement-error';

/**
 * Quality of a sample, after OPC UA's StatusCode (Part 8 data access): the severity decides how
 * summaries and integrals use it; the sub-status says why.
 */
export const MeasurementQuality = {
  GOOD: 'GOOD',
  GOOD_LOCAL_OVERRIDE: 'GOOD_LOCAL_OVERRIDE',
  UNCERTAIN: 'UNCERTAIN',
  UNCERTAIN_LAST_USABLE_VALUE: 'UNCERTAIN_LAST_USABLE_VALUE',
  UNCERTAIN_SENSOR_NOT_ACCURATE: 'UNCERTAIN_SENSOR_NOT_ACCURATE',
  UNCERTAIN_ENGINEERING_UNITS_EXCEEDED: 'UNCERTAIN_ENGINEERING_UNITS_EXCEEDED',
  SUBSTITUTED: 'SUBSTITUTED',
  BAD: 'BAD',
  BAD_SENSOR_FAILURE: 'BAD_SENSOR_FAILURE',
  BAD_COMMUNICATION_FAILURE: 'BAD_COMMUNICATION_FAILURE',
  BAD_OUT_OF_SERVICE: 'BAD_OUT_OF_SERVICE',
} as const;
export type MeasurementQuality = (typeof MeasurementQuality)[keyof typeof MeasurementQuality];

export type QualitySeverity = 'good' | 'uncertain' | 'bad';

const SEVERITY: Readonly<Record<MeasurementQuality, QualitySeverity>> = {
  GOOD: 'good',
  GOOD_LOCAL_OVERRIDE: 'good',
  UNCERTAIN: 'uncertain',
  UNCERTAIN_LAST_USABLE_VALUE: 'uncertain',
  UNCERTAIN_SENSOR_NOT_ACCURATE: 'uncertain',
  UNCERTAIN_ENGINEERING_UNITS_EXCEEDED: 'uncertain',
  // OPC UA's Uncertain_SubstituteValue: a value put in by a person or a rule, not measured.
  SUBSTITUTED: 'uncertain',
  BAD: 'bad',
  BAD_SENSOR_FAILURE: 'bad',
  BAD_COMMUNICATION_FAILURE: 'bad',
  BAD_OUT_OF_SERVICE: 'bad',
};

export const MEASUREMENT_QUALITIES = Object.keys(SEVERITY) as MeasurementQuality[];

export function severityOf(quality: MeasurementQuality): QualitySeverity {
  return SEVERITY[quality];
}

/** A bad sample is kept (it is what the MES sent) but is not a measurement: summaries and integrals skip it. */
export function isUsable(quality: MeasurementQuality): boolean {
  return SEVERITY[quality] !== 'bad';
}

export function parseMeasurementQuality(value: unknown, field: string): MeasurementQuality {
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(SEVERITY, value)) {
    return value as MeasurementQuality;
  }
  throw new MeasurementError({
    code: MeasurementErrorCode.UNKNOWN_QUALITY,
    field,
    value: describeInput(value),
    rule: `must be one of the quality codes ${MEASUREMENT_QUALITIES.join(', ')}`,
  });
}
