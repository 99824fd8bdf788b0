import 'reflect-metadata';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Args,
  Field,
  GraphQLModule,
  ID,
  Info,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { loadConfig } from '@rre/config';
import type { Logger } from '@rre/telemetry';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { GraphQLResolveInfo } from 'graphql';
import { assertCanAccessOrganisation, organisationScope } from './access-policy';
import { authConfigSpec, graphqlHardeningConfigSpec, resolveAuthSettings } from './auth-config';
import { Auth, createAuth } from './create-auth';
import { graphqlHardening } from './graphql/graphql-hardening';
import { LocalSigningKey } from './local-signing-key';
import { applyRequestSizeLimit } from './graphql/request-size';
import { CurrentPrincipal, Public, Roles } from './nest/auth.decorators';
import { AuthModule } from './nest/auth.module';
import { Principal, Role, ROLES } from './principal';
import { mintToken } from './token-minter';
import {
  capturingLogger,
  hmacToken,
  signToken,
  signWithKey,
  strangerKey,
  temporaryDirectory,
  unsignedToken,
  validClaims,
} from './test-support/auth-fixtures';

// A tiny service: lots of two organisations, a read (runs) and a write (startRun) for the role matrix.
interface Lot {
  id: string;
  organisationId: string;
  name: string;
  parentId?: string;
}
const lots = new Map<string, Lot>([
  ['lot-a1', { id: 'lot-a1', organisationId: 'org-a', name: 'A1' }],
  ['lot-a2', { id: 'lot-a2', organisationId: 'org-a', name: 'A2', parentId: 'lot-a1' }],
  ['lot-b1', { id: 'lot-b1', organisationId: 'org-b', name: 'B1' }],
]);

@ObjectType('Lot')
class LotModel {
  @Field(() => ID) id!: string;
  @Field(() => String) organisationId!: string;
  @Field(() => String) name!: string;
  @Field(() => LotModel, { nullable: true }) parent?: LotModel;
}

@ObjectType('Me')
class MeModel {
  @Field(() => String) subject!: string;
  @Field(() => String) organisationId!: string;
  @Field(() => [String]) roles!: string[];
  @Field(() => String) clientKind!: string;
}

class QueryFailedError extends Error {
  query = 'SELECT secret FROM intake.lots';
}

function lotById(id: string): Lot {
  const lot = lots.get(id);
  if (!lot) throw new Error(`no lot ${id}`);
  return lot;
}

const withParents = (lot: Lot): LotModel => ({
  ...lot,
  // An endless chain of parents, so that any depth can be asked for.
  parent: lot.parentId ? withParents(lotById(lot.parentId)) : undefined,
});

@Resolver()
class TestResolver {
  @Public()
  @Query(() => String)
  ping(@CurrentPrincipal() principal: Principal | undefined): string {
    return principal ? `pong ${principal.subject}` : 'pong';
  }

  @Roles(...ROLES)
  @Query(() => MeModel)
  me(@CurrentPrincipal() principal: Principal): MeModel {
    return { ...principal, roles: [...principal.roles] };
  }

  @Roles('operator', 'lab', 'auditor', 'admin')
  @Query(() => [String])
  runs(): string[] {
    return ['run-1'];
  }

  @Roles('operator', 'admin')
  @Mutation(() => String)
  startRun(): string {
    return 'run-2';
  }

  @Roles('auditor', 'admin')
  @Mutation(() => String)
  markReviewed(): string {
    return 'reviewed';
  }

  @Query(() => String)
  undecided(): string {
    return 'should never be seen';
  }

  @Roles(...ROLES)
  @Query(() => LotModel)
  lot(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal,
    @Info() info: GraphQLResolveInfo,
  ): LotModel {
    const lot = lotById(id);
    assertCanAccessOrganisation(principal, lot.organisationId, { info });
    return withParents(lot);
  }

  @Roles(...ROLES)
  @Query(() => [LotModel])
  lots(@CurrentPrincipal() principal: Principal): LotModel[] {
    const scope = organisationScope(principal);
    return [...lots.values()].filter((l) => scope === undefined || l.organisationId === scope);
  }

