import { ConfigError, ConfigOf, flag, integer, oneOf, optional, parsed, text } from '@rre/config';
import path from 'node:path';

/** JWS algorithms a deployment may allow. Never `none`, never HMAC (HS*): a shared secret is no identity. */
export const SUPPORTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export type TokenAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];
export const DEFAULT_ALGORITHMS: readonly TokenAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

/** Algorithms for the embedded signing key. */
export const LOCAL_KEY_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export type LocalKeyAlgorithm = (typeof LOCAL_KEY_ALGORITHMS)[number];

export const EMBEDDED_ISSUER = 'urn:rre:embedded';
export const DEFAULT_AUDIENCE = 'rre-platform';

export function parseAlgorithms(raw: string): TokenAlgorithm[] {
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) throw new Error(`must list at least one of ${SUPPORTED_ALGORITHMS.join(', ')}`);
  for (const name of names) {
    if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(name)) {
      throw new Error(
        `"${name}" is not allowed: list asymmetric algorithms from ${SUPPORTED_ALGORITHMS.join(', ')} (never none or HS*)`,
      );
    }
  }
  return [...new Set(names)] as TokenAlgorithm[];
}

export function parseJwksUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be an absolute https:// URL');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new Error('must be an https:// URL (http:// only for localhost)');
  }
  return url.toString();
}

