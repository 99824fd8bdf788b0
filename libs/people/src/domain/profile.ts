import { PeopleError } from './people-error';

/** What a person says about themselves: the only personal data the platform keeps, and only here. */
export interface ProfileInput {
  readonly displayName: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface Profile {
  readonly displayName: string;
  readonly email: string | null;
  readonly phone: string | null;
}

// Deliberately plain: one @, no spaces, a dot in the domain (the mailbox is confirmed elsewhere).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// E.164-ish: an optional +, digits, and spaces, dashes, dots or parentheses between them.
const PHONE = /^\+?[0-9][0-9 ().-]{3,30}[0-9]$/;

function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

function invalid(field: string, value: string, rule: string): PeopleError {
  return new PeopleError({ code: 'INVALID_INPUT', field, value: shown(value), rule });
}

/** The profile as stored (trimmed, e-mail lower-cased), or a refusal naming the first bad field. */
export function parseProfile(input: ProfileInput): Profile {
  const displayName = input.displayName.trim();
  if (displayName.length < 1 || displayName.length > 200) {
    throw invalid('displayName', input.displayName, 'must be 1 to 200 characters (not only spaces)');
  }
  const email = input.email?.trim();
  if (email !== undefined && (email.length > 254 || !EMAIL.test(email))) {
    throw invalid('email', input.email ?? '', 'must be an e-mail address such as name@example.com');
  }
  const phone = input.phone?.trim();
  if (phone !== undefined && !PHONE.test(phone)) {
    throw invalid(
      'phone',
      input.phone ?? '',
      'must be a phone number of 5 to 32 digits, e.g. +81 3 1234 5678',
    );
  }
  return { displayName, email: email ? email.toLowerCase() : null, phone: phone ?? null };
}

/** An erasure's reason: required, so the audit trail says why personal data is gone. */
export function parseErasureReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < 1 || trimmed.length > 500) {
    throw invalid('reason', reason, 'must be 1 to 500 characters (not only spaces)');
  }
  return trimmed;
}
