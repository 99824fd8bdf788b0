/** Stable codes a client can branch on (GraphQL `extensions.code`). */
export const ProcessRunErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  INVALID_MASS: 'INVALID_MASS',
  UNKNOWN_UNIT: 'UNKNOWN_UNIT',
  UNKNOWN_ELEMENT: 'UNKNOWN_ELEMENT',
  DUPLICATE_ELEMENT: 'DUPLICATE_ELEMENT',
  FRACTION_OUT_OF_RANGE: 'FRACTION_OUT_OF_RANGE',
  FRACTIONS_ABOVE_100: 'FRACTIONS_ABOVE_100',
  UNKNOWN_LOT: 'UNKNOWN_LOT',
  UNKNOWN_RUN: 'UNKNOWN_RUN',
  UNKNOWN_TRANSFER: 'UNKNOWN_TRANSFER',
  LOT_EXISTS: 'LOT_EXISTS',
  NOT_IN_CUSTODY: 'NOT_IN_CUSTODY',
  LOT_USED_UP: 'LOT_USED_UP',
  MORE_THAN_REMAINS: 'MORE_THAN_REMAINS',
  MORE_THAN_TAKEN: 'MORE_THAN_TAKEN',
  INVALID_RUN_STATUS: 'INVALID_RUN_STATUS',
  INVALID_PARAMETERS: 'INVALID_PARAMETERS',
  UNKNOWN_RUN_KIND: 'UNKNOWN_RUN_KIND',
  REASON_REQUIRED: 'REASON_REQUIRED',
  BALANCE_NOT_CLOSED: 'BALANCE_NOT_CLOSED',
  SAME_PERSON_APPROVAL: 'SAME_PERSON_APPROVAL',
  NOTHING_TO_APPROVE: 'NOTHING_TO_APPROVE',
  ASSAYS_NOT_FINAL: 'ASSAYS_NOT_FINAL',
  CORRECTION_NO_CHANGE: 'CORRECTION_NO_CHANGE',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  FORBIDDEN: 'FORBIDDEN',
} as const;
export type ProcessRunErrorCode = (typeof ProcessRunErrorCode)[keyof typeof ProcessRunErrorCode];

export interface ProcessRunErrorDetails {
  readonly code: ProcessRunErrorCode;
  /** The input field (or record) the value belongs to, e.g. `mass`, `lotId`. */
  readonly field: string;
  /** The offending value as text. */
  readonly value: string;
  /** The rule it broke, e.g. `must be at most the 100 KGM that remain of lot L-7`. */
  readonly rule: string;
  /** What was observed, when `got <value>` does not say it well. */
  readonly detail?: string;
  /** Whether the same request may succeed later (the state may change meanwhile); false for bad input. */
  readonly retryable?: boolean;
}

/**
 * The one error the library throws for a request it refuses; nothing was changed. Its message
 * names the field, the value and the rule: `mass: got 120 KGM, must be at most the 100 KGM that remain of lot L-7`.
 */
export class ProcessRunError extends Error {
  override readonly name = 'ProcessRunError';
  readonly code: ProcessRunErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;
  readonly retryable: boolean;

  constructor(details: ProcessRunErrorDetails) {
    super(`${details.field}: ${details.detail ?? `got ${details.value}`}, ${details.rule}`);
    this.code = details.code;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
    this.retryable = details.retryable ?? false;
  }
}