/** `Type.field=cost` pairs separated by commas, e.g. `Query.trace=50,Lot.genealogy=20`. */
export function parseFieldCosts(raw: string): Record<string, number> {
  const costs: Record<string, number> = {};
  for (const pair of raw.split(',').map((s) => s.trim())) {
    if (pair === '') continue;
    const match = /^([_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*)=(\d+)$/.exec(pair);
    if (!match) throw new Error(`"${pair}": must be Type.field=cost pairs separated by commas`);
    costs[match[1]] = Number(match[2]);
  }
  return costs;
}

/** Authentication settings, read by every service that serves GraphQL (and by the token CLI). */
export const authConfigSpec = {
  AUTH_JWKS_URL: optional(
    parsed(
      'JWKS URL of the OIDC provider whose tokens are accepted; unset: embedded mode with a local signing key',
      parseJwksUrl,
    ),
  ),
  AUTH_ISSUER: optional(
    text(`Expected token issuer (iss); required with AUTH_JWKS_URL, else ${EMBEDDED_ISSUER}`),
  ),
  AUTH_AUDIENCE: text('Expected token audience (aud)', { default: DEFAULT_AUDIENCE }),
  AUTH_ALGORITHMS: parsed('Allowed token signature algorithms (asymmetric only)', parseAlgorithms, {
    default: [...DEFAULT_ALGORITHMS],
    defaultText: DEFAULT_ALGORITHMS.join(','),
  }),
  AUTH_CLOCK_TOLERANCE_SECONDS: integer('Clock skew tolerated on exp/nbf/iat, in seconds', {
    default: 30,
    min: 0,
    max: 300,
  }),
  AUTH_KEY_DIR: optional(
    text('Embedded mode: directory of the local signing key (default: <DATA_DIR>/keys)'),
  ),
  AUTH_KEY_ALGORITHM: oneOf(
    'Embedded mode: algorithm of a newly created local signing key',
    LOCAL_KEY_ALGORITHMS,
    'EdDSA',
  ),
  AUTH_ROLES_CLAIM: text('Claim holding the roles (dotted path, e.g. realm_access.roles)', {
    default: 'roles',
  }),
  AUTH_ORGANISATION_CLAIM: text('Claim holding the organisation id (dotted path)', { default: 'org' }),
};
export type AuthConfig = ConfigOf<typeof authConfigSpec>;

/** Limits on what one GraphQL request may ask for, and how often. */
export const graphqlHardeningConfigSpec = {
  GRAPHQL_MAX_DEPTH: integer('Deepest field nesting an operation may have', {
    default: 12,
    min: 1,
    max: 100,
  }),
  GRAPHQL_MAX_COMPLEXITY: integer('Highest estimated cost an operation may have', {
    default: 1000,
    min: 1,
  }),
  GRAPHQL_FIELD_COSTS: parsed('Cost per field beyond the default 1 (Type.field=cost,...)', parseFieldCosts, {
    default: {},
    defaultText: '(none)',
  }),
  GRAPHQL_MAX_REQUEST_BYTES: integer('Largest request body accepted, in bytes', {
    default: 1_048_576,
    min: 1024,
    max: 104_857_600,
  }),
  RATE_LIMIT_ENABLED: flag('Limit requests per client (token bucket per subject)', true),
  RATE_LIMIT_USER_BURST: integer('Requests a user (or an anonymous address) may send at once', {
    default: 120,
    min: 1,
  }),
  RATE_LIMIT_USER_PER_MINUTE: integer('Sustained requests per minute for a user', { default: 600, min: 1 }),
  RATE_LIMIT_MACHINE_BURST: integer('Requests a machine client (MES) may send at once, e.g. a backfill', {
    default: 5000,
    min: 1,
  }),
  RATE_LIMIT_MACHINE_PER_MINUTE: integer('Sustained requests per minute for a machine client', {
    default: 6000,
    min: 1,
  }),
};
export type GraphqlHardeningConfig = ConfigOf<typeof graphqlHardeningConfigSpec>;

/** Where tokens come from, resolved from AuthConfig (and DATA_DIR in embedded mode). */
export type AuthSettings =
  | {
      mode: 'remote';
      jwksUrl: string;
      issuer: string;
      audience: string;
      algorithms: TokenAlgorithm[];
      clockToleranceSeconds: number;
      claims: ClaimNames;
    }
  | {
      mode: 'embedded';
      keyDir: string;
      keyAlgorithm: LocalKeyAlgorithm;
      issuer: string;
      audience: string;
      algorithms: TokenAlgorithm[];
      clockToleranceSeconds: number;
      claims: ClaimNames;
    };

export interface ClaimNames {
  /** Dotted path of the roles claim. */
  roles: string;
  /** Dotted path of the organisation claim. */
  organisation: string;
}

/**
 * Resolves the settings, or throws ConfigError for combinations no single variable can check:
 * AUTH_JWKS_URL without AUTH_ISSUER, or an embedded key algorithm that AUTH_ALGORITHMS does not allow.
 */
export function resolveAuthSettings(
  config: AuthConfig,
  options: { dataDir: string; service?: string },
): AuthSettings {
  const common = {
    audience: config.AUTH_AUDIENCE,
    algorithms: config.AUTH_ALGORITHMS,
    clockToleranceSeconds: config.AUTH_CLOCK_TOLERANCE_SECONDS,
    claims: { roles: config.AUTH_ROLES_CLAIM, organisation: config.AUTH_ORGANISATION_CLAIM },
  };
  const service = options.service ?? 'auth';
  if (config.AUTH_JWKS_URL !== undefined) {
    if (config.AUTH_ISSUER === undefined) {
      throw new ConfigError(service, [
        { variable: 'AUTH_ISSUER', value: undefined, rule: 'is required when AUTH_JWKS_URL is set' },
      ]);
    }
    return { mode: 'remote', jwksUrl: config.AUTH_JWKS_URL, issuer: config.AUTH_ISSUER, ...common };
  }
  if (!config.AUTH_ALGORITHMS.includes(config.AUTH_KEY_ALGORITHM)) {
    throw new ConfigError(service, [
      {
        variable: 'AUTH_ALGORITHMS',
        value: config.AUTH_ALGORITHMS.join(','),
        rule: `must include AUTH_KEY_ALGORITHM (${config.AUTH_KEY_ALGORITHM}) in embedded mode`,
      },
    ]);
  }
  return {
    mode: 'embedded',
    keyDir: path.resolve(config.AUTH_KEY_DIR ?? path.join(options.dataDir, 'keys')),
    keyAlgorithm: config.AUTH_KEY_ALGORITHM,
    issuer: config.AUTH_ISSUER ?? EMBEDDED_ISSUER,
    ...common,
  };
}
