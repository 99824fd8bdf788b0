import 'reflect-metadata';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type INestApplication, Module, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import {
  type Auth,
  AuthModule,
  createAuth,
  DEFAULT_AUDIENCE,
  EMBEDDED_ISSUER,
  graphqlHardening,
  graphqlHardeningConfigSpec,
  mintToken,
  type Role,
} from '@rre/auth';
import { loadConfig } from '@rre/config';
import { createLogger } from '@rre/telemetry';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCaller {
  readonly subject: string;
  readonly organisationId: string;
  readonly roles: readonly Role[];
}

// Test code reads untyped JSON answers.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface GraphqlAnswer {
  data?: any;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A GraphQL app with the platform's auth and hardening around the given resolvers and providers, on a free port. */
export class GraphqlTestApp {
  private readonly tokens = new Map<string, Promise<string>>();

  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    private readonly auth: Auth,
    private readonly keyDir: string,
  ) {}

  static async start(providers: Provider[]): Promise<GraphqlTestApp> {
    const keyDir = mkdtempSync(path.join(tmpdir(), 'rre-process-runs-keys-'));
    const auth = await createAuth({
      mode: 'embedded',
      keyDir,
      keyAlgorithm: 'EdDSA',
      issuer: EMBEDDED_ISSUER,
      audience: DEFAULT_AUDIENCE,
      algorithms: ['EdDSA'],
      clockToleranceSeconds: 30,
      claims: { roles: 'roles', organisation: 'org' },
    });
    const quiet = createLogger('process-runs-test', { level: 'silent' });
    const hardening = graphqlHardening(
      loadConfig('process-runs-test', graphqlHardeningConfigSpec, { RATE_LIMIT_ENABLED: 'false' }),
      { authenticator: auth.authenticator, logger: quiet },
    );
    @Module({
      imports: [
        AuthModule.forRoot({ authenticator: auth.authenticator, logger: quiet }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          includeStacktraceInErrorResponses: false,
          validationRules: hardening.validationRules,
          plugins: hardening.plugins,
          formatError: hardening.formatError,
          fieldResolverEnhancers: ['guards'],
        }),
      ],
      providers,
    })
    class ProcessRunsTestModule {}
    const app = await NestFactory.create(ProcessRunsTestModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    return new GraphqlTestApp(app, `http://127.0.0.1:${port}/graphql`, auth, keyDir);
  }

  private token(caller: TestCaller): Promise<string> {
    const key = `${caller.subject}|${caller.organisationId}|${caller.roles.join(',')}`;
    let token = this.tokens.get(key);
    if (!token) {
      const signingKey = this.auth.signingKey;
      if (!signingKey) throw new Error('the test app runs with an embedded signing key');
      token = mintToken(signingKey, {
        subject: caller.subject,
        organisationId: caller.organisationId,
        roles: [...caller.roles],
      });
      this.tokens.set(key, token);
    }
    return token;
  }

  async graphql(
    caller: TestCaller | undefined,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (caller) headers['authorization'] = `Bearer ${await this.token(caller)}`;
    const response = await fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlAnswer;
  }

  async stop(): Promise<void> {
    await this.app.close();
    rmSync(this.keyDir, { recursive: true, force: true });
  }
}
