import type { Readable } from 'node:stream';

export interface StoredContent {
  /** SHA-256 of the bytes, 64 hex digits. */
  readonly sha256: string;
  readonly sizeBytes: number;
  /** Where the bytes are kept; the same bytes always get the same key. */
  readonly storageKey: string;
}

/** Where document bytes live: a local directory (embedded mode), another directory or an object store. */
export interface DocumentStorage {
  /** Stores the bytes while hashing them; refuses more than `maxBytes` (DOCUMENT_TOO_LARGE) and keeps nothing then. */
  put(content: Readable, maxBytes: number): Promise<StoredContent>;
  /** The bytes stored under `storageKey`. */
  open(storageKey: string): Readable;
}
