import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';
import { toPlainString } from '@rre/quantities';

/**
 * The canonical JSON text of a request: object keys sorted, undefined members left out, decimals as
 * plain decimal text (so "12.50" and "12.5" are the same input), dates in ISO 8601 UTC.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value));
}

function canonicalize(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${value} has no JSON form`);
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  if (Decimal.isDecimal(value)) return toPlainString(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalize(item)));
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => [key, canonicalize(member)]);
    return Object.fromEntries(entries);
  }
  throw new Error(`canonicalJson: a ${typeof value} has no JSON form`);
}

/** SHA-256 (hex) of the operation name and the canonical input: what an idempotency key is bound to. */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256').update(canonicalJson({ operation, input }), 'utf8').digest('hex');
}
