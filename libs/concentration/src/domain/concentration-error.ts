/** Stable codes a client can branch on (GraphQL `extensions.code`). */
export const ConcentrationErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  UNKNOWN_ADSORBENT: 'UNKNOWN_ADSORBENT',
  DUPLICATE_ADSORBENT: 'DUPLICATE_ADSORBENT',
  ADSORBENT_RETIRED: 'ADSORBENT_RETIRED',
  CYCLE_OUT_OF_ORDER: 'CYCLE_OUT_OF_ORDER',
  UNKNOWN_LOT: 'UNKNOWN_LOT',
  UNKNOWN_RUN: 'UNKNOWN_RUN',
  WRONG_RUN_KIND: 'WRONG_RUN_KIND',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
} as const;
export type ConcentrationErrorCode = (typeof ConcentrationErrorCode)[keyof typeof ConcentrationErrorCode];

export interface ConcentrationErrorDetails {
  readonly code: ConcentrationErrorCode;
  /** The input field the value belongs to, e.g. `leaching.temperatureCelsius`. */
  readonly field: string;
  /** The offending value as text. */
  readonly value: string;
  /** The rule it broke, e.g. `must be between 0 and 110 °C`. */
  readonly rule: string;
}

/**
 * The error the concentration domain and application throw for a request they refuse. Its message
 * names the field, the value and the rule: `leaching.temperatureCelsius: got 130, must be between 0 and 110`.
 */
export class ConcentrationError extends Error {
  override readonly name = 'ConcentrationError';
  readonly code: ConcentrationErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;

  constructor(details: ConcentrationErrorDetails) {
    super(`${details.field}: got ${details.value}, ${details.rule}`);
    this.code = details.code;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
  }
}
