import { MigrationExecutor, type DataSource, type QueryRunner } from 'typeorm';
import { serviceSchema } from './service-schema';

/**
 * Creates the service's schema if it is missing and runs its pending migrations, each in its own
 * transaction, recording them in the schema's own migrations table. Returns the names of the
 * migrations that ran (none when the schema is up to date). The data source must be initialized.
 */
export function runMigrations(dataSource: DataSource): Promise<string[]> {
  return withMigrationLock(dataSource, async (queryRunner, schema) => {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const executed = await executorOn(dataSource, queryRunner).executePendingMigrations();
    return executed.map((migration) => migration.name);
  });
}

/** Reverts the most recent migration in a transaction; returns its name, or undefined if none ran. */
export function revertLastMigration(dataSource: DataSource): Promise<string | undefined> {
  return withMigrationLock(dataSource, async (queryRunner) => {
    const executor = executorOn(dataSource, queryRunner);
    const before = (await executor.getExecutedMigrations()).map((migration) => migration.name);
    if (before.length === 0) return undefined;
    await executor.undoLastMigration();
    const after = new Set((await executor.getExecutedMigrations()).map((migration) => migration.name));
    return before.find((name) => !after.has(name));
  });
}

function executorOn(dataSource: DataSource, queryRunner: QueryRunner): MigrationExecutor {
  const executor = new MigrationExecutor(dataSource, queryRunner);
  executor.transaction = 'each';
  return executor;
}

const ADVISORY_LOCK_CLASS = 0x52524531; // "RRE1"
const runningInThisProcess = new Map<string, Promise<unknown>>();

// Two instances of a service starting together must not both run the same migration. Across
// processes a PostgreSQL advisory lock per schema serializes them. PGlite has a single session, in
// which advisory locks never block, so within one process a promise chain per schema does it.
async function withMigrationLock<T>(
  dataSource: DataSource,
  work: (queryRunner: QueryRunner, schema: string) => Promise<T>,
): Promise<T> {
  const schema = serviceSchema(dataSource);
  const key = `${(dataSource.options as { url?: string }).url ?? ''}#${schema}`;
  const previous = runningInThisProcess.get(key) ?? Promise.resolve();
  const current = previous.catch(() => undefined).then(() => withAdvisoryLock(dataSource, schema, work));
  runningInThisProcess.set(key, current);
  try {
    return await current;
  } finally {
    if (runningInThisProcess.get(key) === current) runningInThisProcess.delete(key);
  }
}

async function withAdvisoryLock<T>(
  dataSource: DataSource,
  schema: string,
  work: (queryRunner: QueryRunner, schema: string) => Promise<T>,
): Promise<T> {
  const queryRunner = dataSource.createQueryRunner('master');
  const lockKey = [ADVISORY_LOCK_CLASS, fnv1a32(schema)];
  try {
    await queryRunner.connect();
    await queryRunner.query('SELECT pg_advisory_lock($1::int, $2::int)', lockKey);
    try {
      return await work(queryRunner, schema);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock($1::int, $2::int)', lockKey);
    }
  } finally {
    await queryRunner.release();
  }
}

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return hash | 0;
}
