/** The storage key of bytes with this SHA-256: `sha256/<first two hex digits>/<sha256>`. */
export function contentAddress(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256}`;
}

/** The SHA-256 a storage key names; refuses any key a document storage did not write. */
export function sha256OfContentAddress(storageKey: string): string {
  const match = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(storageKey);
  if (!match || !(match[2] as string).startsWith(match[1] as string)) {
    throw new Error(`storage key "${storageKey}" is not one this storage wrote`);
  }
  return match[2] as string;
}
