import { sqlStateOf } from '@rre/persistence';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection error',
  'Client was closed',
  'not queryable',
  'Cannot use a pool after calling end',
  'Driver not Connected',
  'Query runner already released',
];
const CONNECTION_ERROR_NAMES = new Set([
  'CannotExecuteNotConnectedError',
  'QueryRunnerAlreadyReleasedError',
  'ConnectionIsNotSetError',
]);

/**
 * Whether `error` says the database could not be reached (rather than that the work was wrong):
 * such a failure is retried until the database is back, and never counts toward parking an event.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const state = sqlStateOf(current);
    if (state !== undefined && (state.startsWith('08') || state.startsWith('57P'))) return true;
    const { code, message, name } = current as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (typeof name === 'string' && CONNECTION_ERROR_NAMES.has(name)) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.some((text) => message.includes(text)))
      return true;
    const next =
      (current as { driverError?: unknown; cause?: unknown }).driverError ??
      (current as { cause?: unknown }).cause;
    current = next;
  }
  return false;
}
