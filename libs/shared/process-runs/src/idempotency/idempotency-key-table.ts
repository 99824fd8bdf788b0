import { serviceSchema } from '@rre/persistence';
import type { QueryRunner } from 'typeorm';

/**
 * Creates the table `idempotentMutation` keeps its keys in, in the migrating service's schema: the
 * run library's own migration calls it, and so does the migration of any other service whose
 * mutations use `idempotentMutation`.
 */
export async function createIdempotencyKeyTable(runner: QueryRunner): Promise<void> {
  await runner.query(`
    CREATE TABLE "${serviceSchema(runner)}".process_idempotency_key (
      client_subject text NOT NULL,
      key text NOT NULL,
      operation text NOT NULL,
      request_hash char(64) NOT NULL,
      result jsonb,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (client_subject, key)
    )`);
}
