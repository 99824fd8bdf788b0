import { createHash } from 'node:crypto';

/** Length of a SHA-256 digest in bytes. */
export const DIGEST_BYTES = 32;

/** SHA-256 of the parts, concatenated. */
export function sha256(...parts: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** A 32-byte digest from 64 lowercase or uppercase hex digits; throws naming the field otherwise. */
export function digestFromHex(hex: unknown, field: string): Buffer {
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new LedgerFormatError(field, hex, 'must be a SHA-256 digest: 64 hex digits');
  }
  return Buffer.from(hex, 'hex');
}

/** A ledger document (proof, checkpoint, key) that does not have the stated format. */
export class LedgerFormatError extends Error {
  override readonly name = 'LedgerFormatError';
  constructor(
    readonly field: string,
    value: unknown,
    readonly rule: string,
  ) {
    super(`${field}: got ${shortText(value)}, ${rule}`);
  }
}

function shortText(value: unknown): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
