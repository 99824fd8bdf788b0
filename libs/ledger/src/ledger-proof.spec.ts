import { checkpointHash, checkpointSignatureValid, signCheckpoint } from './checkpoint';
import { sha256, toHex } from './digest';
import { canonicalEventBytes } from './event-bytes';
import { chainIdOf, entryHash, GENESIS_HASH } from './hash-chain';
import { type LedgerProof, PROOF_FORMAT, verifyLedgerProof, verifyProofDocument } from './ledger-proof';
import { inclusionPath, merkleRoot } from './merkle-tree';
import {
  generateSigningKey,
  keyIdOf,
  publicKeyFrom,
  publicKeyPem,
  signingKeyFrom,
  privateKeyPem,
} from './signing-keys';

const key = generateSigningKey();
const topic = 'rre.intake.lot-events.v1';

/** Three events of one chain, a checkpoint over them, and the proof of event `index`. */
function proofOf(index: number): LedgerProof {
  const chainId = chainIdOf(topic, topic, 0);
  let previous = GENESIS_HASH;
  const entries = [0, 1, 2].map((chainIndex) => {
    const bytes = canonicalEventBytes({
      key: 'LOT-1',
      value: Buffer.from([chainIndex]),
      headers: { ce_id: `E${chainIndex}` },
    });
    const position = { chainId, chainIndex, offset: String(chainIndex), eventId: `E${chainIndex}` };
    const hash = entryHash(previous, sha256(bytes), position);
    const entry = { position, bytes, previous, hash };
    previous = hash;
    return entry;
  });
  const hashes = entries.map((entry) => entry.hash);
  const checkpoint = signCheckpoint(
    {
      sequence: 1,
      treeSize: 3,
      root: toHex(merkleRoot(hashes)),
      periodStart: '2026-11-28T10:00:00.000Z',
      periodEnd: '2026-11-28T10:05:00.000Z',
      previous: toHex(GENESIS_HASH),
      keyId: key.keyId,
    },
    key.privateKey,
  );
  const entry = entries[index] as (typeof entries)[number];
  return {
    format: PROOF_FORMAT,
    event: {
      eventId: entry.position.eventId,
      topic,
      source: topic,
      partition: 0,
      offset: entry.position.offset,
      chainId,
      chainIndex: index,
      bytes: entry.bytes.toString('base64'),
      bytesSha256: toHex(sha256(entry.bytes)),
      previousEntryHash: toHex(entry.previous),
      entryHash: toHex(entry.hash),
    },
    inclusion: { leafIndex: index, treeSize: 3, path: inclusionPath(hashes, index).map(toHex) },
    checkpoint,
  };
}

describe('checkpoint signing (Ed25519)', () => {
  it('verifies with the signer public key and not with another key', () => {
    const checkpoint = proofOf(0).checkpoint;
    expect(checkpointSignatureValid(checkpoint, key.publicKey)).toBe(true);
    expect(checkpointSignatureValid(checkpoint, generateSigningKey().publicKey)).toBe(false);
    expect(checkpointSignatureValid({ ...checkpoint, root: '00'.repeat(32) }, key.publicKey)).toBe(false);
    expect(checkpointHash(checkpoint)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads keys from PEM and from base64 (DER and raw 32 bytes), with one key id', () => {
    const pem = privateKeyPem(key.privateKey);
    const der = key.privateKey.export({ format: 'der', type: 'pkcs8' });
    const raw = der.subarray(der.length - 32);
    expect(signingKeyFrom(pem).keyId).toBe(key.keyId);
    expect(signingKeyFrom(der.toString('base64')).keyId).toBe(key.keyId);
    expect(signingKeyFrom(raw.toString('base64')).keyId).toBe(key.keyId);
    expect(keyIdOf(publicKeyFrom(publicKeyPem(key.publicKey)))).toBe(key.keyId);
    expect(key.keyId).toMatch(/^ed25519:[0-9a-f]{32}$/);
    expect(() => signingKeyFrom('not a key!')).toThrow(
      /the private key cannot be read .*give a PEM PKCS#8 private key/,
    );
  });
});

describe('ledger proofs', () => {
  it('verifies each of 3 events (the odd third leaf included)', () => {
    for (const index of [0, 1, 2]) {
      const verdict = verifyLedgerProof(proofOf(index), key.publicKey);
      expect(verdict).toEqual({ ok: true, message: expect.stringMatching(`^OK event E${index} `) });
    }
  });

  it('fails on altered bytes, a tampered leaf hash, a wrong key, a wrong path', () => {
    const proof = proofOf(1);
    const bytes = Buffer.from(proof.event.bytes, 'base64');
    bytes[bytes.length - 1] = 0x41;
    expect(
      verifyLedgerProof(
        { ...proof, event: { ...proof.event, bytes: bytes.toString('base64') } },
        key.publicKey,
      ).message,
    ).toMatch(/^FAILED event E1 .*the event bytes hash to/);
    const forged = { ...proof.event, bytes: bytes.toString('base64'), bytesSha256: toHex(sha256(bytes)) };
    expect(verifyLedgerProof({ ...proof, event: forged }, key.publicKey).message).toMatch(
      /the entry hash recomputes to/,
    );
    const releafed = {
      ...forged,
      entryHash: toHex(
        entryHash(Buffer.from(proof.event.previousEntryHash, 'hex'), sha256(bytes), proof.event),
      ),
    };
    expect(verifyLedgerProof({ ...proof, event: releafed }, key.publicKey).message).toMatch(
      /the inclusion path leads to root/,
    );
    expect(verifyLedgerProof(proof, generateSigningKey().publicKey).message).toMatch(
      /names key ed25519:.*the public key given is/,
    );
    const path = [...proof.inclusion.path].reverse();
    expect(verifyLedgerProof({ ...proof, inclusion: { ...proof.inclusion, path } }, key.publicKey).ok).toBe(
      false,
    );
    expect(verifyLedgerProof({ format: 'x' }, key.publicKey)).toEqual({
      ok: false,
      message: 'malformed proof: format: got "x", must be "rre.ledger.proof.v1"',
    });
  });

  it('checks every proof of a bundle', () => {
    const bundle = {
      format: 'rre.ledger.proof-bundle.v1',
      subject: 'LOT-1',
      proofs: [proofOf(0), proofOf(2)],
      pendingEventIds: [],
    };
    expect(verifyProofDocument(bundle, key.publicKey)).toEqual({
      ok: true,
      messages: [
        expect.stringMatching(/^OK/),
        expect.stringMatching(/^OK/),
        'OK: 2 of 2 proofs verified for LOT-1',
      ],
    });
    const broken = {
      ...bundle,
      proofs: [
        proofOf(0),
        { ...proofOf(2), inclusion: { leafIndex: 1, treeSize: 3, path: proofOf(2).inclusion.path } },
      ],
    };
    expect(verifyProofDocument(broken, key.publicKey).messages.at(-1)).toBe(
      'FAILED: 1 of 2 proofs verified for LOT-1',
    );
  });
});