  @Roles('recycler', 'admin', 'auditor')
  @Mutation(() => LotModel)
  renameLot(
    @Args('id', { type: () => ID }) id: string,
    @Args('name') name: string,
    @CurrentPrincipal() principal: Principal,
    @Info() info: GraphQLResolveInfo,
  ): LotModel {
    const lot = lotById(id);
    assertCanAccessOrganisation(principal, lot.organisationId, { access: 'write', info });
    return { ...lot, name };
  }

  @Roles(...ROLES)
  @Query(() => [String], { description: 'Expensive: weighted 600 in these tests' })
  trace(@Args('lotId', { type: () => ID }) lotId: string): string[] {
    return [lotId];
  }

  @Roles(...ROLES)
  @Query(() => String)
  broken(): string {
    throw new QueryFailedError('relation "intake.lots" does not exist');
  }
}

// Field resolvers get decisions too (fieldResolverEnhancers: ['guards']): the class decides here.
@Roles('auditor', 'admin', 'lab')
@Resolver(() => LotModel)
class LotFieldsResolver {
  @ResolveField(() => String)
  assayNotes(@Parent() lot: LotModel): string {
    return `notes on ${lot.id}`;
  }

  @Public()
  @ResolveField(() => String)
  label(@Parent() lot: LotModel): string {
    return `lot ${lot.id}`;
  }
}

@Public()
@Controller('health')
class HealthController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

@Controller('admin')
class UndecidedController {
  @Post('reset')
  reset() {
    return { reset: true };
  }
}

interface TestApp {
  app: INestApplication;
  url: string;
  auth: Auth;
  lines: Record<string, any>[];
  token(
    roles: Role[],
    organisationId?: string,
    options?: { machine?: boolean; subject?: string },
  ): Promise<string>;
}

function keyOf(app: { auth: Auth }): LocalSigningKey {
  if (!app.auth.signingKey) throw new Error('embedded mode has a signing key');
  return app.auth.signingKey;
}

async function startApp(dataDir: string, hardeningEnv: Record<string, string> = {}): Promise<TestApp> {
  const { logger, lines } = capturingLogger();
  const auth = await createAuth(resolveAuthSettings(loadConfig('test', authConfigSpec, {}), { dataDir }), {
    logger,
  });
  const hardening = graphqlHardening(loadConfig('test', graphqlHardeningConfigSpec, hardeningEnv), {
    authenticator: auth.authenticator,
    logger: logger as Logger,
    fieldCosts: { 'Query.trace': 600 },
  });

  @Module({
    imports: [
      AuthModule.forRoot({ authenticator: auth.authenticator, logger }),
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        path: '/graphql',
        autoSchemaFile: true,
        playground: false,
        includeStacktraceInErrorResponses: false,
        validationRules: hardening.validationRules,
        plugins: hardening.plugins,
        formatError: hardening.formatError,
        fieldResolverEnhancers: ['guards'],
      }),
    ],
    controllers: [HealthController, UndecidedController],
    providers: [TestResolver, LotFieldsResolver],
  })
  class TestModule {}

  const app = await NestFactory.create(TestModule, { logger: false });
  applyRequestSizeLimit(app as never, hardening.maxRequestBytes);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    auth,
    lines,
    token: (roles, organisationId = 'org-a', options = {}) =>
      mintToken(keyOf({ auth }), {
        subject: options.subject ?? `${roles.join('-')}-1`,
        organisationId,
        roles,
        machine: options.machine,
        ttl: '5m',
      }),
  };
}

