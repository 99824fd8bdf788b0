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

  async record(manager: EntityManager, consumer: string, eventId: string): Promise<void> {
    await manager.query(`INSERT INTO ${this.tables.inbox} (consumer, event_id) VALUES ($1, $2)`, [
      consumer,
      eventId,
    ]);
  }
}

/**
 * Serializes, until the transaction ends, everything one consumer does about one key: handling,
 * parking, queueing behind a parked event, and replaying. (A single bigint key: PostgreSQL keeps
 * it apart from the two-int keys of the runner locks.)
 */
export async function lockConsumerKey(manager: EntityManager, consumer: string, key: string): Promise<void> {
  const high = BigInt(advisoryKey(consumer)) << 32n;
  const low = BigInt(advisoryKey(key) >>> 0);
  await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [BigInt.asIntN(64, high | low).toString()]);
}
