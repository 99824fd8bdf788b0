/** Stable codes a client can branch on (GraphQL `extensions.code`). */
export const ReductionErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  TEMPERATURE_OUTSIDE_WINDOW: 'TEMPERATURE_OUTSIDE_WINDOW',
  UNKNOWN_RUN: 'UNKNOWN_RUN',
  WRONG_RUN_KIND: 'WRONG_RUN_KIND',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
} as const;
export type ReductionErrorCode = (typeof ReductionErrorCode)[keyof typeof ReductionErrorCode];

export interface ReductionErrorDetails {
  readonly code: ReductionErrorCode;
  /** The input field the value belongs to, e.g. `electrolysis.operatingTemperatureCelsius`. */
  readonly field: string;
  /** The offending value as text. */
  readonly value: string;
  /** The rule it broke, e.g. `must be within the process window 400-1000 °C`. */
  readonly rule: string;
}

/**
 * The error the reduction domain and application throw for a request they refuse; its message
 * names the field, the value and the rule.
 */
export class ReductionError extends Error {
  override readonly name = 'ReductionError';
  readonly code: ReductionErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;

  constructor(details: ReductionErrorDetails) {
    super(`${details.field}: got ${details.value}, ${details.rule}`);
    this.code = details.code;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
  }
}
