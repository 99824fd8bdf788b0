import 'reflect-metadata';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { NestFactory } from '@nestjs/core';
import { openServiceDatabase, openTestDatabase, type TestDatabase, uniqueSchemaName } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import {
  AuthModule,
  createAuth,
  DEFAULT_AUDIENCE,
  EMBEDDED_ISSUER,
  graphqlHardening,
  graphqlHardeningConfigSpec,
  mintToken,
  type Auth,
} from '@rre/auth';
import { loadConfig } from '@rre/config';
import { createLogger } from '@rre/telemetry';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IntakeCaller } from '../application/intake-caller';
import type { IntakeClock } from '../application/ports/intake-clock.port';
import type { IntakePolicy } from '../domain/intake-policy';
import { formatIntakeError } from '../graphql/intake-error.filter';
import { IntakeModule } from '../intake.module';
import { intakeEntities, intakeMigrations } from '../persistence/intake-persistence';
import type { S3DocumentStoreSettings } from '../storage/s3-document-store-settings';

// Test code reads untyped JSON answers, as the specs do (eslint allows `any` there for that reason).
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface GraphqlAnswer {
  data?: any;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** An intake GraphQL app on a fresh schema of the test database, served on a free port. */
export class IntakeTestApp {
  private constructor(
    readonly database: TestDatabase,
    readonly dataSource: DataSource,
    readonly app: INestApplication,
    readonly url: string,
    private readonly auth: Auth,
    private readonly keyDir: string,
  ) {}

  private readonly tokens = new Map<string, Promise<string>>();

  /** A bearer token for the caller, signed with the app's embedded key (as `npm run token` mints them). */
  token(caller: IntakeCaller): Promise<string> {
    const key = `${caller.subject}|${caller.organisationId}|${caller.roles.join(',')}`;
    let token = this.tokens.get(key);
    if (!token) {
      const signingKey = this.auth.signingKey;
      if (!signingKey) throw new Error('the test app runs with an embedded signing key');
      token = mintToken(signingKey, {
        subject: caller.subject,
        organisationId: caller.organisationId,
        roles: caller.roles as Parameters<typeof mintToken>[1]['roles'],
      });
      this.tokens.set(key, token);
    }
    return token;
  }

  /**
   * `clock` defaults to a fixed 2026-03-02T12:00:00Z, so that the fixtures' dates (received
   * 2026-03-02T08:00Z) are never in the future; pass `{ now: () => new Date() }` for real time.
   */
  static async start(
    options: {
      policy?: IntakePolicy;
      idempotencyTtlMs?: number;
      database?: TestDatabase;
      clock?: IntakeClock;
      maxDocumentBytes?: number;
      /** Keep documents in this S3-compatible store instead of the app's temporary directory. */
      documentStore?: S3DocumentStoreSettings;
    } = {},
  ) {
    const database = options.database ?? (await openTestDatabase());
    const keyDir = mkdtempSync(path.join(tmpdir(), 'rre-intake-keys-'));
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
    const quiet = createLogger('intake-test', { level: 'silent' });
    const hardening = graphqlHardening(
      loadConfig('intake-test', graphqlHardeningConfigSpec, { RATE_LIMIT_ENABLED: 'false' }),
      {
        authenticator: auth.authenticator,
        logger: quiet,
      },
    );
    const dataSource = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('intake'),
      poolSize: 6,
      entities: intakeEntities,
      migrations: intakeMigrations,
    });
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
          formatError: (formatted, error) =>
            formatIntakeError(formatted, error) ?? hardening.formatError(formatted, error),
          fieldResolverEnhancers: ['guards'],
        }),
        IntakeModule.forRoot({
          dataSource,
          policy: options.policy,
          idempotencyTtlMs: options.idempotencyTtlMs,
          clock: options.clock ?? { now: () => new Date('2026-03-02T12:00:00.000Z') },
          purgeIntervalMs: 0,
          documents: {
            directory: path.join(keyDir, 'documents'),
            maxBytes: options.maxDocumentBytes ?? 1_048_576,
            s3: options.documentStore,
          },
        }),
      ],
    })
    class IntakeTestModule {}
    const app = await NestFactory.create(IntakeTestModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    return new IntakeTestApp(database, dataSource, app, `http://127.0.0.1:${port}/graphql`, auth, keyDir);
  }

  get schema(): string {
    return (this.dataSource.options as { schema: string }).schema;
  }

  async graphql(
    caller: IntakeCaller | undefined,
    query: string,
    variables: Record<string, unknown> = {},
    extraHeaders: Record<string, string> = {},
  ): Promise<GraphqlAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
    if (caller) headers['authorization'] = `Bearer ${await this.token(caller)}`;
    const response = await fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlAnswer;
  }

  /** Rows per intake table and in the outbox, to show that a refused request changed nothing. */
  async rowCounts(): Promise<Record<string, number>> {
    const tables = [
      'lot',
      'lot_code_sequence',
      'assay',
      'assay_element_content',
      'screening',
      'lot_decision',
      'custody_transfer',
      'lot_correction',
      'idempotency_key',
      'waste_manifest',
      'manifest_slip',
      'manifest_report',
      'lot_document',
      'outbox',
      'aggregate_sequence',
    ];
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [{ count }] = (await this.dataSource.query(
        `SELECT count(*)::int AS count FROM "${this.schema}".${table}`,
      )) as {
        count: number;
      }[];
      counts[table] = count;
    }
    return counts;
  }

  /** The outbox rows of a lot, in outbox order. */
  async outboxOf(
    lotId: string,
  ): Promise<{ event_id: string; type: string; sequence: string; attributes: any; data: Buffer }[]> {
    return this.dataSource.query(
      `SELECT event_id, type, sequence, attributes, data FROM "${this.schema}".outbox WHERE key = $1 ORDER BY id`,
      [lotId],
    );
  }

  /* eslint-enable @typescript-eslint/no-explicit-any */

  async stop(options: { keepDatabase?: boolean } = {}): Promise<void> {
    await this.app.close();
    await this.dataSource.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.dataSource.destroy();
    rmSync(this.keyDir, { recursive: true, force: true });
    if (!options.keepDatabase) await this.database.close();
  }
}
