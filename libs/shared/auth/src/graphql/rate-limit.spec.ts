import { ApolloServer } from '@apollo/server';
import { AuthenticationError } from '../auth-errors';
import { Principal } from '../principal';
import { RequestAuthenticator } from '../request-authenticator';
import { capturingLogger } from '../test-support/auth-fixtures';
import { typeDefs } from '../test-support/test-schema';
import { requestAdmissionPlugin, TokenBucketRateLimiter } from './rate-limit';

describe('TokenBucketRateLimiter', () => {
  let now = 0;
  const limiter = () =>
    new TokenBucketRateLimiter(
      { user: { burst: 3, perSecond: 1 }, machine: { burst: 10, perSecond: 5 } },
      { now: () => now },
    );
  beforeEach(() => (now = 0));

  it('allows a burst, then refuses with a retry-after hint, then refills', () => {
    const rl = limiter();
    const alice = { kind: 'user' as const, id: 'alice' };
    expect([1, 2, 3].map(() => rl.take(alice).allowed)).toEqual([true, true, true]);
    expect(rl.take(alice)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    now += 1000; // one token back
    expect(rl.take(alice).allowed).toBe(true);
    expect(rl.take(alice).allowed).toBe(false);
    now += 60_000; // refilled to the burst, never beyond
    expect([1, 2, 3, 4].map(() => rl.take(alice).allowed)).toEqual([true, true, true, false]);
  });

  it('keeps a bucket per client, and a separate, larger budget for machine clients', () => {
    const rl = limiter();
    for (let i = 0; i < 3; i += 1) rl.take({ kind: 'user', id: 'alice' });
    expect(rl.take({ kind: 'user', id: 'alice' }).allowed).toBe(false);
    expect(rl.take({ kind: 'user', id: 'bob' }).allowed).toBe(true);
    // The MES backfill: 10 at once, then 5 per second.
    const mes = { kind: 'machine' as const, id: 'alice' };
    expect(Array.from({ length: 11 }, () => rl.take(mes).allowed).filter(Boolean)).toHaveLength(10);
    expect(rl.take(mes).retryAfterSeconds).toBe(1);
    now += 1000;
    expect(Array.from({ length: 6 }, () => rl.take(mes).allowed).filter(Boolean)).toHaveLength(5);
  });

  it('states retry-after for a slow refill', () => {
    const rl = new TokenBucketRateLimiter(
      { user: { burst: 1, perSecond: 0.1 }, machine: { burst: 1, perSecond: 1 } },
      { now: () => now },
    );
    rl.take({ kind: 'anonymous', id: '10.0.0.1' });
    expect(rl.take({ kind: 'anonymous', id: '10.0.0.1' }).retryAfterSeconds).toBe(10);
  });

  it('forgets the least recently active clients beyond maxClients', () => {
    const rl = new TokenBucketRateLimiter(
      { user: { burst: 1, perSecond: 1 }, machine: { burst: 1, perSecond: 1 } },
      { now: () => now, maxClients: 10 },
    );
    for (let i = 0; i < 11; i += 1) rl.take({ kind: 'user', id: `u${i}` });
    expect(rl.size).toBeLessThanOrEqual(10);
    expect(rl.take({ kind: 'user', id: 'u10' }).allowed).toBe(false); // the newest is still remembered
  });

  it('refuses nonsense budgets', () => {
    expect(
      () =>
        new TokenBucketRateLimiter({ user: { burst: 0, perSecond: 1 }, machine: { burst: 1, perSecond: 1 } }),
    ).toThrow('rate limit budget "user"');
  });
});

describe('requestAdmissionPlugin', () => {
  const principals: Record<string, Principal> = {
    alice: {
      subject: 'alice',
      organisationId: 'org-a',
      roles: ['recycler'],
      clientKind: 'user',
      tokenId: 't1',
    },
    mes: {
      subject: 'mes-1',
      organisationId: 'plant',
      roles: ['operator'],
      clientKind: 'machine',
      tokenId: 't2',
    },
  };
  const authenticator = new RequestAuthenticator({
    verify: async (token) => {
      const principal = principals[token];
      if (!principal) throw new AuthenticationError('invalid_signature');
      return principal;
    },
  });
  const { logger, lines } = capturingLogger();
  let server: ApolloServer<{ req?: any }>;
  const run = (authorization?: string) =>
    server.executeOperation(
      { query: '{ boom }', operationName: undefined },
      {
        contextValue: {
          req: { headers: authorization ? { authorization } : {}, ip: '192.0.2.1' },
        },
      },
    );

  beforeAll(async () => {
    server = new ApolloServer<{ req?: any }>({
      typeDefs,
      resolvers: { Query: { boom: () => 'ok' } },
      plugins: [
        requestAdmissionPlugin({
          authenticator,
          logger,
          rateLimiter: new TokenBucketRateLimiter({
            user: { burst: 2, perSecond: 0.001 },
            machine: { burst: 4, perSecond: 0.001 },
          }),
        }),
      ],
    });
    await server.start();
  });
  afterAll(() => server.stop());

  it('refuses a request over budget with 429, RATE_LIMITED and a retry-after hint; machines have their own budget', async () => {
    expect((await run('Bearer alice')).http.status).toBeUndefined();
    expect((await run('Bearer alice')).http.status).toBeUndefined();
    const refused = await run('Bearer alice');
    expect(refused.http.status).toBe(429);
    expect(refused.http.headers.get('retry-after')).toBe('1000');
    expect(refused.body.kind === 'single' && refused.body.singleResult.errors).toEqual([
      {
        message: 'Too many requests: retry after 1000 s',
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1000 },
      },
    ]);
    const mes = await Promise.all([1, 2, 3, 4, 5].map(() => run('Bearer mes')));
    expect(mes.map((r) => r.http.status ?? 200)).toEqual([200, 200, 200, 200, 429]);
    expect(lines.filter((l) => l.code === 'RATE_LIMITED').map((l) => [l.subject, l.clientKind])).toEqual([
      ['alice', 'user'],
      ['mes-1', 'machine'],
    ]);
  });

  it('refuses a bad token with 401 before anything else, and limits anonymous callers by address', async () => {
    const bad = await run('Bearer forged');
    expect(bad.http.status).toBe(401);
    expect(bad.http.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(bad.body.kind === 'single' && bad.body.singleResult.errors?.[0].extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'invalid_signature',
    });
    const anonymous = await Promise.all([1, 2, 3].map(() => run()));
    expect(anonymous.map((r) => r.http.status ?? 200)).toEqual([200, 200, 429]);
  });
});
