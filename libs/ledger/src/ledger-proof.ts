import type { KeyObject } from 'node:crypto';
import { checkpointSignatureValid, type SignedCheckpoint } from './checkpoint';
import { digestFromHex, LedgerFormatError, sha256, toHex } from './digest';
import { chainIdOf, entryHash } from './hash-chain';
import { rootFromInclusionPath } from './merkle-tree';
import { keyIdOf } from './signing-keys';

export const PROOF_FORMAT = 'rre.ledger.proof.v1';
export const PROOF_BUNDLE_FORMAT = 'rre.ledger.proof-bundle.v1';

/** What an auditor needs to check one event against a signed checkpoint with the public key alone. */
export interface LedgerProof {
  readonly format: typeof PROOF_FORMAT;
  readonly event: {
    readonly eventId: string;
    readonly topic: string;
    /** Kafka: the topic; embedded: the outbox schema. */
    readonly source: string;
    readonly partition: number;
    /** Kafka offset or embedded log position. */
    readonly offset: string;
    readonly chainId: string;
    readonly chainIndex: number;
    /** The canonical event bytes (event-bytes.ts), base64. */
    readonly bytes: string;
    readonly bytesSha256: string;
    readonly previousEntryHash: string;
    readonly entryHash: string;
  };
  readonly inclusion: {
    readonly leafIndex: number;
    readonly treeSize: number;
    /** Sibling hashes from the leaf up to the root, hex (RFC 9162 inclusion path). */
    readonly path: readonly string[];
  };
  readonly checkpoint: SignedCheckpoint;
}

/** Every proof behind one subject (say, a lot's trace). */
export interface LedgerProofBundle {
  readonly format: typeof PROOF_BUNDLE_FORMAT;
  readonly subject: string;
  readonly proofs: readonly LedgerProof[];
  /** Events of the subject not covered by a checkpoint yet (no proof possible until one is made). */
  readonly pendingEventIds: readonly string[];
}

export type ProofVerdict =
  { readonly ok: true; readonly message: string } | { readonly ok: false; readonly message: string };

/**
 * Checks a proof: the bytes give the stated hash, the entry hash follows from it, the previous
 * entry hash and the position, the inclusion path leads from it to the checkpoint's root, and the
 * checkpoint is signed by the given key. Never throws; a malformed proof is a failed one.
 */
export function verifyLedgerProof(proof: unknown, publicKey: KeyObject): ProofVerdict {
  try {
    return verifyOrThrow(proof as LedgerProof, publicKey);
  } catch (error) {
    return { ok: false, message: `malformed proof: ${(error as Error).message}` };
  }
}

function verifyOrThrow(proof: LedgerProof, publicKey: KeyObject): ProofVerdict {
  if (proof?.format !== PROOF_FORMAT)
    throw new LedgerFormatError('format', proof?.format, `must be "${PROOF_FORMAT}"`);
  const { event, inclusion, checkpoint } = proof;
  if (!event || !inclusion || !checkpoint)
    throw new Error('event, inclusion and checkpoint are all required');
  const name = `event ${event.eventId} (${event.topic} partition ${event.partition} offset ${event.offset})`;
  const fail = (why: string): ProofVerdict => ({ ok: false, message: `FAILED ${name}: ${why}` });

  if (event.chainId !== chainIdOf(event.topic, event.source, event.partition)) {
    return fail(`chain id ${event.chainId} is not ${chainIdOf(event.topic, event.source, event.partition)}`);
  }
  const statedHash = digestFromHex(event.bytesSha256, 'event.bytesSha256');
  if (typeof event.bytes !== 'string')
    throw new LedgerFormatError('event.bytes', event.bytes, 'must be base64 text');
  const actualHash = sha256(Buffer.from(event.bytes, 'base64'));
  if (!actualHash.equals(statedHash)) {
    return fail(`the event bytes hash to ${toHex(actualHash)}, the proof states ${event.bytesSha256}`);
  }
  const recomputed = entryHash(
    digestFromHex(event.previousEntryHash, 'event.previousEntryHash'),
    actualHash,
    event,
  );
  if (!recomputed.equals(digestFromHex(event.entryHash, 'event.entryHash'))) {
    return fail(`the entry hash recomputes to ${toHex(recomputed)}, the proof states ${event.entryHash}`);
  }
  if (inclusion.treeSize !== checkpoint.treeSize) {
    return fail(
      `the inclusion path is for ${inclusion.treeSize} leaves, checkpoint ${checkpoint.sequence} covers ${checkpoint.treeSize}`,
    );
  }
  if (!Array.isArray(inclusion.path))
    throw new LedgerFormatError('inclusion.path', inclusion.path, 'must be a list of hex digests');
  const path = inclusion.path.map((hex, i) => digestFromHex(hex, `inclusion.path[${i}]`));
  const root = rootFromInclusionPath(recomputed, inclusion.leafIndex, inclusion.treeSize, path);
  if (!root)
    return fail(`the inclusion path does not fit leaf ${inclusion.leafIndex} of ${inclusion.treeSize}`);
  if (!root.equals(digestFromHex(checkpoint.root, 'checkpoint.root'))) {
    return fail(
      `the inclusion path leads to root ${toHex(root)}, checkpoint ${checkpoint.sequence} states ${checkpoint.root}`,
    );
  }
  const keyId = keyIdOf(publicKey);
  if (checkpoint.keyId !== keyId) {
    return fail(
      `checkpoint ${checkpoint.sequence} names key ${checkpoint.keyId}, the public key given is ${keyId}`,
    );
  }
  if (!checkpointSignatureValid(checkpoint, publicKey)) {
    return fail(`the signature of checkpoint ${checkpoint.sequence} does not verify with key ${keyId}`);
  }
  return {
    ok: true,
    message:
      `OK ${name}: bytes SHA-256 ${event.bytesSha256}, leaf ${inclusion.leafIndex} of ${inclusion.treeSize} ` +
      `in checkpoint ${checkpoint.sequence} (root ${checkpoint.root}, ${checkpoint.periodStart} .. ${checkpoint.periodEnd}), signed by ${keyId}`,
  };
}

/** A proof document: one proof, or a bundle; every proof in it must verify. */
export function verifyProofDocument(
  document: unknown,
  publicKey: KeyObject,
): { ok: boolean; messages: string[] } {
  const bundle = document as Partial<LedgerProofBundle> | undefined;
  if (bundle?.format === PROOF_BUNDLE_FORMAT) {
    if (!Array.isArray(bundle.proofs)) {
      return { ok: false, messages: ['malformed proof bundle: proofs must be a list'] };
    }
    const verdicts = bundle.proofs.map((proof) => verifyLedgerProof(proof, publicKey));
    const messages = verdicts.map((verdict) => verdict.message);
    const pending = Array.isArray(bundle.pendingEventIds) ? bundle.pendingEventIds.length : 0;
    if (verdicts.length === 0) messages.push(`no proof in the bundle for ${String(bundle.subject)}`);
    if (pending > 0)
      messages.push(`${pending} event(s) of ${String(bundle.subject)} are not checkpointed yet: no proof`);
    const ok = verdicts.length > 0 && verdicts.every((verdict) => verdict.ok);
    messages.push(
      `${ok ? 'OK' : 'FAILED'}: ${verdicts.filter((v) => v.ok).length} of ${verdicts.length} proofs verified for ${String(bundle.subject)}`,
    );
    return { ok, messages };
  }
  const verdict = verifyLedgerProof(document, publicKey);
  return { ok: verdict.ok, messages: [verdict.message] };
}
