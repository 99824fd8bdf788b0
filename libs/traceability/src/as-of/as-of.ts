import { TraceabilityError } from '../domain/traceability-error';
import type { TableWithHistory } from './fact-history';

/**
 * The FROM item that reads a projection table: the table itself, or, asked as of a recorded time,
 * the table as it was known then (`<table>_as_of`, the latest history row of each key recorded at
 * or before it). The time is written into the SQL from a valid Date's ISO text, so the queries
 * keep their own parameter numbering.
 */
export function tableAsOf(schema: string, table: TableWithHistory, asOf?: Date): string {
  if (asOf === undefined) return `"${schema}".${table}`;
  return `"${schema}".${table}_as_of('${checkedAsOf(asOf).toISOString()}'::timestamptz)`;
}

/** An as-of time must be a date-time: INVALID_INPUT otherwise. */
export function checkedAsOf(asOf: Date): Date {
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) {
    throw new TraceabilityError({
      code: 'INVALID_INPUT',
      field: 'asOf',
      value: String(asOf),
      rule: 'must be a date-time',
    });
  }
  return asOf;
}
