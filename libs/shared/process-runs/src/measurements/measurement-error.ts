/** Stable codes a client can branch on (GraphQL `extensions.code` is BAD_USER_INPUT or NOT_FOUND, `reason` is this). */
export const MeasurementErrorCode = {
  INVALID_BATCH: 'INVALID_BATCH',
  UNKNOWN_QUANTITY_KIND: 'UNKNOWN_QUANTITY_KIND',
  UNKNOWN_UNIT: 'UNKNOWN_UNIT',
  SERIES_UNIT_CHANGED: 'SERIES_UNIT_CHANGED',
  UNKNOWN_QUALITY: 'UNKNOWN_QUALITY',
  INVALID_TIMESTAMP: 'INVALID_TIMESTAMP',
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  INVALID_PAGE: 'INVALID_PAGE',
  UNKNOWN_RUN: 'UNKNOWN_RUN',
  UNKNOWN_SERIES: 'UNKNOWN_SERIES',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
} as const;
export type MeasurementErrorCode = (typeof MeasurementErrorCode)[keyof typeof MeasurementErrorCode];

export interface MeasurementErrorDetails {
  readonly code: MeasurementErrorCode;
  /** The input field, with its position: `series[0].samples[3].measuredAt`. */
  readonly field: string;
  /** The offending value as text. */
  readonly value: string;
  /** The rule it broke. */
  readonly rule: string;
}

/**
 * A measurement request refused: `series[1].unit: got "DEGC", must be a unit of TEMPERATURE: CEL, KEL, FAH`.
 * Thrown before anything is written, or inside the caller's transaction so that it rolls back.
 */
export class MeasurementError extends Error {
  override readonly name = 'MeasurementError';
  readonly code: MeasurementErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;

  constructor(details: MeasurementErrorDetails) {
    super(`${details.field}: got ${details.value}, ${details.rule}`);
    this.code = details.code;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
  }
}

/** `"text"` for strings, the JSON (or String) form otherwise, cut to 80 characters. */
export function describeInput(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'nothing';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
