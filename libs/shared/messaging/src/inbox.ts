import type { EntityManager } from 'typeorm';
import { advisoryKey } from './exclusive-runner-lock';
import type { MessagingTables } from './messaging-tables';

/** The consumer's record of the events it has applied, written in the transaction that applies them. */
export class Inbox {
  constructor(private readonly tables: MessagingTables) {}

  async has(manager: EntityManager, consumer: string, eventId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM ${this.tables.inbox} WHERE consumer = $1 AND event_id = $2`,
      [consumer, eventId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Which of `eventIds` this consumer has applied already (one query, for a batch). */
  async applied(manager: EntityManager, consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = (await manager.query(
      `SELECT event_id FROM ${this.tables.inbox} WHERE consumer = $1 AND event_id = ANY($2::text[])`,
      [consumer, [...eventIds]],
    )) as { event_id: string }[];
    return new Set(rows.map((row) => row.event_id));
  }

  async record(manager: EntityManager, consumer: string, eventId: string): Promise<void> {
    await manager.query(`INSERT INTO ${this.tables.inbox} (consumer, event_id) VALUES ($1, $2)`, [
      consumer,
      eventId,
    ]);
  }

  /** Records several events in one statement (distinct ids, none recorded yet). */
  async recordAll(manager: EntityManager, consumer: string, eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.tables.inbox} (consumer, event_id) SELECT $1, unnest($2::text[])`,
      [consumer, [...eventIds]],
    );
  }
}

/**
 * Serializes, until the transaction ends, everything one consumer does about one key: handling,
 * parking, queueing behind a parked event, and replaying. (A single bigint key: PostgreSQL keeps
 * it apart from the two-int keys of the runner locks.)
 */
export async function lockConsumerKey(manager: EntityManager, consumer: string, key: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [
    consumerKeyLock(consumer, key).toString(),
  ]);
}

/**
 * lockConsumerKey for every key of a batch, in one statement. The locks are taken in ascending
 * order, so two transactions that lock overlapping sets of keys cannot deadlock on them.
 */
export async function lockConsumerKeys(
  manager: EntityManager,
  consumer: string,
  keys: Iterable<string>,
): Promise<void> {
  const locks = [...new Set([...keys].map((key) => consumerKeyLock(consumer, key)))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  if (locks.length === 0) return;
  if (locks.length === 1) {
    await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [String(locks[0])]);
    return;
  }
  // unnest yields the array in order, and each row's lock is taken as that row is produced.
  await manager.query('SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k', [locks.map(String)]);
}

function consumerKeyLock(consumer: string, key: string): bigint {
  const high = BigInt(advisoryKey(consumer)) << 32n;
  const low = BigInt(advisoryKey(key) >>> 0);
  return BigInt.asIntN(64, high | low);
}
