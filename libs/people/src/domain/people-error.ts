/** Why the directory refused a request: a stable code clients may switch on. */
export const PeopleErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  UNKNOWN_PERSON: 'UNKNOWN_PERSON',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
} as const;
export type PeopleErrorCode = (typeof PeopleErrorCode)[keyof typeof PeopleErrorCode];

export interface PeopleErrorDetails {
  readonly code: PeopleErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;
}

/** A refused request: which field, the value given and the rule it broke. Nothing was changed. */
export class PeopleError extends Error {
  override readonly name = 'PeopleError';
  readonly code: PeopleErrorCode;
  readonly field: string;
  readonly value: string;
  readonly rule: string;
  readonly retryable = false;

  constructor(details: PeopleErrorDetails) {
    super(`${details.field}: got ${details.value}, ${details.rule}`);
    this.code = details.code;
    this.field = details.field;
    this.value = details.value;
    this.rule = details.rule;
  }
}
