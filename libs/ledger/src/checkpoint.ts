import { type KeyObject, sign, verify } from 'node:crypto';
import { digestFromHex, LedgerFormatError, sha256, toHex } from './digest';

export const CHECKPOINT_FORMAT = 'rre.ledger.checkpoint.v1';

/** What a checkpoint states and its key signs. */
export interface CheckpointStatement {
  /** 1, 2, 3, ... */
  readonly sequence: number;
  /** Entries covered (the Merkle tree's leaves), > 0. */
  readonly treeSize: number;
  /** Merkle root over the covered entries' hashes, hex. */
  readonly root: string;
  /** The first and last covered entries' append times, RFC 3339 UTC. */
  readonly periodStart: string;
  readonly periodEnd: string;
  /** SHA-256 of the previous checkpoint's signed bytes, hex (64 zeros for the first). */
  readonly previous: string;
  readonly keyId: string;
}

/** A statement with its Ed25519 signature (base64). */
export interface SignedCheckpoint extends CheckpointStatement {
  readonly signature: string;
}

/**
 * The bytes a checkpoint's signature covers: the UTF-8 JSON object with exactly these members in
 * this order and no whitespace:
 * {"format":"rre.ledger.checkpoint.v1","sequence":n,"treeSize":n,"root":"hex","periodStart":"...",
 *  "periodEnd":"...","previous":"hex","keyId":"ed25519:..."}
 */
export function checkpointSignedBytes(statement: CheckpointStatement): Buffer {
  const s = checkedStatement(statement);
  return Buffer.from(
    JSON.stringify({
      format: CHECKPOINT_FORMAT,
      sequence: s.sequence,
      treeSize: s.treeSize,
      root: s.root.toLowerCase(),
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
      previous: s.previous.toLowerCase(),
      keyId: s.keyId,
    }),
    'utf8',
  );
}

/** What the next checkpoint names as `previous`: SHA-256 of this one's signed bytes, hex. */
export function checkpointHash(statement: CheckpointStatement): string {
  return toHex(sha256(checkpointSignedBytes(statement)));
}

export function signCheckpoint(statement: CheckpointStatement, privateKey: KeyObject): SignedCheckpoint {
  const signature = sign(null, checkpointSignedBytes(statement), privateKey).toString('base64');
  return { ...statement, signature };
}

/** True when the signature is the key's over the checkpoint's statement. */
export function checkpointSignatureValid(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  if (typeof checkpoint.signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(checkpoint.signature))
    return false;
  return verify(
    null,
    checkpointSignedBytes(checkpoint),
    publicKey,
    Buffer.from(checkpoint.signature, 'base64'),
  );
}

function checkedStatement(s: CheckpointStatement): CheckpointStatement {
  if (!Number.isSafeInteger(s.sequence) || s.sequence < 1)
    throw new LedgerFormatError('checkpoint.sequence', s.sequence, 'must be an integer >= 1');
  if (!Number.isSafeInteger(s.treeSize) || s.treeSize < 1)
    throw new LedgerFormatError('checkpoint.treeSize', s.treeSize, 'must be an integer >= 1');
  digestFromHex(s.root, 'checkpoint.root');
  digestFromHex(s.previous, 'checkpoint.previous');
  for (const field of ['periodStart', 'periodEnd', 'keyId'] as const) {
    if (typeof s[field] !== 'string' || s[field] === '')
      throw new LedgerFormatError(`checkpoint.${field}`, s[field], 'must be a non-empty string');
  }
  return s;
}