async function graphql(
  app: TestApp,
  query: string,
  token?: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const codes = (body: any) => (body.errors ?? []).map((e: any) => e.extensions?.code);

describe('authentication, authorisation and hardening in a NestJS GraphQL service', () => {
  const tmp = temporaryDirectory();
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp(tmp.dir);
  });
  afterAll(async () => {
    await app.app.close();
    tmp.remove();
  });
  beforeEach(() => (app.lines.length = 0));

  describe('authentication', () => {
    it('answers a public query without a token, and knows the caller with one', async () => {
      expect((await graphql(app, '{ ping }')).body).toEqual({ data: { ping: 'pong' } });
      expect((await graphql(app, '{ ping }', await app.token(['lab']))).body).toEqual({
        data: { ping: 'pong lab-1' },
      });
    });

    it('gives a valid token its Principal', async () => {
      const { body } = await graphql(
        app,
        '{ me { subject organisationId roles clientKind } }',
        await app.token(['operator', 'lab'], 'plant-1', { machine: true, subject: 'mes-7' }),
      );
      expect(body).toEqual({
        data: {
          me: {
            subject: 'mes-7',
            organisationId: 'plant-1',
            roles: ['lab', 'operator'],
            clientKind: 'machine',
          },
        },
      });
    });

    it('refuses a protected query without a token, and logs it', async () => {
      const { body } = await graphql(app, 'query Mine { me { subject } }');
      expect(body.data).toBeNull();
      expect(body.errors[0]).toMatchObject({
        message: 'Unauthenticated: a bearer token is required',
        path: ['me'],
        extensions: { code: 'UNAUTHENTICATED', reason: 'missing_token' },
      });
      expect(app.lines).toEqual([
        expect.objectContaining({
          event: 'access_denied',
          code: 'UNAUTHENTICATED',
          operationName: 'Mine',
          fieldPath: 'me',
        }),
      ]);
    });

    it.each<[string, () => Promise<string>, string]>([
      ['expired', () => signWithKey(keyOf(app), { expiresIn: -3600 }), 'token_expired'],
      [
        'signed by another key',
        async () => signToken(await strangerKey(), 'EdDSA', { kid: keyOf(app).kid }),
        'invalid_signature',
      ],
      ['signed by an unknown key', async () => signToken(await strangerKey('ES256'), 'ES256'), 'unknown_key'],
      ['for another audience', () => signWithKey(keyOf(app), { audience: 'other-api' }), 'wrong_audience'],
      [
        'from another issuer',
        () => signWithKey(keyOf(app), { issuer: 'https://evil.example' }),
        'wrong_issuer',
      ],
      ['unsigned (alg: none)', async () => unsignedToken(validClaims()), 'algorithm_not_allowed'],
      [
        'HS256-forged with the public key',
        async () => hmacToken(Buffer.from(String(keyOf(app).jwks.keys[0].x), 'base64url'), validClaims()),
        'algorithm_not_allowed',
      ],
      ['garbage', async () => 'not-a-jwt', 'malformed_token'],
    ])(
      'refuses a token %s with HTTP 401 and UNAUTHENTICATED, even on a public query',
      async (_name, makeToken, reason) => {
        const token = await makeToken();
        for (const query of ['{ me { subject } }', '{ ping }']) {
          const { status, headers, body } = await graphql(app, query, token);
          expect(status).toBe(401);
          expect(headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
          expect(body).toEqual({
            errors: [
              {
                message: expect.stringMatching(/^Unauthenticated: /),
                extensions: { code: 'UNAUTHENTICATED', reason },
              },
            ],
          });
        }
        expect(app.lines.map((l) => [l.code, l.reason])).toEqual([
          ['UNAUTHENTICATED', reason],
          ['UNAUTHENTICATED', reason],
        ]);
        expect(JSON.stringify(app.lines)).not.toContain(token);
      },
    );

    it('refuses an Authorization header that is not a bearer token', async () => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Basic YWxpY2U6c2VjcmV0' },
        body: JSON.stringify({ query: '{ ping }' }),
      });
      expect(response.status).toBe(401);
      expect(codes(await response.json())).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('roles', () => {
    // runs: operator, lab, auditor, admin. startRun: operator, admin.
    const matrix: [Role, 'allowed' | 'FORBIDDEN', 'allowed' | 'FORBIDDEN'][] = [
      //          read (runs)   write (startRun)
      ['recycler', 'FORBIDDEN', 'FORBIDDEN'],
      ['lab', 'allowed', 'FORBIDDEN'],
      ['operator', 'allowed', 'allowed'],
      ['auditor', 'allowed', 'FORBIDDEN'],
      ['sales', 'FORBIDDEN', 'FORBIDDEN'],
      ['admin', 'allowed', 'allowed'],
    ];

    it('allows the read to 4 roles and the write to 2 roles of 6 (12 calls, 6 allowed, 6 denied and logged)', async () => {
      const outcomes: [Role, string, string][] = [];
      for (const [role] of matrix) {
        const token = await app.token([role]);
        const read = await graphql(app, 'query Runs { runs }', token);
        const write = await graphql(app, 'mutation Start { startRun }', token);
        outcomes.push([
          role,
          read.body.data?.runs ? 'allowed' : codes(read.body)[0],
          write.body.data?.startRun ? 'allowed' : codes(write.body)[0],
        ]);
      }
      expect(outcomes).toEqual(matrix);
      expect(app.lines).toHaveLength(6);
      expect(app.lines.map((l) => [l.roles[0], l.operationName, l.fieldPath, l.code])).toEqual([
        ['recycler', 'Runs', 'runs', 'FORBIDDEN'],
        ['recycler', 'Start', 'startRun', 'FORBIDDEN'],
        ['lab', 'Start', 'startRun', 'FORBIDDEN'],
        ['auditor', 'Start', 'startRun', 'FORBIDDEN'],
        ['sales', 'Runs', 'runs', 'FORBIDDEN'],
        ['sales', 'Start', 'startRun', 'FORBIDDEN'],
      ]);
    });

    it('lets an MES machine client with the operator role drive runs', async () => {
      const token = await app.token(['operator'], 'plant-1', { machine: true, subject: 'mes-line-1' });
      expect((await graphql(app, 'mutation { startRun }', token)).body).toEqual({
        data: { startRun: 'run-2' },
      });
    });

    it('never lets an auditor write, even where a mutation lists the auditor role', async () => {
      const { body } = await graphql(app, 'mutation { markReviewed }', await app.token(['auditor']));
      expect(body.errors[0]).toMatchObject({
        message: 'Forbidden: auditors never write',
        extensions: { code: 'FORBIDDEN' },
      });
      expect((await graphql(app, 'mutation { markReviewed }', await app.token(['admin']))).body.data).toEqual(
        {
          markReviewed: 'reviewed',
        },
      );
    });

    it('denies by default a resolver without a decision, to every role', async () => {
      const { body } = await graphql(app, '{ undecided }', await app.token([...ROLES]));
      expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(body.errors[0].message).toMatch(/denied by default/);
    });

    it('decides nested field resolvers too: a recycler reads its lot but not the lab notes', async () => {
      const query = 'query Notes { lot(id: "lot-a1") { label assayNotes } }';
      const recycler = await graphql(app, query, await app.token(['recycler']));
      expect(recycler.body.data).toBeNull(); // assayNotes is non-null: the error bubbles up
      expect(recycler.body.errors.map((e: any) => [e.path, e.extensions.code])).toEqual([
        [['lot', 'assayNotes'], 'FORBIDDEN'],
      ]);
      expect(app.lines.at(-1)).toMatchObject({ fieldPath: 'lot.assayNotes', roles: ['recycler'] });
      expect((await graphql(app, query, await app.token(['lab']))).body.data).toEqual({
        lot: { label: 'lot lot-a1', assayNotes: 'notes on lot-a1' },
      });
    });

    it('applies to HTTP routes too: @Public is open, an undecided route is closed', async () => {
      expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${app.url}/admin/reset`, { method: 'POST' })).status).toBe(401);
      const forbidden = await fetch(`${app.url}/admin/reset`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await app.token(['admin'])}` },
      });
      expect(forbidden.status).toBe(403);
      expect(app.lines.at(-1)).toMatchObject({
        code: 'FORBIDDEN',
        fieldPath: 'POST /admin/reset',
        subject: 'admin-1',
      });
    });
  });

  describe('organisations', () => {
    it('lets a recycler read and change its own lots only, and logs each attempt on another organisation', async () => {
      const recycler = await app.token(['recycler'], 'org-a');
      expect((await graphql(app, '{ lot(id: "lot-a1") { name } }', recycler)).body).toEqual({
        data: { lot: { name: 'A1' } },
      });
      const read = await graphql(app, 'query Peek { lot(id: "lot-b1") { name } }', recycler);
      expect(read.body).toEqual({
        data: null,
        errors: [
          {
            message: 'Forbidden: may not read data of another organisation',
            locations: [{ line: 1, column: 14 }],
            path: ['lot'],
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      });
      const write = await graphql(
        app,
        'mutation Grab { renameLot(id: "lot-b1", name: "mine") { name } }',
        recycler,
      );
      expect(codes(write.body)).toEqual(['FORBIDDEN']);
      expect(app.lines).toEqual([
        expect.objectContaining({
          code: 'FORBIDDEN',
          subject: 'recycler-1',
          organisationId: 'org-a',
          roles: ['recycler'],
          operationType: 'query',
          operationName: 'Peek',
          fieldPath: 'lot',
          targetOrganisationId: 'org-b',
          access: 'read',
        }),
        expect.objectContaining({
          code: 'FORBIDDEN',
          subject: 'recycler-1',
          operationType: 'mutation',
          operationName: 'Grab',
          fieldPath: 'renameLot',
          targetOrganisationId: 'org-b',
          access: 'write',
        }),
      ]);
      expect(JSON.stringify(app.lines)).not.toContain(recycler);
    });

    it('filters lists to the own organisation for recyclers, not for auditors', async () => {
      const ids = async (roles: Role[], org: string) =>
        (await graphql(app, '{ lots { id } }', await app.token(roles, org))).body.data.lots.map(
          (l: { id: string }) => l.id,
        );
      expect(await ids(['recycler'], 'org-a')).toEqual(['lot-a1', 'lot-a2']);
      expect(await ids(['recycler'], 'org-b')).toEqual(['lot-b1']);
      expect(await ids(['auditor'], 'audit-co')).toEqual(['lot-a1', 'lot-a2', 'lot-b1']);
    });

    it('lets an auditor read another organisation but not change it', async () => {
      const auditor = await app.token(['auditor'], 'audit-co');
      expect((await graphql(app, '{ lot(id: "lot-b1") { name } }', auditor)).body.data).toEqual({
        lot: { name: 'B1' },
      });
      const write = await graphql(app, 'mutation { renameLot(id: "lot-b1", name: "x") { name } }', auditor);
      expect(write.body.errors[0].message).toBe('Forbidden: auditors never write');
    });
  });

  describe('hardening', () => {
    const deep = (depth: number) =>
      `query Deep { lot(id: "lot-a2") { ${'parent { '.repeat(depth - 2)}id${' }'.repeat(depth - 2)} } }`;

    it('refuses a depth-30 query with QUERY_TOO_DEEP before running it', async () => {
      const { status, body } = await graphql(app, deep(30), await app.token(['admin']));
      expect(status).toBe(400);
      expect(body).toEqual({
        errors: [
          {
            message: 'Operation "Deep" nests 30 levels deep; the limit is 12',
            locations: [{ line: 1, column: 1 }],
            extensions: { code: 'QUERY_TOO_DEEP', depth: 30, maxDepth: 12 },
          },
        ],
      });
      expect(codes((await graphql(app, deep(12), await app.token(['admin']))).body)).toEqual([]);
    });

    it('refuses an operation over the complexity limit, with trace queries weighted', async () => {
      const token = await app.token(['auditor']);
      expect((await graphql(app, '{ trace(lotId: "lot-a1") }', token)).body).toEqual({
        data: { trace: ['lot-a1'] },
      });
      const { status, body } = await graphql(
        app,
        '{ a: trace(lotId: "lot-a1") b: trace(lotId: "lot-a2") }',
        token,
      );
      expect(status).toBe(400);
      expect(body.errors).toEqual([
        {
          message: 'The operation costs 1200; the limit is 1000',
          extensions: { code: 'QUERY_TOO_COMPLEX', complexity: 1200, maxComplexity: 1000 },
        },
      ]);
    });

    it('hides internal errors behind a correlation id that is logged', async () => {
      const { body } = await graphql(app, '{ broken }', await app.token(['lab']));
      const [error] = body.errors;
      expect(error).toEqual({
        message: 'Internal server error',
        locations: [{ line: 1, column: 3 }],
        path: ['broken'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: expect.any(String) },
      });
      expect(JSON.stringify(body)).not.toMatch(/SELECT|intake|stacktrace/);
      expect(
        app.lines.find((l) => l.correlationId === error.extensions.correlationId)?.error.message,
      ).toContain('intake.lots');
    });

    it('refuses a request body over the size limit with 413', async () => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ ping } # ${'x'.repeat(1_100_000)}` }),
      });
      expect(response.status).toBe(413);
      expect(await response.text()).not.toMatch(/at \w|stack/);
    });
  });

  describe('rate limits', () => {
    const tmp2 = temporaryDirectory();
    let limited: TestApp;
    beforeAll(async () => {
      limited = await startApp(tmp2.dir, {
        RATE_LIMIT_USER_BURST: '3',
        RATE_LIMIT_USER_PER_MINUTE: '6',
        RATE_LIMIT_MACHINE_BURST: '10',
        RATE_LIMIT_MACHINE_PER_MINUTE: '60',
      });
    });
    afterAll(async () => {
      await limited.app.close();
      tmp2.remove();
    });

    it('refuses a user over budget with 429 and Retry-After, while an MES client keeps its own larger budget', async () => {
      const user = await limited.token(['operator'], 'plant-1', { subject: 'person-1' });
      const mes = await limited.token(['operator'], 'plant-1', { subject: 'mes-line-1', machine: true });
      const userStatuses = [];
      for (let i = 0; i < 4; i += 1) userStatuses.push((await graphql(limited, '{ runs }', user)).status);
      expect(userStatuses).toEqual([200, 200, 200, 429]);
      const refused = await graphql(limited, '{ runs }', user);
      expect(refused.headers.get('retry-after')).toBe('10');
      expect(refused.body.errors).toEqual([
        {
          message: 'Too many requests: retry after 10 s',
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 10 },
        },
      ]);

      const mesStatuses = [];
      for (let i = 0; i < 11; i += 1)
        mesStatuses.push((await graphql(limited, 'mutation { startRun }', mes)).status);
      expect(mesStatuses.filter((s) => s === 200)).toHaveLength(10);
      expect(mesStatuses.at(-1)).toBe(429);
      expect(limited.lines.filter((l) => l.code === 'RATE_LIMITED').map((l) => l.clientKind)).toEqual([
        'user',
        'user',
        'machine',
      ]);
    });
  });
});

