import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { ProcessRunError } from '../domain/process-run-error';
import { requestHash } from '@rre/idempotency';

/** Shortest time a key is kept: a client may retry for a day. */
export const MIN_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export interface IdempotencyScope {
  /** The calling client (the principal's subject): keys are scoped to it. */
  readonly client: string;
  /** The client's key; undefined: the mutation just runs. */
  readonly key: string | undefined;
  /** Operation name, part of what the key is bound to. */
  readonly operation: string;
  /** The request's input, bound to the key by its SHA-256. */
  readonly input: unknown;
  readonly ttlMs: number;
  readonly now: Date;
}

export type Idempotent<R> = R & { readonly replayed: boolean };

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new ProcessRunError({
      code: 'INVALID_INPUT',
      field: 'idempotencyKey',
      value: JSON.stringify(key.length > 60 ? `${key.slice(0, 57)}...` : key),
      rule: 'must be 1 to 200 printable ASCII characters without spaces (a UUID or ULID is a good choice)',
    });
  }
  return key;
}

/**
 * Runs `mutate` under an idempotency key, in the caller's transaction (`manager`): the key row is
 * inserted first (a concurrent duplicate blocks on the primary key until this transaction ends),
 * then the mutation runs and its JSON result is stored with the key before commit. The same key
 * and input return the stored result (`replayed: true`) and do nothing; the same key with other
 * input is refused (`IDEMPOTENCY_KEY_REUSED`). A refused mutation rolls back and leaves no key.
 */
export async function idempotentMutation<R extends object>(
  manager: EntityManager,
  scope: IdempotencyScope,
  mutate: () => Promise<R>,
): Promise<Idempotent<R>> {
  const key = checkIdempotencyKey(scope.key);
  if (key === undefined) return { ...(await mutate()), replayed: false };
  const hash = requestHash(scope.operation, scope.input);
  const table = `"${serviceSchema(manager)}".process_idempotency_key`;
  const ttlMs = Math.max(scope.ttlMs, MIN_IDEMPOTENCY_TTL_MS);
  const claimed = (await manager.query(
    `INSERT INTO ${table} AS k (client_subject, key, operation, request_hash, result, created_at, expires_at)
     VALUES ($1, $2, $3, $4, NULL, $5, $6)
     ON CONFLICT (client_subject, key) DO UPDATE
       SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash, result = NULL,
           created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
       WHERE k.expires_at <= EXCLUDED.created_at
     RETURNING client_subject`,
    [scope.client, key, scope.operation, hash, scope.now, new Date(scope.now.getTime() + ttlMs)],
  )) as unknown[];
  if (claimed.length === 0) {
    const [existing] = (await manager.query(
      `SELECT operation, request_hash, result FROM ${table} WHERE client_subject = $1 AND key = $2`,
      [scope.client, key],
    )) as { operation: string; request_hash: string; result: R | null }[];
    if (!existing) throw new Error(`idempotency key ${key} of ${scope.client} vanished while it was claimed`);
    if (existing.request_hash !== hash || existing.operation !== scope.operation) {
      throw new ProcessRunError({
        code: 'IDEMPOTENCY_KEY_REUSED',
        field: 'idempotencyKey',
        value: key,
        rule: `must not be reused for a different request: it was first used for ${existing.operation} with other input (send a new key for a new request)`,
      });
    }
    if (existing.result === null)
      throw new Error(`idempotency key ${key} of ${scope.client} has no stored result`);
    return { ...existing.result, replayed: true };
  }
  const result = await mutate();
  await manager.query(`UPDATE ${table} SET result = $3 WHERE client_subject = $1 AND key = $2`, [
    scope.client,
    key,
    JSON.stringify(result),
  ]);
  return { ...result, replayed: false };
}

/** Deletes keys past their expiry; returns how many. */
export async function purgeExpiredIdempotencyKeys(dataSource: DataSource, now: Date): Promise<number> {
  const [, affected] = (await dataSource.query(
    `DELETE FROM "${serviceSchema(dataSource)}".process_idempotency_key WHERE expires_at <= $1`,
    [now],
  )) as [unknown[], number];
  return affected;
}
