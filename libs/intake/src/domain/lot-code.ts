/** The human lot code printed on labels: `L-2026-00042` (year, then the year's sequence number, at least 5 digits). */
export function formatLotCode(year: number, sequenceNumber: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new Error(`formatLotCode: year ${year} must be a four-digit year`);
  }
  if (!Number.isSafeInteger(sequenceNumber) || sequenceNumber < 1) {
    throw new Error(`formatLotCode: sequence number ${sequenceNumber} must be a positive integer`);
  }
  return `L-${year}-${String(sequenceNumber).padStart(5, '0')}`;
}

export const LOT_CODE_PATTERN = /^L-\d{4}-\d{5,}$/;

// Building an Intl.DateTimeFormat costs far more than formatting with one: keep one per zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const yearFormats = new Map<string, Intl.DateTimeFormat>();

function formatOf(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  make: () => Intl.DateTimeFormat,
): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) {
    format = make();
    cache.set(timeZone, format);
  }
  return format;
}

/** The calendar date `YYYY-MM-DD` of `instant` in `timeZone` (an IANA name). */
export function calendarDateIn(instant: Date, timeZone: string): string {
  return formatOf(
    dateFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(instant);
}

/** The calendar year of `instant` in `timeZone` (an IANA name), which numbers the lot codes. */
export function lotCodeYear(instant: Date, timeZone: string): number {
  const year = formatOf(
    yearFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }),
  ).format(instant);
  return Number(year);
}
