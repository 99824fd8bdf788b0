import { DIGEST_BYTES, sha256, toHex } from './digest';

/** The "previous hash" of a chain's first entry: 32 zero bytes. */
export const GENESIS_HASH: Buffer = Buffer.alloc(DIGEST_BYTES);

/** Where an event sits: its chain (one per source topic-partition) and its place in it. */
export interface EntryPosition {
  /** `<topic>:<source>:<partition>` (Kafka: source = topic; embedded: the outbox schema, partition 0). */
  readonly chainId: string;
  /** 0 for the chain's first entry, then 1, 2, ... */
  readonly chainIndex: number;
  /** Kafka offset or embedded log position, decimal text. */
  readonly offset: string;
  readonly eventId: string;
}

export function chainIdOf(topic: string, source: string, partition: number): string {
  return `${topic}:${source}:${partition}`;
}

/**
 * The position metadata bytes hashed into an entry: the UTF-8 text
 * `<chainId>\n<chainIndex>\n<offset>\n<eventId>` (no field may contain a line feed).
 */
export function positionBytes(position: EntryPosition): Buffer {
  const fields = [position.chainId, String(position.chainIndex), position.offset, position.eventId];
  for (const each of fields) {
    if (each.includes('\n'))
      throw new Error(`ledger position field ${JSON.stringify(each)} contains a line feed`);
  }
  return Buffer.from(fields.join('\n'), 'utf8');
}

/** entry hash = SHA-256(previous entry hash || SHA-256(event bytes) || position metadata). */
export function entryHash(previousHash: Uint8Array, eventHash: Uint8Array, position: EntryPosition): Buffer {
  if (previousHash.byteLength !== DIGEST_BYTES || eventHash.byteLength !== DIGEST_BYTES) {
    throw new Error('ledger entry hashes must be 32-byte SHA-256 digests');
  }
  return sha256(previousHash, eventHash, positionBytes(position));
}

/** One stored entry, as verification reads it. */
export interface StoredEntry extends EntryPosition {
  readonly eventBytes: Uint8Array;
  readonly eventHash: Uint8Array;
  readonly previousHash: Uint8Array;
  readonly entryHash: Uint8Array;
}

export type EntryProblem =
  'EVENT_BYTES_CHANGED' | 'PREVIOUS_HASH_MISMATCH' | 'ENTRY_HASH_MISMATCH' | 'CHAIN_INDEX_GAP';

/** The first entry of a chain that does not match what its bytes and predecessors give. */
export interface ChainMismatch {
  readonly entry: EntryPosition;
  readonly problem: EntryProblem;
  readonly detail: string;
}

/**
 * Walks one chain's entries (in chain order, possibly in pages) and recomputes every link from
 * the stored event bytes; remembers the first entry that does not match. The recomputed entry
 * hashes (not the stored ones) are what checkpoints are checked against.
 */
export class ChainVerifier {
  private previous: Buffer = GENESIS_HASH;
  private nextIndex = 0;
  private mismatchFound?: ChainMismatch;
  entries = 0;

  /** Checks the next entry; returns its recomputed entry hash. */
  next(entry: StoredEntry): Buffer {
    this.entries += 1;
    const eventHash = sha256(entry.eventBytes);
    const recomputed = entryHash(this.previous, eventHash, entry);
    if (!this.mismatchFound) {
      if (entry.chainIndex !== this.nextIndex) {
        this.fail(
          entry,
          'CHAIN_INDEX_GAP',
          `expected chain index ${this.nextIndex}, found ${entry.chainIndex}`,
        );
      } else if (!eventHash.equals(entry.eventHash)) {
        this.fail(
          entry,
          'EVENT_BYTES_CHANGED',
          `SHA-256 of the stored bytes is ${toHex(eventHash)}, recorded ${toHex(entry.eventHash)}`,
        );
      } else if (!this.previous.equals(entry.previousHash)) {
        this.fail(
          entry,
          'PREVIOUS_HASH_MISMATCH',
          `previous entry hash is ${toHex(this.previous)}, recorded ${toHex(entry.previousHash)}`,
        );
      } else if (!recomputed.equals(entry.entryHash)) {
        this.fail(
          entry,
          'ENTRY_HASH_MISMATCH',
          `entry hash recomputes to ${toHex(recomputed)}, recorded ${toHex(entry.entryHash)}`,
        );
      }
    }
    // Each link is checked against the stored hash before it, so a break is reported where it is
    // and entries after it (and their checkpoints) are judged on their own bytes.
    this.previous = Buffer.from(entry.entryHash);
    this.nextIndex = entry.chainIndex + 1;
    return recomputed;
  }

  get mismatch(): ChainMismatch | undefined {
    return this.mismatchFound;
  }

  /** The stored hash of the last entry seen (GENESIS_HASH before any). */
  get head(): Buffer {
    return this.previous;
  }

  private fail(entry: StoredEntry, problem: EntryProblem, detail: string): void {
    this.mismatchFound = {
      entry: {
        chainId: entry.chainId,
        chainIndex: entry.chainIndex,
        offset: entry.offset,
        eventId: entry.eventId,
      },
      problem,
      detail,
    };
  }
}
