import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { openServiceDatabase, openTestDatabase, type TestDatabase } from '@rre/persistence';
import { lotAndRunEventsConsumer, traceabilityMigrations } from '@rre/traceability';
import { type EventDelivery, eventDelivery } from '@rre/traceability/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { type RunningTraceabilityService, startTraceabilityService } from '../bootstrap';
import { loadTraceabilityServiceConfig } from '../traceability-service-config';

// Test code reads untyped JSON answers, as the specs do (eslint allows `any` there for that reason).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GraphqlAnswer = { data?: Record<string, any>; errors?: { extensions?: object }[] };

/** The standalone service on a test database, listening on a free port. */
export interface TraceabilityServiceUnderTest {
  readonly database: TestDatabase;
  readonly service: RunningTraceabilityService;
  /** Its DATA_DIR (its signing key is in `keys`). */
  readonly dataDir: string;
  /** Posts a GraphQL request, with the token as bearer when there is one. */
  graphql(
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphqlAnswer>;
  /** Stops the service, closes the database and deletes the data directory. */
  stop(): Promise<void>;
}

/** Starts the service on the database TEST_DATABASE names, in `schema`, with a fresh `<dataDirPrefix>…` DATA_DIR. */
export async function startTraceabilityServiceUnderTest(
  schema: string,
  dataDirPrefix: string,
): Promise<TraceabilityServiceUnderTest> {
  const database = await openTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), dataDirPrefix));
  let service: RunningTraceabilityService;
  try {
    service = await startTraceabilityService(
      loadTraceabilityServiceConfig({
        PORT: '0',
        DATABASE_URL: database.url,
        DATABASE_SCHEMA: schema,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
      }),
    );
  } catch (error) {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    database,
    service,
    dataDir,
    async graphql(token, query, variables = {}) {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphqlAnswer;
    },
    async stop() {
      await service.stop();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The callers the GraphQL specs ask as: role, subject and organisation. */
const CALLERS = {
  auditor: ['usr-audit-1', 'org-audit'],
  operator: ['usr-op-1', 'org-plant'],
  recycler: ['usr-rec-1', 'org-recycler-a'],
  sales: ['usr-sales-1', 'org-plant'],
} as const;

/** Tokens signed with the service's own key, one per role, each for that role's caller. */
export async function callerTokens<Role extends keyof typeof CALLERS>(
  underTest: TraceabilityServiceUnderTest,
  roles: readonly Role[],
): Promise<Record<Role, string>> {
  const key = await loadOrCreateSigningKey(path.join(underTest.dataDir, 'keys'));
  const tokens = {} as Record<Role, string>;
  for (const role of roles) {
    const [subject, organisationId] = CALLERS[role];
    tokens[role] = await mintToken(key, { subject, organisationId, roles: [role] });
  }
  return tokens;
}

/** A second connection to the service's schema, through which a spec feeds the genealogy's consumer. */
export interface GenealogyFeed {
  /** Feeds one event as Kafka would: positioned on its topic at its subject's sequence. */
  readonly deliver: EventDelivery['deliver'];
  close(): Promise<void>;
}

export async function openGenealogyFeed(
  underTest: TraceabilityServiceUnderTest,
  schema: string,
): Promise<GenealogyFeed> {
  const feed: DataSource = await openServiceDatabase({
    url: underTest.database.url,
    service: schema,
    poolSize: 1,
    entities: [],
    migrations: traceabilityMigrations,
  });
  const { deliver } = eventDelivery({
    dataSource: feed,
    consumer: () => lotAndRunEventsConsumer(),
    positions: 'sequence',
  });
  return { deliver, close: () => feed.destroy() };
}
