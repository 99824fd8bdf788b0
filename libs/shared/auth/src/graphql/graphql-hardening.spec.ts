import { loadConfig } from '@rre/config';
import { graphqlHardeningConfigSpec } from '../auth-config';
import { RequestAuthenticator } from '../request-authenticator';
import type { TokenVerifier } from '../token-verifier';
import { graphqlHardening, introspectionEnabled } from './graphql-hardening';

describe('graphqlHardening', () => {
  const authenticator = new RequestAuthenticator({} as TokenVerifier);
  const config = loadConfig('test', graphqlHardeningConfigSpec, {});

  it("shows a service's own refusals with their extensions, and still hides everything else", () => {
    const { formatError } = graphqlHardening(config, {
      authenticator,
      clientErrors: { codes: ['INVALID_MASS'], extensions: ['field', 'value', 'rule', 'retryable'] },
    });
    const refusal = {
      message: 'declaredMass: got -5 KGM, must be positive',
      path: ['registerLot'],
      extensions: {
        code: 'INVALID_MASS',
        field: 'declaredMass',
        value: '-5 KGM',
        rule: 'must be positive',
        retryable: false,
        sql: 'x',
      },
    };
    expect(formatError(refusal, new Error('x'))).toEqual({
      message: 'declaredMass: got -5 KGM, must be positive',
      path: ['registerLot'],
      extensions: {
        code: 'INVALID_MASS',
        field: 'declaredMass',
        value: '-5 KGM',
        rule: 'must be positive',
        retryable: false,
      },
    });
    const { formatError: plain } = graphqlHardening(config, { authenticator, logger: silent() });
    expect(plain(refusal, new Error('x')).extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('introspectionEnabled', () => {
  it('is on by default, off with NODE_ENV=production, and GRAPHQL_INTROSPECTION decides when set', () => {
    expect(introspectionEnabled(true, {})).toBe(true);
    expect(introspectionEnabled(true, { NODE_ENV: 'production' })).toBe(false);
    expect(introspectionEnabled(true, { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' })).toBe(true);
    expect(introspectionEnabled(false, { GRAPHQL_INTROSPECTION: 'false' })).toBe(false);
  });
});

function silent() {
  const noop = () => undefined;
  return { error: noop, warn: noop, info: noop, debug: noop } as never;
}
