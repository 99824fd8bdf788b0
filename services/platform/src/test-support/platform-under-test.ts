import { seedPgliteDataDir } from '@rre/persistence';
import { kafkaBrokers } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningPlatform, startPlatform } from '../bootstrap';
import { loadPlatformConfig } from '../platform-config';
import { scratchDatabase, type ScratchDatabase } from './scratch-database';

export interface PlatformUnderTest {
  platform: RunningPlatform;
  /** DATA_DIR: the embedded database (PGlite) and the token signing key. */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A platform for a scenario test: embedded PGlite in a temporary DATA_DIR, or, on PostgreSQL, a
 * scratch database of its own (the platform's schemas have fixed names, so tests running at the
 * same time on rre_test must not share them), with Kafka when `kafka` is set.
 */
export async function startPlatformUnderTest(options: {
  name: string;
  database: 'pglite' | 'postgres';
  kafka?: boolean;
}): Promise<PlatformUnderTest> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `rre-platform-${options.name}-`));
  let database: ScratchDatabase | undefined;
  try {
    if (options.database === 'pglite') await seedPgliteDataDir(dataDir); // skips PGlite's initdb
    if (options.database === 'postgres') {
      database = await scratchDatabase(
        process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test',
      );
    }
    const platform = await startPlatform(
      loadPlatformConfig({
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ...(database ? { DATABASE_URL: database.url } : {}),
        ...(options.kafka ? { KAFKA_BROKERS: kafkaBrokers().join(',') } : {}),
      }),
    );
    return {
      platform,
      dataDir,
      stop: async () => {
        await platform.stop();
        await database?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
