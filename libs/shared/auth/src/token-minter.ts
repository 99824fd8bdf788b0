import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { ClaimNames, DEFAULT_AUDIENCE, EMBEDDED_ISSUER } from './auth-config';
import { LocalSigningKey } from './local-signing-key';
import { parseRoles, Role } from './principal';

export interface MintTokenRequest {
  /** Pseudonymous subject id (`sub`); for a machine client, its client id. Never a person's name. */
  subject: string;
  organisationId: string;
  roles: readonly Role[];
  /** A client-credentials token (MES): adds `client_id` and `gty: client-credentials`. */
  machine?: boolean;
  /** Lifetime, e.g. `30m`, `8h`, `7d`; default 8h, at most 30d. */
  ttl?: string;
}

export interface MintTokenOptions {
  issuer?: string;
  audience?: string;
  claims?: Partial<ClaimNames>;
  /** Issue time; default now. */
  now?: Date;
}

const MAX_TTL_SECONDS = 30 * 24 * 3600;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,127}$/;

/** Seconds of a duration such as `90s`, `30m`, `8h` or `7d`. */
export function parseTtl(ttl: string): number {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(ttl.trim());
  if (!match) throw new Error(`ttl "${ttl}": must be a number followed by s, m, h or d (e.g. 8h)`);
  const seconds = Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  if (seconds < 1 || seconds > MAX_TTL_SECONDS) throw new Error(`ttl "${ttl}": must be between 1s and 30d`);
  return seconds;
}

/**
 * Signs a token with the embedded signing key, for the platform's issuer and audience: `sub`,
 * the organisation and roles claims, `jti`, `iat`, `exp` (and for machine clients `client_id`
 * and `gty: client-credentials`). Nothing else: no names, no contact details.
 */
export async function mintToken(
  key: LocalSigningKey,
  request: MintTokenRequest,
  options: MintTokenOptions = {},
): Promise<string> {
  if (!ID_PATTERN.test(request.subject)) {
    throw new Error(
      `subject "${request.subject}": must be an id of letters, digits and ._:@|- (at most 128)`,
    );
  }
  if (!ID_PATTERN.test(request.organisationId)) {
    throw new Error(
      `organisation "${request.organisationId}": must be an id of letters, digits and ._:@|- (at most 128)`,
    );
  }
  const roles = parseRoles(request.roles);
  if (roles.length === 0) throw new Error('at least one role is required');
  const claimNames: ClaimNames = { roles: 'roles', organisation: 'org', ...options.claims };
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const ttl = parseTtl(request.ttl ?? '8h');
  const payload: Record<string, unknown> = {};
  setClaim(payload, claimNames.organisation, request.organisationId);
  setClaim(payload, claimNames.roles, roles);
  if (request.machine) {
    payload['client_id'] = request.subject;
    payload['gty'] = 'client-credentials';
  }
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(options.issuer ?? EMBEDDED_ISSUER)
    .setAudience(options.audience ?? DEFAULT_AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttl)
    .sign(key.privateKey);
}

function setClaim(payload: Record<string, unknown>, dottedPath: string, value: unknown): void {
  // A namespaced claim such as https://example.com/roles is one name, not a path.
  const parts = dottedPath.includes(':') ? [dottedPath] : dottedPath.split('.');
  let target = payload;
  for (const part of parts.slice(0, -1)) {
    target[part] ??= {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts[parts.length - 1]] = value;
}
