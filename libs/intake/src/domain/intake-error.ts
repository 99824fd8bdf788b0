/** Stable codes a client can branch on (GraphQL `extensions.code`). */
export const IntakeErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  INVALID_MASS: 'INVALID_MASS',
  NET_ABOVE_GROSS: 'NET_ABOVE_GROSS',
  WEIGHING_INCONSISTENT: 'WEIGHING_INCONSISTENT',
  FRACTION_OUT_OF_RANGE: 'FRACTION_OUT_OF_RANGE',
  FRACTIONS_ABOVE_100: 'FRACTIONS_ABOVE_100',
  UNKNOWN_ELEMENT: 'UNKNOWN_ELEMENT',
  DUPLICATE_ELEMENT: 'DUPLICATE_ELEMENT',
  UNKNOWN_UNIT: 'UNKNOWN_UNIT',
  INVALID_COUNTRY: 'INVALID_COUNTRY',
  UNKNOWN_LOT: 'UNKNOWN_LOT',
  UNKNOWN_ASSAY: 'UNKNOWN_ASSAY',
  UNKNOWN_TRANSFER: 'UNKNOWN_TRANSFER',
  UNKNOWN_DECISION: 'UNKNOWN_DECISION',
  NOT_IN_CUSTODY: 'NOT_IN_CUSTODY',
  INVALID_STATUS: 'INVALID_STATUS',
  SCREENING_DATA_MISSING: 'SCREENING_DATA_MISSING',
  REASON_REQUIRED: 'REASON_REQUIRED',
  DECISION_PENDING: 'DECISION_PENDING',
  SAME_PERSON_APPROVAL: 'SAME_PERSON_APPROVAL',
  ROUTE_REQUIRED: 'ROUTE_REQUIRED',
  CORRECTION_NO_CHANGE: 'CORRECTION_NO_CHANGE',
  DUPLICATE_MANIFEST: 'DUPLICATE_MANIFEST',
  NO_MANIFEST: 'NO_MANIFEST',
  DOCUMENT_VERSION_REQUIRED: 'DOCUMENT_VERSION_REQUIRED',
  DOCUMENT_TOO_LARGE: 'DOCUMENT_TOO_LARGE',
  DUPLICATE_LOT_REFERENCE: 'DUPLICATE_LOT_REFERENCE',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
} as const;
export type IntakeErrorCode = (typeof IntakeErrorCode)[keyof typeof IntakeErrorCode];

export interface IntakeErrorDetails {
  readonly code: IntakeErrorCode;
  /** The input field (or record) the value belongs to, e.g. `weighing.netMass`. */
  readonly field: string;
  /** The offending value as text. */
  readonly value: string;
  /** The rule it broke, e.g. `must not exceed the gross mass 1250 KGM`. */
  readonly rule: string;
  /** What was observed, when `got <value>` does not say it well. */
  readonly detail?: string;
  /**
   * Whether sending the same request again may succeed: false for bad input (it will fail the
   * same way), true where the state may change in the meantime (a hand-over answered, an approval).
   */
  readonly retryable?: boolean;
}

/**
 * The one error the intake domain and application throw for a request they refuse. Its message names
 * the field, the value and the rule: `weighing.netMass: got 1300 KGM, must not exceed the gross mass 1250 KGM`.
 */
export class IntakeError extends Error {
  override readonly name = 'IntakeError';
  readonly code: IntakeErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;
  readonly retryable: boolean;

  constructor(details: IntakeErrorDetails) {
    super(`${details.field}: ${details.detail ?? `got ${details.value}`}, ${details.rule}`);
    this.code = details.code;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
    this.retryable = details.retryable ?? false;
  }
}
