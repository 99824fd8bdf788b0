import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sha256, toHex } from './digest';

// DER prefixes of an Ed25519 key's PKCS#8 (private) and SPKI (public) encodings (RFC 8410), before
// the 32 raw key bytes: lets a raw base64 key be given as well as PEM or DER.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The plant's checkpoint signing key: private, public and its id. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

/** A new Ed25519 key (the embedded mode's development key). */
export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * An Ed25519 private key from text: PEM (`-----BEGIN PRIVATE KEY-----`, PKCS#8), or base64 of the
 * PKCS#8 DER, or base64 of the 32-byte seed. Throws an error that says which forms are accepted.
 */
export function signingKeyFrom(text: string): SigningKey {
  const privateKey = parseKey(text, 'private');
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the signing key is a ${privateKey.asymmetricKeyType ?? 'unknown'} key, must be Ed25519`);
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * An Ed25519 public key from text: PEM (`-----BEGIN PUBLIC KEY-----`, SPKI), base64 of the SPKI
 * DER, or base64 of the 32 raw bytes.
 */
export function publicKeyFrom(text: string): KeyObject {
  const publicKey = parseKey(text, 'public');
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the public key is a ${publicKey.asymmetricKeyType ?? 'unknown'} key, must be Ed25519`);
  }
  return publicKey;
}

function parseKey(text: string, kind: 'private' | 'public'): KeyObject {
  const trimmed = text.trim();
  const accepted =
    kind === 'private'
      ? 'a PEM PKCS#8 private key, base64 of its DER, or base64 of the 32-byte Ed25519 seed'
      : 'a PEM SPKI public key, base64 of its DER, or base64 of the 32 raw Ed25519 bytes';
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      return kind === 'private' ? createPrivateKey(trimmed) : createPublicKey(trimmed);
    }
    if (!/^[A-Za-z0-9+/=_-]+$/.test(trimmed)) throw new Error('not base64');
    const der = Buffer.from(trimmed, 'base64');
    const prefix = kind === 'private' ? PKCS8_ED25519_PREFIX : SPKI_ED25519_PREFIX;
    const full = der.length === 32 ? Buffer.concat([prefix, der]) : der;
    return kind === 'private'
      ? createPrivateKey({ key: full, format: 'der', type: 'pkcs8' })
      : createPublicKey({ key: full, format: 'der', type: 'spki' });
  } catch (error) {
    throw new Error(`the ${kind} key cannot be read (${(error as Error).message}): give ${accepted}`);
  }
}

/** The key id: `ed25519:` and the first 16 bytes (32 hex digits) of SHA-256 of the public key's SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return `ed25519:${toHex(sha256(der)).slice(0, 32)}`;
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ format: 'pem', type: 'spki' }).toString();
}

export function privateKeyPem(privateKey: KeyObject): string {
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}
