/** Stable codes a client can branch on (GraphQL `extensions.code`). */
export const SeparationErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  INVALID_DECIMAL: 'INVALID_DECIMAL',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  INCONSISTENT_FLOWS: 'INCONSISTENT_FLOWS',
  ELEMENT_REQUIRED: 'ELEMENT_REQUIRED',
  DUPLICATE_ELEMENT: 'DUPLICATE_ELEMENT',
  SEPARATION_FACTOR_NOT_ABOVE_ONE: 'SEPARATION_FACTOR_NOT_ABOVE_ONE',
  OUTPUT_EXCEEDS_FEED: 'OUTPUT_EXCEEDS_FEED',
  UNKNOWN_RUN: 'UNKNOWN_RUN',
  WRONG_RUN_KIND: 'WRONG_RUN_KIND',
  WRONG_RUN_STATUS: 'WRONG_RUN_STATUS',
} as const;
export type SeparationErrorCode = (typeof SeparationErrorCode)[keyof typeof SeparationErrorCode];

export interface SeparationErrorDetails {
  readonly code: SeparationErrorCode;
  /** The input field the value belongs to, e.g. `solventExtraction.stages.scrub`. */
  readonly field: string;
  /** The offending value as text. */
  readonly value: string;
  /** The rule it broke, e.g. `must be a whole number of at least 1`. */
  readonly rule: string;
}

/**
 * The error the separation domain and application throw for a request they refuse. Its message
 * names the field, the value and the rule: `solventExtraction.stages.scrub: got 0, must be ...`.
 */
export class SeparationError extends Error {
  override readonly name = 'SeparationError';
  readonly code: SeparationErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;

  constructor(details: SeparationErrorDetails) {
    super(`${details.field}: got ${details.value}, ${details.rule}`);
    this.code = details.code;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
  }
}
