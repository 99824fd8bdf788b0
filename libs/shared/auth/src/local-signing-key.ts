import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  JSONWebKeySet,
  JWK,
  type CryptoKey,
} from 'jose';
import { randomUUID } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_KEY_ALGORITHMS, LocalKeyAlgorithm } from './auth-config';

/** File name of the embedded signing key (a private JWK) inside the key directory. */
export const SIGNING_KEY_FILE = 'signing-key.jwk.json';

/** The embedded mode's signing key: the platform verifies with `jwks`, the token CLI signs with `privateKey`. */
export interface LocalSigningKey {
  /** Key id: the JWK thumbprint (RFC 7638) of the public key. */
  readonly kid: string;
  readonly algorithm: LocalKeyAlgorithm;
  readonly privateKey: CryptoKey;
  /** A JWKS with the one public key, for `createLocalJWKSet` (or to publish at a JWKS URL). */
  readonly jwks: JSONWebKeySet;
  /** The file holding the private key (mode 0600). */
  readonly file: string;
}

/**
 * Loads the signing key from `keyDir`, creating the directory (0700) and a new key (file mode
 * 0600) on first use. Creation is atomic: the key is written to a temporary file and linked into
 * place, so two processes starting at once end up with the same key. A key file that others may
 * read is refused. An existing key keeps its algorithm, whatever `algorithm` asks for.
 */
export async function loadOrCreateSigningKey(
  keyDir: string,
  algorithm: LocalKeyAlgorithm = 'EdDSA',
): Promise<LocalSigningKey> {
  const file = path.join(keyDir, SIGNING_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing) return existing;

  await mkdir(keyDir, { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(algorithm, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const stored: JWK = { ...jwk, alg: algorithm, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
  const temporary = path.join(keyDir, `.${SIGNING_KEY_FILE}.${process.pid}.${randomUUID()}`);
  await writeFile(temporary, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await chmod(temporary, 0o600); // whatever the umask did
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process created the key first: use that one.
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  const created = await readKeyFile(file);
  if (!created) throw new Error(`signing key ${file} vanished while it was being created`);
  return created;
}

async function readKeyFile(file: string): Promise<LocalSigningKey | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (process.platform !== 'win32') {
    const mode = (await stat(file)).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new Error(
        `signing key ${file} is readable by others (mode ${mode.toString(8).padStart(4, '0')}): run chmod 600 on it`,
      );
    }
  }
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new Error(`signing key ${file} is not valid JSON`);
  }
  const algorithm = jwk.alg;
  if (!(LOCAL_KEY_ALGORITHMS as readonly string[]).includes(algorithm ?? '') || !jwk.d) {
    throw new Error(
      `signing key ${file} must be a private JWK with alg ${LOCAL_KEY_ALGORITHMS.join(' or ')}`,
    );
  }
  const privateKey = (await importJWK(jwk, algorithm)) as CryptoKey;
  const { d: _d, ...publicJwk } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  return {
    kid,
    algorithm: algorithm as LocalKeyAlgorithm,
    privateKey,
    jwks: { keys: [{ ...publicJwk, kid, alg: algorithm, use: 'sig' }] },
    file,
  };
}
