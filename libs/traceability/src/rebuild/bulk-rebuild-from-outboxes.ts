import { type EventEnvelope, validateEnvelope } from '@rre/contracts';
import { messagingTables, messagingTablesOf } from '@rre/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import type { LedgerSettings } from '../ledger/ledger-application';
import { LOT_AND_RUN_EVENTS_CONSUMER } from '../messaging/lot-and-run-events.consumer';
import { BulkApply, type LoggedEvent } from './bulk-apply';

interface OutboxRowRead {
  event_id: string;
  topic: string;
  key: string;
  type: string;
  sequence: string;
  attributes: Record<string, unknown>;
  data: Buffer;
  position_text: string;
  created_at: Date | string;
}

/** Where a source's log ended when the rebuild started. */
export interface OutboxLogEnd {
  readonly source: string;
  readonly position: string;
  readonly events: number;
}

/**
 * Reads the outboxes in log order, `readBatch` rows of each source in turn (as the embedded
 * consumer reads them, so events of different sources interleave alike), up to the ends they had
 * at the start, and applies each read in one transaction (BulkApply) that also stores the
 * consumer's offset.
 */
export async function bulkRebuildFromOutboxes(
  dataSource: DataSource,
  options: {
    sources: readonly string[];
    topics: readonly string[];
    ends: readonly OutboxLogEnd[];
    ledger?: LedgerSettings;
    clock?: () => Date;
    readBatch?: number;
    onEvents?: (events: number) => void;
  },
): Promise<void> {
  const bulk = new BulkApply(dataSource, {
    topics: options.topics,
    ledger: options.ledger,
    clock: options.clock,
  });
  await bulk.start();
  const readBatch = options.readBatch ?? 500;
  const at = new Map(options.sources.map((source) => [source, 0n]));
  const end = new Map(options.ends.map((each) => [each.source, BigInt(each.position)]));
  for (;;) {
    let read = 0;
    for (const source of options.sources) {
      const from = at.get(source) ?? 0n;
      const until = end.get(source) ?? 0n;
      if (from >= until) continue;
      const rows = (await dataSource.query(
        `SELECT event_id, topic, key, type, sequence::text AS sequence, attributes, data,
                log_position::text AS position_text, created_at
         FROM ${messagingTables(source).outbox}
         WHERE log_position > $1::bigint AND log_position <= $2::bigint AND topic = ANY($3::text[])
         ORDER BY log_position LIMIT $4`,
        [from.toString(), until.toString(), [...options.topics], readBatch],
      )) as OutboxRowRead[];
      if (rows.length === 0) {
        at.set(source, until);
        continue;
      }
      read += rows.length;
      const last = (rows[rows.length - 1] as OutboxRowRead).position_text;
      await bulk.apply(
        rows.map((row) => loggedEventOf(row, source)),
        (manager) => storeOffset(manager, source, last),
      );
      at.set(source, rows.length < readBatch ? until : BigInt(last));
      options.onEvents?.(bulk.events);
    }
    if (read === 0) break;
  }
  await bulk.finish();
}

function loggedEventOf(row: OutboxRowRead, source: string): LoggedEvent {
  let envelope: EventEnvelope;
  try {
    envelope = validateEnvelope(
      Object.assign({}, row.attributes, {
        id: row.event_id,
        type: row.type,
        subject: row.key,
        sequence: row.sequence,
        data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength),
      }),
    );
  } catch (error) {
    throw new Error(
      `bulk rebuild: outbox row ${source} at ${row.position_text} (event ${row.event_id}) is not a valid envelope: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    envelope,
    topic: row.topic,
    position: { source, position: row.position_text },
    recordedAt: new Date(row.created_at),
  };
}

async function storeOffset(manager: EntityManager, source: string, position: string): Promise<void> {
  await manager.query(
    `INSERT INTO ${messagingTablesOf(manager).consumerOffset} AS o (consumer, source, position) VALUES ($1, $2, $3)
     ON CONFLICT (consumer, source) DO UPDATE SET position = excluded.position, updated_at = now()
     WHERE o.position < excluded.position`,
    [LOT_AND_RUN_EVENTS_CONSUMER, source, position],
  );
}
