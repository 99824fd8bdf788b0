import { createLogger, Logger } from '@rre/telemetry';
import { base64url, generateKeyPair, JWTPayload, SignJWT, type CryptoKey } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_AUDIENCE, EMBEDDED_ISSUER } from '../auth-config';
import { LocalSigningKey } from '../local-signing-key';

/** A temporary directory, removed by the returned cleanup. */
export function temporaryDirectory(prefix = 'rre-auth-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One JSON log line, as tests read it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON that tests assert on
export type LogLine = Record<string, any>;

/** A logger whose JSON lines land in `lines`. */
export function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger('auth-test', {
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}

export interface TokenParts {
  claims?: JWTPayload;
  /** Seconds relative to now; default +3600. `null` leaves exp out. */
  expiresIn?: number | null;
  issuer?: string;
  audience?: string;
  kid?: string;
}

/** Signs a token with `privateKey` the way a provider would, for tests. */
export async function signToken(privateKey: CryptoKey, alg: string, parts: TokenParts = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ org: 'org-a', roles: ['recycler'], ...parts.claims })
    .setProtectedHeader({ alg, ...(parts.kid ? { kid: parts.kid } : {}) })
    .setSubject('subject-1')
    .setIssuer(parts.issuer ?? EMBEDDED_ISSUER)
    .setAudience(parts.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt(now)
    .setJti('token-1');
  if (parts.expiresIn !== null) jwt.setExpirationTime(now + (parts.expiresIn ?? 3600));
  return jwt.sign(privateKey);
}

export function signWithKey(key: LocalSigningKey, parts: TokenParts = {}): Promise<string> {
  return signToken(key.privateKey, key.algorithm, { kid: key.kid, ...parts });
}

/** A key pair that nobody trusts. */
export async function strangerKey(alg = 'EdDSA'): Promise<CryptoKey> {
  return (await generateKeyPair(alg)).privateKey;
}

/** An unsigned token (`alg: none`) with the given claims. */
export function unsignedToken(claims: JWTPayload): string {
  const encode = (value: object) => base64url.encode(JSON.stringify(value));
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

/** An HS256 token whose HMAC secret is `secret` (e.g. the public key, as in an algorithm-confusion attack). */
export async function hmacToken(secret: Uint8Array, claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret);
}

/** Valid claims of the embedded issuer and audience, expiring in an hour. */
export function validClaims(extra: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: 'subject-1',
    org: 'org-a',
    roles: ['admin'],
    iss: EMBEDDED_ISSUER,
    aud: DEFAULT_AUDIENCE,
    iat: now,
    exp: now + 3600,
    ...extra,
  };
}
