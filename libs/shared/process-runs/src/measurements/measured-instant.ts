import { describeInput, MeasurementError, MeasurementErrorCode } from './measurement-error';

/**
 * An instant of a measurement, exact to the microsecond (PostgreSQL's timestamp resolution), with
 * the text it was sent as. Ordering and de-duplication use `epochMicros`, so "08:00:00+09:00" and
 * "23:00:00Z" the day before are the same instant.
 */
export interface MeasuredInstant {
  /** Microseconds since 1970-01-01T00:00:00Z. */
  readonly epochMicros: bigint;
  /** RFC 3339 in UTC, with as many fractional digits as needed (none, or up to 6). */
  readonly utc: string;
  /** The timestamp as the client sent it, offset included. */
  readonly asSent: string;
}

// RFC 3339 section 5.6 date-time; the offset (Z or +hh:mm / -hh:mm) is required.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const MAX_FRACTION_DIGITS = 6;

function invalid(value: unknown, field: string, rule: string): MeasurementError {
  return new MeasurementError({
    code: MeasurementErrorCode.INVALID_TIMESTAMP,
    field,
    value: describeInput(value),
    rule,
  });
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses an RFC 3339 date-time WITH an offset; refuses local times, impossible dates and leap seconds. */
export function parseMeasuredInstant(value: unknown, field: string): MeasuredInstant {
  const rule =
    'must be an RFC 3339 date-time with an offset, e.g. "2026-03-02T08:15:30.250+09:00" or "2026-03-01T23:15:30.25Z"';
  if (typeof value !== 'string') throw invalid(value, field, rule);
  const match = RFC3339.exec(value);
  if (!match) {
    if (LOCAL_DATE_TIME.test(value)) {
      throw invalid(value, field, `has no offset: ${rule} (a local time is ambiguous, e.g. at a DST change)`);
    }
    throw invalid(value, field, rule);
  }
  const [, y, mo, d, h, mi, s, fraction = '', zulu, sign, oh, om] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalid(value, field, `is not a calendar date: ${rule}`);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    throw invalid(
      value,
      field,
      second === 60
        ? 'is a leap second, which PostgreSQL cannot store: send :59.999999 or the next second'
        : `is not a time of day: ${rule}`,
    );
  }
  if (fraction.length > MAX_FRACTION_DIGITS) {
    throw invalid(
      value,
      field,
      `has ${fraction.length} fractional digits, at most ${MAX_FRACTION_DIGITS} are kept (microseconds, PostgreSQL's resolution); round at the source`,
    );
  }
  let offsetMinutes = 0;
  if (!zulu) {
    const offsetHours = Number(oh);
    const offsetMins = Number(om);
    if (offsetHours > 23 || offsetMins > 59) throw invalid(value, field, `has an impossible offset: ${rule}`);
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // Date.UTC maps years 0-99 to 1900-1999; no process measurement is that old.
  if (year < 1900) throw invalid(value, field, 'must be in 1900 or later');
  const localMillis = Date.UTC(year, month - 1, day, hour, minute, second);
  const epochMicros =
    (BigInt(localMillis) - BigInt(offsetMinutes) * 60_000n) * 1000n + BigInt(fraction.padEnd(6, '0') || '0');
  return { epochMicros, utc: formatEpochMicros(epochMicros), asSent: value };
}

/** `2026-03-01T23:15:30.25Z`: UTC, fractional digits only as far as needed. */
export function formatEpochMicros(epochMicros: bigint): string {
  const millis = epochMicros / 1000n - (epochMicros % 1000n < 0n ? 1n : 0n);
  const micros = epochMicros - millis * 1000n;
  const iso = new Date(Number(millis)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const digits = `${iso.slice(20, 23)}${micros.toString().padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${digits ? `.${digits}` : ''}Z`;
}

/** The instant of a JS Date (millisecond resolution). */
export function instantOfDate(date: Date): MeasuredInstant {
  const epochMicros = BigInt(date.getTime()) * 1000n;
  const utc = formatEpochMicros(epochMicros);
  return { epochMicros, utc, asSent: utc };
}
