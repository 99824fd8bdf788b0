import { ConfigError, loadConfig } from '@rre/config';
import path from 'node:path';
import { authConfigSpec, graphqlHardeningConfigSpec, resolveAuthSettings } from './auth-config';

const load = (env: Record<string, string>) => loadConfig('svc', authConfigSpec, env);

describe('auth configuration', () => {
  it('defaults to embedded mode with a key in <DATA_DIR>/keys', () => {
    expect(resolveAuthSettings(load({}), { dataDir: '/srv/rre' })).toEqual({
      mode: 'embedded',
      keyDir: path.resolve('/srv/rre/keys'),
      keyAlgorithm: 'EdDSA',
      issuer: 'urn:rre:embedded',
      audience: 'rre-platform',
      algorithms: ['RS256', 'ES256', 'EdDSA'],
      clockToleranceSeconds: 30,
      claims: { roles: 'roles', organisation: 'org' },
    });
  });

  it('trusts a JWKS URL with an issuer', () => {
    const settings = resolveAuthSettings(
      load({
        AUTH_JWKS_URL: 'https://idp.example/jwks',
        AUTH_ISSUER: 'https://idp.example',
        AUTH_ALGORITHMS: 'RS256',
      }),
      { dataDir: './data' },
    );
    expect(settings).toMatchObject({
      mode: 'remote',
      jwksUrl: 'https://idp.example/jwks',
      algorithms: ['RS256'],
    });
  });

  it('needs AUTH_ISSUER with AUTH_JWKS_URL', () => {
    expect(() =>
      resolveAuthSettings(load({ AUTH_JWKS_URL: 'https://idp.example/jwks' }), { dataDir: '.' }),
    ).toThrow('AUTH_ISSUER=(not set): is required when AUTH_JWKS_URL is set');
  });

  it('refuses none, HS256 and plain-http JWKS URLs', () => {
    expect(() => load({ AUTH_ALGORITHMS: 'RS256,HS256' })).toThrow(
      /AUTH_ALGORITHMS="RS256,HS256": "HS256" is not allowed/,
    );
    expect(() => load({ AUTH_ALGORITHMS: 'none' })).toThrow(ConfigError);
    expect(() => load({ AUTH_JWKS_URL: 'http://idp.example/jwks' })).toThrow(/must be an https:\/\/ URL/);
    expect(load({ AUTH_JWKS_URL: 'http://localhost:8080/jwks' }).AUTH_JWKS_URL).toBe(
      'http://localhost:8080/jwks',
    );
  });

  it('refuses an embedded key algorithm that AUTH_ALGORITHMS does not allow', () => {
    expect(() => resolveAuthSettings(load({ AUTH_ALGORITHMS: 'RS256' }), { dataDir: '.' })).toThrow(
      /must include AUTH_KEY_ALGORITHM \(EdDSA\)/,
    );
  });

  it('reads the hardening limits and field costs', () => {
    expect(loadConfig('svc', graphqlHardeningConfigSpec, {})).toEqual({
      GRAPHQL_MAX_DEPTH: 12,
      GRAPHQL_MAX_COMPLEXITY: 1000,
      GRAPHQL_FIELD_COSTS: {},
      GRAPHQL_MAX_REQUEST_BYTES: 1_048_576,
      RATE_LIMIT_ENABLED: true,
      RATE_LIMIT_USER_BURST: 120,
      RATE_LIMIT_USER_PER_MINUTE: 600,
      RATE_LIMIT_MACHINE_BURST: 5000,
      RATE_LIMIT_MACHINE_PER_MINUTE: 6000,
    });
    expect(
      loadConfig('svc', graphqlHardeningConfigSpec, {
        GRAPHQL_FIELD_COSTS: 'Query.trace=50, Lot.genealogy=20',
      }).GRAPHQL_FIELD_COSTS,
    ).toEqual({ 'Query.trace': 50, 'Lot.genealogy': 20 });
    expect(() =>
      loadConfig('svc', graphqlHardeningConfigSpec, { GRAPHQL_FIELD_COSTS: 'trace=lots' }),
    ).toThrow(/"trace=lots": must be Type.field=cost pairs/);
  });
});
