/** What went wrong, as a stable code that callers (GraphQL adapters, validators) can branch on. */
export type QuantityErrorCode =
  | 'INVALID_DECIMAL'
  | 'JS_NUMBER_REFUSED'
  | 'UNKNOWN_UNIT'
  | 'NEGATIVE_QUANTITY'
  | 'FRACTION_OUT_OF_RANGE'
  | 'DIVISION_BY_ZERO'
  | 'UNKNOWN_ELEMENT'
  | 'DUPLICATE_ELEMENT'
  | 'EMPTY_COMPOSITION'
  | 'FRACTION_SUM_EXCEEDED'
  | 'ELEMENT_NOT_IN_COMPOSITION'
  | 'INVALID_FORMULA'
  | 'UNKNOWN_ATOMIC_WEIGHT'
  | 'MISSING_BASIS_CONTEXT'
  | 'INVALID_WEIGHTS'
  | 'NOT_ON_RESOLUTION'
  | 'INVALID_QUANTITY_JSON';

export interface QuantityErrorDetails {
  readonly code: QuantityErrorCode;
  /** The field (or context, e.g. "assay for lot L-2026-00042") the value belongs to. */
  readonly field: string;
  /** The offending value as text, e.g. `"12,5"`, `-1.5 KGM`, `103.2 %`. */
  readonly value: string;
  /** The rule the value broke, e.g. `must be at most 100 % (tolerance 0.5 %)`. */
  readonly rule: string;
  /** What was observed, when "got <value>" does not say it well, e.g. `element fractions sum to 103.2 %`. */
  readonly detail?: string;
}

/**
 * The one error this library throws. Its message always names the field, the value and the rule:
 * `composition: element fractions sum to 103.2 %, must be at most 100 % (tolerance 0.5 %)`.
 */
export class QuantityError extends Error {
  override readonly name = 'QuantityError';
  readonly code: QuantityErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;
  /** What was observed: `detail` as given, or `got <value>`. */
  readonly detail: string;

  constructor(details: QuantityErrorDetails) {
    const detail = details.detail ?? `got ${details.value}`;
    super(`${details.field}: ${detail}, ${details.rule}`);
    this.code = details.code;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
    this.detail = detail;
  }

  /** The same error reported under another field name, e.g. the lot it concerns. */
  inField(field: string): QuantityError {
    return new QuantityError({
      code: this.code,
      field,
      value: this.value,
      rule: this.rule,
      detail: this.detail,
    });
  }
}

/** A short, unambiguous rendering of any input for an error message (strings quoted). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') {
    const text = String(value);
    return text === '[object Object]' ? 'an object' : text;
  }
  return String(value);
}
