import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  IdempotencyClaim,
  IdempotencyStore,
  LotNumbersWanted,
  MutationResult,
} from '../application/ports/idempotency-store.port';
import { takeLotNumbersStatement } from './lot-number-allocation';

/**
 * Idempotency keys in `idempotency_key`, primary key (client_subject, key). The claim inserts the
 * key row first: a concurrent transaction with the same key blocks on the primary key until the
 * first one commits (then it reads the stored result) or rolls back (then it claims the key).
 */
export class TypeormIdempotencyStore implements IdempotencyStore {
  constructor(private readonly manager: EntityManager) {}

  async claim(claim: {
    client: string;
    key: string;
    operation: string;
    requestHash: string;
    now: Date;
    expiresAt: Date;
    result?: MutationResult;
    lotNumbers?: LotNumbersWanted;
  }): Promise<IdempotencyClaim> {
    const schema = serviceSchema(this.manager);
    const table = `"${schema}".idempotency_key`;
    const insertKey = `INSERT INTO ${table} AS k (client_subject, key, operation, request_hash, result, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
       ON CONFLICT (client_subject, key) DO UPDATE
         SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash, result = EXCLUDED.result,
             created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
         WHERE k.expires_at <= EXCLUDED.created_at
       RETURNING client_subject`;
    const parameters: unknown[] = [
      claim.client,
      claim.key,
      claim.operation,
      claim.requestHash,
      claim.result === undefined ? null : JSON.stringify(claim.result),
      claim.now,
      claim.expiresAt,
    ];
    const { lotNumbers } = claim;
    const claimed = (
      lotNumbers === undefined
        ? await this.manager.query(insertKey, parameters)
        : await this.manager.query(
            `WITH claimed AS (${insertKey}),
             taken AS (${takeLotNumbersStatement(schema, 'SELECT $8::int, $9::int WHERE EXISTS (SELECT FROM claimed)')})
             SELECT claimed.client_subject, taken.last_number FROM claimed LEFT JOIN taken ON true`,
            [...parameters, lotNumbers.year, lotNumbers.count],
          )
    ) as { last_number?: number | null }[];
    if (claimed.length > 0) {
      const last = claimed[0]?.last_number;
      if (lotNumbers === undefined) return { claimed: true };
      if (last === null || last === undefined) throw new Error('the claim took no lot numbers');
      return { claimed: true, firstLotNumber: Number(last) - lotNumbers.count + 1 };
    }
    const [existing] = (await this.manager.query(
      `SELECT operation, request_hash, result FROM ${table} WHERE client_subject = $1 AND key = $2`,
      [claim.client, claim.key],
    )) as { operation: string; request_hash: string; result: MutationResult | null }[];
    if (!existing)
      throw new Error(`idempotency key ${claim.key} of ${claim.client} vanished while it was claimed`);
    return {
      claimed: false,
      operation: existing.operation,
      requestHash: existing.request_hash,
      result: existing.result,
    };
  }

  async complete(client: string, key: string, result: MutationResult): Promise<void> {
    await this.manager.query(
      `UPDATE "${serviceSchema(this.manager)}".idempotency_key SET result = $3 WHERE client_subject = $1 AND key = $2`,
      [client, key, JSON.stringify(result)],
    );
  }
}

/** Deletes keys past their expiry; returns how many. */
export async function purgeExpiredIdempotencyKeys(dataSource: DataSource, now: Date): Promise<number> {
  // TypeORM answers a DELETE with [rows, affected count].
  const [, affected] = (await dataSource.query(
    `DELETE FROM "${serviceSchema(dataSource)}".idempotency_key WHERE expires_at <= $1`,
    [now],
  )) as [unknown[], number];
  return affected;
}
