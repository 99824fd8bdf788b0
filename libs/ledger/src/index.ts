// @rre/ledger: the tamper-evident ledger's pure parts (canonical event bytes, hash chains, RFC 9162
// Merkle trees, Ed25519-signed checkpoints, proofs and their offline verifier). See README.md.
export { DIGEST_BYTES, digestFromHex, LedgerFormatError, sha256, toHex } from './digest';
export {
  canonicalEventBytes,
  EVENT_BYTES_MAGIC,
  type PublishedRecord,
  publishedRecordOf,
} from './event-bytes';
export {
  ChainVerifier,
  chainIdOf,
  type ChainMismatch,
  type EntryPosition,
  type EntryProblem,
  entryHash,
  GENESIS_HASH,
  positionBytes,
  type StoredEntry,
} from './hash-chain';
export { inclusionPath, leafHash, merkleRoot, nodeHash, rootFromInclusionPath } from './merkle-tree';
export {
  generateSigningKey,
  keyIdOf,
  privateKeyPem,
  publicKeyFrom,
  publicKeyPem,
  type SigningKey,
  signingKeyFrom,
} from './signing-keys';
export {
  CHECKPOINT_FORMAT,
  checkpointHash,
  checkpointSignatureValid,
  checkpointSignedBytes,
  type CheckpointStatement,
  signCheckpoint,
  type SignedCheckpoint,
} from './checkpoint';
export {
  type LedgerProof,
  type LedgerProofBundle,
  PROOF_BUNDLE_FORMAT,
  PROOF_FORMAT,
  type ProofVerdict,
  verifyLedgerProof,
  verifyProofDocument,
} from './ledger-proof';
export { verifyProofCommand } from './cli/verify-proof-command';
