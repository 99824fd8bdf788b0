import { createHash } from 'node:crypto';

function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonicalize(item)));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined && member !== null)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, member]) => [key, canonicalize(member)]),
    );
  }
  return value;
}

/** SHA-256 (hex) of the canonical JSON of a request (keys sorted, absent and null members left out). */
export function measurementRequestHash(operation: string, input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonicalize({ operation, input })), 'utf8')
    .digest('hex');
}
