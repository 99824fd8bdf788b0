import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ulid } from 'ulid';
import { parseDatabaseUrl } from '../database-url';
import { EmbeddedPostgres } from '../embedded-postgres';
import { seedPgliteDataDir } from './pglite-template';

export type TestDatabaseKind = 'postgres' | 'pglite';

export interface TestDatabase {
  kind: TestDatabaseKind;
  /** Connect service data sources here, each with its own `uniqueSchemaName`. */
  url: string;
  /** PGlite: stops it and deletes its directory. PostgreSQL: nothing (drop your schemas). */
  close(): Promise<void>;
}

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/rre_test';
/** At least the sum of the pool sizes of the data sources a suite keeps open at once. */
const PGLITE_MAX_CONNECTIONS = 100;

let announced = false;

/**
 * The database a test suite runs on, chosen by TEST_DATABASE: `postgres` (default; the server at
 * TEST_DATABASE_URL, default DEFAULT_TEST_DATABASE_URL, made by infra/postgres/ensure.sh) or `pglite`
 * (an EmbeddedPostgres in a fresh temporary directory, seeded with a copy of an empty cluster).
 */
export async function openTestDatabase(env: NodeJS.ProcessEnv = process.env): Promise<TestDatabase> {
  const kind = testDatabaseKind(env.TEST_DATABASE);
  const database = kind === 'pglite' ? await openPglite() : await openPostgres(env);
  if (!announced) {
    announced = true;
    console.info(`[persistence] tests run on ${describeDatabase(database)}`);
  }
  return database;
}

export function testDatabaseKind(value: string | undefined): TestDatabaseKind {
  const kind = (value ?? '').trim() || 'postgres';
  if (kind !== 'postgres' && kind !== 'pglite') {
    throw new Error(`Invalid TEST_DATABASE "${value}": must be "postgres" (the default) or "pglite"`);
  }
  return kind;
}

/** A fresh schema (service) name that no other test run uses: `<prefix>_<ulid>`. */
export function uniqueSchemaName(prefix: string): string {
  if (!/^[a-z][a-z0-9_]{0,35}$/.test(prefix)) {
    throw new Error(`uniqueSchemaName: prefix "${prefix}" must match /^[a-z][a-z0-9_]{0,35}$/`);
  }
  return `${prefix}_${ulid().toLowerCase()}`;
}

async function openPglite(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rre-pglite-test-'));
  try {
    await seedPgliteDataDir(dataDir);
    const embedded = await EmbeddedPostgres.start({
      dataDir,
      port: 0,
      maxConnections: PGLITE_MAX_CONNECTIONS,
    });
    return {
      kind: 'pglite',
      url: embedded.url,
      close: async () => {
        await embedded.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function openPostgres(env: NodeJS.ProcessEnv): Promise<TestDatabase> {
  const { url, masked } = parseDatabaseUrl(
    env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL,
    'TEST_DATABASE_URL',
  );
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot connect to the test database ${masked}: ${reason}. ` +
        'Run infra/postgres/ensure.sh, set TEST_DATABASE_URL, or set TEST_DATABASE=pglite.',
    );
  } finally {
    await probe.end().catch(() => undefined);
  }
  return { kind: 'postgres', url, close: async () => undefined };
}

function describeDatabase(database: TestDatabase): string {
  return database.kind === 'pglite'
    ? `PGlite (embedded, ${database.url})`
    : `PostgreSQL (${parseDatabaseUrl(database.url).masked})`;
}