describe('npm run token (the CLI as a user runs it)', () => {
  const tmp = temporaryDirectory();
  afterAll(() => tmp.remove());

  it('prints only a token, which the platform verifier accepts', async () => {
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    const stdout = execFileSync(
      'npm',
      [
        'run',
        '-s',
        'token',
        '--',
        '--role',
        'recycler',
        '--org',
        'org-a',
        '--sub',
        'u-42',
        '--data-dir',
        tmp.dir,
      ],
      { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } },
    );
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const auth = await createAuth(
      resolveAuthSettings(loadConfig('test', authConfigSpec, {}), { dataDir: tmp.dir }),
      {
        logger: capturingLogger().logger,
      },
    );
    expect(await auth.verifier.verify(stdout.trim())).toMatchObject({
      subject: 'u-42',
      organisationId: 'org-a',
      roles: ['recycler'],
      clientKind: 'user',
    });
  });

  it('fails with exit code 2 and the list of roles for an unknown role', () => {
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    let error: any;
    try {
      execFileSync(
        'npm',
        ['run', '-s', 'token', '--', '--role', 'wizard', '--org', 'o', '--sub', 's', '--data-dir', tmp.dir],
        {
          cwd: root,
          encoding: 'utf8',
          stdio: 'pipe',
          env: { PATH: process.env.PATH, HOME: process.env.HOME },
        },
      );
    } catch (e) {
      error = e;
    }
    expect(error.status).toBe(2);
    expect(error.stdout).toBe('');
    expect(error.stderr).toContain(
      'unknown role "wizard": must be one of recycler, lab, operator, auditor, sales, admin',
    );
  });
});
