/** Stable codes a client can branch on (GraphQL `extensions.code`). */
export const TraceabilityErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  UNKNOWN_LOT: 'UNKNOWN_LOT',
  UNKNOWN_STATEMENT: 'UNKNOWN_STATEMENT',
  GENEALOGY_CYCLE: 'GENEALOGY_CYCLE',
  FORBIDDEN: 'FORBIDDEN',
  // Plant-level mass balance, credit method (mass-balance/).
  UNKNOWN_SHIPMENT: 'UNKNOWN_SHIPMENT',
  INSUFFICIENT_CREDITS: 'INSUFFICIENT_CREDITS',
  DUPLICATE_CLAIM: 'DUPLICATE_CLAIM',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  PERIOD_OVERLAP: 'PERIOD_OVERLAP',
} as const;
export type TraceabilityErrorCode = (typeof TraceabilityErrorCode)[keyof typeof TraceabilityErrorCode];

export interface TraceabilityErrorDetails {
  readonly code: TraceabilityErrorCode;
  /** The input field the value belongs to, e.g. `element`. */
  readonly field: string;
  /** The offending value as text. */
  readonly value: string;
  /** The rule it broke. */
  readonly rule: string;
}

/** A request traceability refuses; its message names the field, the value and the rule. */
export class TraceabilityError extends Error {
  override readonly name = 'TraceabilityError';
  readonly code: TraceabilityErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;

  constructor(details: TraceabilityErrorDetails) {
    super(`${details.field}: got ${details.value}, ${details.rule}`);
    this.code = details.code;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
  }
}
