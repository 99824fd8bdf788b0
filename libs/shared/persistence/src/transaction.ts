import type { DataSource, EntityManager } from 'typeorm';
import { isSerializationFailure } from './postgres-error';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface TransactionOptions {
  /** Default: the database's default, READ COMMITTED. */
  isolationLevel?: IsolationLevel;
  /**
   * How many times to run `work` again when the transaction fails with a serialization failure or
   * a deadlock (SQLSTATE 40001, 40P01). Default 0. Only for work without effects outside the
   * database, since it runs again from the start.
   */
  retries?: number;
  /** Pause before retry n (1-based), in ms; default 10·2^(n-1) with jitter, capped at 500. */
  backoffMs?: (retry: number) => number;
}

/**
 * Runs `work` in one database transaction: committed if it resolves, rolled back if it throws.
 *
 * Inside `work`, every query must go through the given `manager` (`manager.getRepository(...)`,
 * `manager.query(...)`), never through the data source or a repository taken from it: those run on
 * another connection, outside the transaction. On PGlite they would even wait for this transaction
 * to end, which never happens: a deadlock.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const { isolationLevel, retries = 0, backoffMs = defaultBackoff } = options;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new Error(`inTransaction: retries must be a non-negative integer, got ${retries}`);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return isolationLevel === undefined
        ? await dataSource.transaction(work)
        : await dataSource.transaction(isolationLevel, work);
    } catch (error) {
      if (attempt >= retries || !isSerializationFailure(error)) throw error;
      await sleep(backoffMs(attempt + 1));
    }
  }
}

function defaultBackoff(retry: number): number {
  const base = Math.min(500, 10 * 2 ** (retry - 1));
  return base / 2 + Math.random() * (base / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
