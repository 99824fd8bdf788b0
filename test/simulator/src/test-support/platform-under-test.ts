import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startPlatformProcess, type PlatformProcess } from '../platform-process';

/**
 * The platform as a user starts it (its own process, `npm start`'s entry point), on a fresh data
 * directory and, for PostgreSQL, a database of its own (the platform's schemas have fixed names).
 */
export interface PlatformUnderTest {
  readonly process: PlatformProcess;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  /** Runs SQL on the platform's PostgreSQL database (not for PGlite, which the platform locks). */
  query<T>(sql: string): Promise<T[]>;
  stop(): Promise<void>;
}

async function onServer(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

export async function startPlatformUnderTest(options: {
  database: 'pglite' | 'postgres';
  kafkaBrokers?: string;
}): Promise<PlatformUnderTest> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rre-simulator-'));
  let databaseUrl: string | undefined;
  if (options.database === 'postgres') {
    const server = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/rre_test';
    const name = `rre_sim_${Date.now().toString(36)}_${process.pid}`;
    await onServer(server, `CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const dropDatabase = async () => {
    if (!databaseUrl) return;
    const admin = new URL(databaseUrl);
    const name = admin.pathname.slice(1);
    admin.pathname = '/postgres';
    await onServer(admin.toString(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  let platform: PlatformProcess;
  try {
    platform = await startPlatformProcess({
      env: {
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: options.kafkaBrokers,
      },
    });
  } catch (error) {
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    process: platform,
    dataDir,
    databaseUrl,
    query: async <T>(sql: string) => {
      if (!databaseUrl) throw new Error('the platform runs on PGlite: its database is locked while it runs');
      return (await onServer(databaseUrl, sql)) as T[];
    },
    stop: async () => {
      await platform.stop();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
