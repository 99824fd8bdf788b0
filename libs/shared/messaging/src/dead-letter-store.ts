import type { DataSource, EntityManager } from 'typeorm';
import type { DeadLetter, DeadLetterReason, DeadLetterStatus } from './dead-letter';
import type { EventPosition } from './event-consumer-definition';
import type { MessagingTables } from './messaging-tables';

export interface NewDeadLetter {
  consumer: string;
  topic: string;
  key: string;
  eventId: string;
  type: string;
  /** The envelope without its data (or, for a malformed message, whatever could be read). */
  attributes: Record<string, unknown>;
  data: Uint8Array;
  status: Exclude<DeadLetterStatus, 'replayed'>;
  reason: DeadLetterReason;
  error: string | null;
  attempts: number;
  position: EventPosition;
}

interface DeadLetterRow {
  id: string;
  consumer: string;
  topic: string;
  key: string;
  event_id: string;
  type: string;
  status: DeadLetterStatus;
  reason: DeadLetterReason;
  error: string | null;
  attempts: number;
  source: string;
  source_partition: number | null;
  source_position: string | null;
  parked_at: Date;
  replayed_at: Date | null;
}

/** A pending dead letter with what a replay needs. */
export interface PendingDeadLetter extends DeadLetter {
  attributes: Record<string, unknown>;
  data: Buffer;
}

const COLUMNS = `id, consumer, topic, key, event_id, type, status, reason, error, attempts, source,
  source_partition, source_position, parked_at, replayed_at`;

/** SQL of the dead_letter table of one schema. */
export class DeadLetterStore {
  constructor(private readonly tables: MessagingTables) {}

  /** Inserts the event unless this consumer has it already (a redelivery); true if inserted. */
  async add(manager: EntityManager, letter: NewDeadLetter): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO ${this.tables.deadLetter}
         (consumer, topic, key, event_id, type, attributes, data, status, reason, error, attempts,
          source, source_partition, source_position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (consumer, event_id) DO NOTHING
       RETURNING id`,
      [
        letter.consumer,
        letter.topic,
        letter.key,
        letter.eventId,
        letter.type,
        JSON.stringify(letter.attributes),
        Buffer.from(letter.data),
        letter.status,
        letter.reason,
        letter.error,
        letter.attempts,
        letter.position.source,
        letter.position.partition ?? null,
        letter.position.position,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * Inserts several dead letters in one statement, in order (their ids rise in that order), each
   * unless this consumer has it already.
   */
  async addAll(manager: EntityManager, letters: readonly NewDeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const parameters: unknown[] = [];
    const rows = letters.map((letter) => {
      const values = [
        letter.consumer,
        letter.topic,
        letter.key,
        letter.eventId,
        letter.type,
        JSON.stringify(letter.attributes),
        Buffer.from(letter.data),
        letter.status,
        letter.reason,
        letter.error,
        letter.attempts,
        letter.position.source,
        letter.position.partition ?? null,
        letter.position.position,
      ];
      const placeholders = values.map((value) => {
        parameters.push(value);
        return `$${parameters.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await manager.query(
      `INSERT INTO ${this.tables.deadLetter}
         (consumer, topic, key, event_id, type, attributes, data, status, reason, error, attempts,
          source, source_partition, source_position)
       VALUES ${rows.join(',\n              ')}
       ON CONFLICT (consumer, event_id) DO NOTHING`,
      parameters,
    );
  }

  /** Those of `keys` that have a parked or waiting event for this consumer (one query, for a batch). */
  async parkedAmong(manager: EntityManager, consumer: string, keys: Iterable<string>): Promise<Set<string>> {
    const distinct = [...new Set(keys)];
    if (distinct.length === 0) return new Set();
    const rows = (await manager.query(
      `SELECT DISTINCT key FROM ${this.tables.deadLetter}
       WHERE consumer = $1 AND key = ANY($2::text[]) AND status <> 'replayed'`,
      [consumer, distinct],
    )) as { key: string }[];
    return new Set(rows.map((row) => row.key));
  }

  /** Whether the key has a parked or waiting event for this consumer (its later events must wait). */
  async isKeyParked(manager: EntityManager, consumer: string, key: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM ${this.tables.deadLetter} WHERE consumer = $1 AND key = $2 AND status <> 'replayed' LIMIT 1`,
      [consumer, key],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The first parked or waiting event of the key, locked, in the order the consumer met them. */
  async firstPending(
    manager: EntityManager,
    consumer: string,
    key: string,
  ): Promise<PendingDeadLetter | undefined> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS}, attributes, data FROM ${this.tables.deadLetter}
       WHERE consumer = $1 AND key = $2 AND status <> 'replayed'
       ORDER BY id LIMIT 1 FOR UPDATE`,
      [consumer, key],
    )) as (DeadLetterRow & { attributes: Record<string, unknown>; data: Buffer })[];
    return row && { ...toDeadLetter(row), attributes: row.attributes, data: row.data };
  }

  async markReplayed(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE ${this.tables.deadLetter} SET status = 'replayed', replayed_at = now(), attempts = attempts + 1
       WHERE id = $1`,
      [id],
    );
  }

  /** A replay of the event failed: it is (or becomes) the parked head of its key. */
  async markFailedAgain(
    manager: EntityManager,
    id: string,
    reason: DeadLetterReason,
    error: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.tables.deadLetter}
       SET status = 'parked', reason = $2, error = $3, attempts = attempts + 1, parked_at = now()
       WHERE id = $1`,
      [id, reason, error],
    );
  }

  async parkedKeys(dataSource: DataSource | EntityManager, consumer: string): Promise<string[]> {
    const rows = (await dataSource.query(
      `SELECT key FROM ${this.tables.deadLetter} WHERE consumer = $1 AND status <> 'replayed'
       GROUP BY key ORDER BY min(id)`,
      [consumer],
    )) as { key: string }[];
    return rows.map((row) => row.key);
  }

  async list(
    dataSource: DataSource | EntityManager,
    consumer: string | undefined,
    filter: { status?: DeadLetterStatus; key?: string } = {},
  ): Promise<DeadLetter[]> {
    const rows = (await dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.tables.deadLetter}
       WHERE ($1::text IS NULL OR consumer = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR key = $3)
       ORDER BY id`,
      [consumer ?? null, filter.status ?? null, filter.key ?? null],
    )) as DeadLetterRow[];
    return rows.map(toDeadLetter);
  }
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    consumer: row.consumer,
    topic: row.topic,
    key: row.key,
    eventId: row.event_id,
    type: row.type,
    status: row.status,
    reason: row.reason,
    error: row.error,
    attempts: row.attempts,
    source: row.source,
    sourcePartition: row.source_partition,
    sourcePosition: row.source_position,
    parkedAt: row.parked_at,
    replayedAt: row.replayed_at,
  };
}
