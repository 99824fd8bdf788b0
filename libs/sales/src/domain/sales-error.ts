/** Stable codes a client can branch on (GraphQL `extensions.code`). */
export const SalesErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  UNKNOWN_PRODUCT: 'UNKNOWN_PRODUCT',
  PRODUCT_EXISTS: 'PRODUCT_EXISTS',
  UNKNOWN_GRADE: 'UNKNOWN_GRADE',
  GRADE_EXISTS: 'GRADE_EXISTS',
  UNKNOWN_CUSTOMER: 'UNKNOWN_CUSTOMER',
  CUSTOMER_EXISTS: 'CUSTOMER_EXISTS',
  UNKNOWN_DELIVERY_SITE: 'UNKNOWN_DELIVERY_SITE',
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
  UNKNOWN_ORDER_LINE: 'UNKNOWN_ORDER_LINE',
  UNKNOWN_LOT: 'UNKNOWN_LOT',
  UNKNOWN_SHIPMENT: 'UNKNOWN_SHIPMENT',
  UNKNOWN_PASSPORT: 'UNKNOWN_PASSPORT',
  NOT_IN_CUSTODY: 'NOT_IN_CUSTODY',
  WRONG_PRODUCT: 'WRONG_PRODUCT',
  GRADE_NOT_MET: 'GRADE_NOT_MET',
  MORE_THAN_REMAINS: 'MORE_THAN_REMAINS',
  MORE_THAN_ORDERED: 'MORE_THAN_ORDERED',
  LOT_NOT_ALLOCATED: 'LOT_NOT_ALLOCATED',
  PACKED_MASS_MISMATCH: 'PACKED_MASS_MISMATCH',
  INVALID_ORDER_STATUS: 'INVALID_ORDER_STATUS',
  REASON_REQUIRED: 'REASON_REQUIRED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
} as const;
export type SalesErrorCode = (typeof SalesErrorCode)[keyof typeof SalesErrorCode];

export interface SalesErrorDetails {
  readonly code: SalesErrorCode;
  /** The input field the value belongs to, e.g. `lines[0].quantityKg`. */
  readonly field: string;
  /** The offending value as text. */
  readonly value: string;
  /** The rule it broke, e.g. `must be above 0`. */
  readonly rule: string;
  /** Whether the same request may succeed later (e.g. once a lot's assay arrives); default false. */
  readonly retryable?: boolean;
}

/** A request sales refuses; its message names the field, the value and the rule. Nothing was changed. */
export class SalesError extends Error {
  override readonly name = 'SalesError';
  readonly code: SalesErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;
  readonly retryable: boolean;

  constructor(details: SalesErrorDetails) {
    super(`${details.field}: got ${details.value}, ${details.rule}`);
    this.code = details.code;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
    this.retryable = details.retryable ?? false;
  }
}
