import { describeInput } from '../measurements/measurement-error';

export const MesNotificationErrorCode = {
  INVALID_INPUT: 'INVALID_INPUT',
  UNKNOWN_NOTIFICATION_KIND: 'UNKNOWN_NOTIFICATION_KIND',
  INVALID_WEBHOOK_URL: 'INVALID_WEBHOOK_URL',
  UNKNOWN_SUBSCRIPTION: 'UNKNOWN_SUBSCRIPTION',
  UNKNOWN_DELIVERY: 'UNKNOWN_DELIVERY',
  FORBIDDEN_ORGANISATION: 'FORBIDDEN_ORGANISATION',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
} as const;
export type MesNotificationErrorCode =
  (typeof MesNotificationErrorCode)[keyof typeof MesNotificationErrorCode];

/** A refused notification request: `url: got "ftp://x", must be an https:// URL ...`. */
export class MesNotificationError extends Error {
  override readonly name = 'MesNotificationError';

  constructor(
    readonly code: MesNotificationErrorCode,
    readonly field: string,
    readonly value: string,
    readonly rule: string,
  ) {
    super(`${field}: got ${value}, ${rule}`);
  }

  static of(
    code: MesNotificationErrorCode,
    field: string,
    value: unknown,
    rule: string,
  ): MesNotificationError {
    return new MesNotificationError(code, field, describeInput(value), rule);
  }
}
