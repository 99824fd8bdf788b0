import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  JSONWebKeySet,
  jwtVerify,
  JWTPayload,
  JWTVerifyGetKey,
  RemoteJWKSetOptions,
} from 'jose';
import { AuthenticationError, AuthenticationFailure } from './auth-errors';
import { ClaimNames, DEFAULT_ALGORITHMS, TokenAlgorithm } from './auth-config';
import { ClientKind, Principal, rolesFromClaim } from './principal';

/** Turns a bearer token into the caller, or throws AuthenticationError (UNAUTHENTICATED). */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export interface TokenVerifierOptions {
  /** Where the verification keys come from: `remoteKeySet(url)` or `localKeySet(jwks)`. */
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /** Allowed JWS algorithms; default RS256, ES256, EdDSA. `none` and HS* are refused whatever this says. */
  algorithms?: readonly TokenAlgorithm[];
  /** Clock skew tolerated on exp, nbf and iat; default 30 s. */
  clockToleranceSeconds?: number;
  /** Claim names (dotted paths) of the roles and the organisation; default `roles` and `org`. */
  claims?: Partial<ClaimNames>;
  /** Called with unexpected verification errors (key set unreachable, ...) before they become UNAUTHENTICATED. */
  onKeyError?: (error: unknown) => void;
  /**
   * How long a verified token is answered from memory without checking its signature again (never
   * beyond its exp plus the clock tolerance); default 60 s. A key withdrawn from the key set stops
   * accepting tokens already seen within this time. 0 turns the cache off.
   */
  verifiedTokenCacheSeconds?: number;
  /** How many verified tokens are remembered at most (the oldest is forgotten first); default 10,000. */
  verifiedTokenCacheSize?: number;
  /** The clock (ms since the epoch) of the cache; default Date.now. */
  now?: () => number;
}

interface VerifiedToken {
  principal: Principal;
  /** Until when (ms) it may be answered from memory. */
  until: number;
}

/** Keys from an OIDC provider's JWKS URL, fetched on demand and cached (jose's createRemoteJWKSet). */
export function remoteKeySet(url: string | URL, options?: RemoteJWKSetOptions): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), options);
}

/** Keys from an in-process JWKS (embedded mode). */
export function localKeySet(jwks: JSONWebKeySet): JWTVerifyGetKey {
  return createLocalJWKSet(jwks);
}

const MAX_TOKEN_LENGTH = 16_384;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const algorithms = (options.algorithms ?? DEFAULT_ALGORITHMS).filter(
    (a) => a !== ('none' as string) && !a.startsWith('HS'),
  );
  if (algorithms.length === 0) throw new Error('createTokenVerifier: no allowed algorithm');
  const claims: ClaimNames = { roles: 'roles', organisation: 'org', ...options.claims };
  const clockTolerance = options.clockToleranceSeconds ?? 30;
  const cacheMs = (options.verifiedTokenCacheSeconds ?? 60) * 1000;
  const cacheSize = options.verifiedTokenCacheSize ?? 10_000;
  const now = options.now ?? Date.now;
  // A client sends the same token with every request until it expires: checking its signature
  // again each time was a large part of a small request's CPU.
  const verified = new Map<string, VerifiedToken>();

  return {
    async verify(token: string): Promise<Principal> {
      const known = verified.get(token);
      if (known !== undefined) {
        if (now() < known.until) return known.principal;
        verified.delete(token);
      }
      if (token.length > MAX_TOKEN_LENGTH || !/^[\w-]+\.[\w-]*\.[\w-]*$/.test(token)) {
        throw new AuthenticationError('malformed_token');
      }
      let alg: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        throw new AuthenticationError('malformed_token');
      }
      if (typeof alg !== 'string' || !(algorithms as readonly string[]).includes(alg)) {
        throw new AuthenticationError('algorithm_not_allowed', `alg ${String(alg)}`);
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, options.keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: [...algorithms],
          clockTolerance,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        const failure = failureOf(error);
        if (failure === 'keys_unavailable') options.onKeyError?.(error);
        throw new AuthenticationError(failure);
      }
      const principal = principalFromClaims(payload, claims);
      if (cacheMs > 0 && cacheSize > 0 && typeof payload.exp === 'number') {
        if (verified.size >= cacheSize) verified.delete(verified.keys().next().value as string);
        verified.set(token, {
          principal,
          until: Math.min(now() + cacheMs, (payload.exp + clockTolerance) * 1000),
        });
      }
      return principal;
    },
  };
}

function failureOf(error: unknown): AuthenticationFailure {
  const { code, claim } = error as { code?: unknown; claim?: unknown };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'token_expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (claim === 'iss') return 'wrong_issuer';
      if (claim === 'aud') return 'wrong_audience';
      if (claim === 'nbf' || claim === 'iat') return 'token_not_yet_valid';
      return 'missing_claim';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'invalid_signature';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'unknown_key';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'algorithm_not_allowed';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return 'malformed_token';
    default:
      // ERR_JWKS_TIMEOUT, ERR_JWKS_INVALID, network failures: the keys, not the token, are the problem.
      return 'keys_unavailable';
  }
}

function claimAt(payload: JWTPayload, dottedPath: string): unknown {
  if (dottedPath in payload) return payload[dottedPath];
  let value: unknown = payload;
  for (const part of dottedPath.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * The Principal of a verified payload. Machine clients are recognised by client-credentials
 * markers: `gty: client-credentials` (Auth0, our CLI), `idtyp: app` (Entra ID), a `client_id`
 * claim (Keycloak service accounts, RFC 9068 access tokens), or a missing `sub`. Names, e-mail
 * addresses and other profile claims are ignored on purpose.
 */
export function principalFromClaims(payload: JWTPayload, claims: Partial<ClaimNames> = {}): Principal {
  const names: ClaimNames = { roles: 'roles', organisation: 'org', ...claims };
  const clientId = [payload['client_id'], payload['cid'], payload['azp']].find(nonEmpty);
  const machine =
    payload['gty'] === 'client-credentials' ||
    payload['idtyp'] === 'app' ||
    nonEmpty(payload['client_id']) ||
    !nonEmpty(payload.sub);
  const subject = nonEmpty(payload.sub) ? payload.sub : machine ? clientId : undefined;
  if (!subject) throw new AuthenticationError('missing_claim', 'sub');
  const organisationId = claimAt(payload, names.organisation);
  if (!nonEmpty(organisationId)) throw new AuthenticationError('missing_claim', names.organisation);
  const clientKind: ClientKind = machine ? 'machine' : 'user';
  return Object.freeze({
    subject,
    organisationId,
    roles: Object.freeze(rolesFromClaim(claimAt(payload, names.roles))),
    clientKind,
    tokenId: nonEmpty(payload.jti) ? payload.jti : undefined,
  });
}
