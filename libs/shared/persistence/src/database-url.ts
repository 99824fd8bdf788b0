export interface DatabaseUrl {
  /** The URL as given (it may contain a password: log `masked`, never this). */
  url: string;
  /** The URL with the password replaced by `****`. */
  masked: string;
  host: string;
  port: number;
  database: string;
  user: string | undefined;
}

const RULE =
  'must be a postgres:// or postgresql:// URL with a host and a database name, ' +
  'e.g. postgres://user:password@127.0.0.1:5432/rre_dev';

export class InvalidDatabaseUrlError extends Error {
  /** What is wrong and the rule, without the variable or its value: "not a URL; it must be ...". */
  readonly rule: string;

  constructor(
    readonly variable: string,
    readonly maskedValue: string | undefined,
    detail: string,
  ) {
    const shown = maskedValue === undefined ? 'is not set' : `is "${maskedValue}"`;
    super(`Invalid ${variable}: it ${shown} (${detail}); it ${RULE}`);
    this.name = 'InvalidDatabaseUrlError';
    this.rule = `${detail}; it ${RULE}`;
  }
}

/**
 * Validates a PostgreSQL connection URL. `variable` names where the value came from, for the error
 * message, which never shows the password.
 */
export function parseDatabaseUrl(value: string | undefined, variable = 'DATABASE_URL'): DatabaseUrl {
  if (value === undefined || value.trim() === '') {
    throw new InvalidDatabaseUrlError(variable, value === undefined ? undefined : value, 'empty');
  }
  const masked = maskDatabaseUrl(value);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InvalidDatabaseUrlError(variable, masked, 'not a URL');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new InvalidDatabaseUrlError(variable, masked, `scheme "${parsed.protocol.slice(0, -1)}"`);
  }
  if (parsed.hostname === '') throw new InvalidDatabaseUrlError(variable, masked, 'no host');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw new InvalidDatabaseUrlError(variable, masked, 'no database name');
  }
  return {
    url: value,
    masked,
    host: parsed.hostname,
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    database,
    user: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
  };
}

/**
 * Replaces the password of a URL-like string by `****`, even when the string does not parse: all
 * from the first ':' of the user info to the last '@', so that an unencoded '@' or '/' in a password
 * cannot leak its tail (an '@' later in the query string only makes it mask more).
 */
export function maskDatabaseUrl(value: string): string {
  const schemeEnd = value.indexOf('://');
  const start = schemeEnd === -1 ? 0 : schemeEnd + 3;
  const at = value.lastIndexOf('@');
  const colon = value.indexOf(':', start);
  if (at < start || colon === -1 || colon > at) return value;
  return `${value.slice(0, colon + 1)}****${value.slice(at)}`;
}
