import { type EventEnvelope, SalesEventTypes } from '@rre/contracts';
import { chainIdOf, entryHash, GENESIS_HASH, sha256 } from '@rre/ledger';
import { type GatedEvent, messagingTablesOf, UnprocessableEventError } from '@rre/messaging';
import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { FactRecordedTime } from '../as-of/fact-recorded-time';
import type { LedgerAppend } from '../ledger/ledger.store';
import type { EventIngestion, ReadEvent } from '../messaging/event-ingestion';
import { BufferedProjection, type ProjectionWrites, writeProjection } from './buffered-projection';

interface HeldInMemory {
  readonly order: number;
  readonly event: GatedEvent;
  readonly stream: string;
  readonly heldAt: Date;
}

interface WatermarkInMemory {
  readonly topic: string;
  readonly source: string;
  readonly partition: number;
  position: bigint;
  events: number;
  lastEventTime: Date;
  updatedAt: Date;
}

interface PendingEntry {
  readonly chainId: string;
  readonly chainIndex: number;
  readonly append: LedgerAppend;
  readonly eventHash: Buffer;
  readonly previousHash: Buffer;
  readonly entryHash: Buffer;
}

/** What a batch changed, taken from memory (`drain`) to be written (`write`). */
export interface IngestionWrites {
  readonly projection: ProjectionWrites;
  readonly entries: readonly PendingEntry[];
  readonly watermarks: readonly WatermarkInMemory[];
  readonly handled: readonly string[];
  readonly released: readonly string[];
  readonly streams: ReadonlyMap<string, bigint>;
}

/**
 * The genealogy consumer's ingestion for a bulk rebuild: the inbox, the predecessor gate, the
 * watermark and the ledger chains are kept in memory and written with one multi-row statement per
 * table and batch (`flush`), instead of several statements per event. The gate releases exactly as
 * `PredecessorGate` does (an event when its stream's previous sequence number was released, then
 * the held events it unblocks, oldest first); the chains are hashed in arrival order as
 * `LedgerStore.append` hashes them. What the gate still holds at the end is written to its tables
 * as the live gate would hold it (`finish`). The rebuild runs alone on a fresh schema, so nothing
 * else writes these tables meanwhile.
 */
export class BulkIngestion implements EventIngestion {
  private readonly lastSequence = new Map<string, bigint>();
  private readonly released = new Set<string>();
  private readonly held = new Map<string, Map<bigint, HeldInMemory>>();
  private readonly heldIds = new Set<string>();
  private heldCount = 0;
  private readonly heldRecordedAt = new Map<string, Date>();
  private readonly handled = new Set<string>();
  private readonly chains = new Map<string, { length: number; head: Buffer }>();
  private readonly recordedTimes = new FactRecordedTime();
  /** The recorded time set in the batch's transaction (`set_config(..., true)` lasts until its end). */
  private recordedTimeSet: { manager: EntityManager; at: string } | undefined;
  /** The genealogy's, run balances' and emissions' tables, in memory until written. */
  readonly projection = new BufferedProjection();
  private shipped = false;

  private pendingReleased: string[] = [];
  private pendingStreams = new Map<string, bigint>();
  private pendingHandled: string[] = [];
  private pendingWatermarks = new Map<string, WatermarkInMemory>();
  private pendingEntries: PendingEntry[] = [];

  constructor(
    private readonly gate: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Reads the chains' heads and whether statements exist (a fresh schema has none). */
  async load(dataSource: DataSource): Promise<void> {
    await this.projection.load(dataSource);
    const [statements] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM "${serviceSchema(dataSource)}".trace_statement)::integer AS n`,
    )) as { n: number }[];
    this.shipped = (statements?.n ?? 0) > 0;
    const rows = (await dataSource.query(
      `SELECT chain_id, length::integer AS length, head_hash FROM "${serviceSchema(dataSource)}".ledger_chain`,
    )) as { chain_id: string; length: number; head_hash: Uint8Array }[];
    for (const row of rows)
      this.chains.set(row.chain_id, { length: row.length, head: Buffer.from(row.head_hash) });
  }

  /** The inbox: whether this event id was handled before (a redelivery); records it otherwise. */
  firstDelivery(eventId: string): boolean {
    if (this.handled.has(eventId)) return false;
    this.handled.add(eventId);
    this.pendingHandled.push(eventId);
    return true;
  }

  get heldEvents(): number {
    return this.heldIds.size;
  }

  async advanceWatermark(_manager: EntityManager, read: ReadEvent): Promise<void> {
    const key = `${read.topic}\n${read.source}\n${read.partition}`;
    const position = BigInt(read.position);
    const mark = this.pendingWatermarks.get(key);
    if (!mark) {
      this.pendingWatermarks.set(key, {
        topic: read.topic,
        source: read.source,
        partition: read.partition,
        position,
        events: 1,
        lastEventTime: read.eventTime,
        updatedAt: read.now,
      });
      return;
    }
    if (position > mark.position) mark.position = position;
    mark.events += 1;
    if (read.eventTime > mark.lastEventTime) mark.lastEventTime = read.eventTime;
    mark.updatedAt = read.now;
  }

  async appendToLedger(_manager: EntityManager, event: LedgerAppend): Promise<void> {
    const chainId = chainIdOf(event.topic, event.source, event.partition);
    const chain = this.chains.get(chainId) ?? { length: 0, head: Buffer.from(GENESIS_HASH) };
    const eventHash = Buffer.from(sha256(event.eventBytes));
    const hash = Buffer.from(
      entryHash(chain.head, eventHash, {
        chainId,
        chainIndex: chain.length,
        offset: event.position,
        eventId: event.eventId,
      }),
    );
    this.pendingEntries.push({
      chainId,
      chainIndex: chain.length,
      append: event,
      eventHash,
      previousHash: chain.head,
      entryHash: hash,
    });
    this.chains.set(chainId, { length: chain.length + 1, head: hash });
  }

  async admit(_manager: EntityManager, event: GatedEvent): Promise<GatedEvent[]> {
    const { envelope } = event;
    if (this.released.has(envelope.id) || this.heldIds.has(envelope.id)) return [];
    const stream = streamOf(envelope);
    const sequence = BigInt(envelope.sequence);
    const last = this.lastSequence.get(stream) ?? 0n;
    if (sequence <= last) {
      throw new UnprocessableEventError(
        `event ${envelope.id} has sequence ${sequence} of stream "${stream}", which gate ${this.gate} has released already (up to ${last}) for another event`,
      );
    }
    if (sequence !== last + 1n) {
      let ofStream = this.held.get(stream);
      if (!ofStream) this.held.set(stream, (ofStream = new Map()));
      ofStream.set(sequence, { order: this.heldCount++, event, stream, heldAt: this.now() });
      this.heldIds.add(envelope.id);
      return [];
    }
    const releasedNow: GatedEvent[] = [];
    let next: GatedEvent | undefined = event;
    let at = sequence;
    while (next) {
      this.release(stream, at, next.envelope.id);
      releasedNow.push(next);
      const ofStream = this.held.get(stream);
      const waiting = ofStream?.get(at + 1n);
      if (!waiting) break;
      ofStream?.delete(at + 1n);
      if (ofStream?.size === 0) this.held.delete(stream);
      this.heldIds.delete(waiting.event.envelope.id);
      next = waiting.event;
      at += 1n;
    }
    return releasedNow;
  }

  async keepRecordedTimeForHeld(_manager: EntityManager, eventId: string, at: Date): Promise<void> {
    if (!this.heldRecordedAt.has(eventId)) this.heldRecordedAt.set(eventId, at);
  }

  async takeRecordedTimeForReleased(_manager: EntityManager, eventId: string): Promise<Date | undefined> {
    const at = this.heldRecordedAt.get(eventId);
    this.heldRecordedAt.delete(eventId);
    return at;
  }

  /** The buffered stores record the facts at `at`; the transaction's setting follows when settled. */
  async setRecordedTime(_manager: EntityManager, at: Date | undefined): Promise<void> {
    this.projection.recordedAt = at;
  }

  /** Writes the rows kept in memory and sets the current recorded time in the transaction. */
  async settleProjection(manager: EntityManager): Promise<void> {
    await this.projection.flush(manager);
    const at = this.projection.recordedAt;
    const value = at ? at.toISOString() : '';
    if (this.recordedTimeSet?.manager === manager && this.recordedTimeSet.at === value) return;
    await this.recordedTimes.set(manager, at);
    this.recordedTimeSet = { manager, at: value };
  }

  /**
   * Statements are frozen by a LotShipped (at once, or pending until its genealogy is complete),
   * and a fresh schema has none: before the first shipment, no statement can be restated or frozen.
   */
  statementsMayChange(released: readonly GatedEvent[]): boolean {
    this.shipped ||= released.some((each) => each.envelope.type === SalesEventTypes.LotShipped);
    return this.shipped;
  }

  /** Whether a shipment was read (statements may be frozen or restated from then on). */
  get hasShipments(): boolean {
    return this.shipped;
  }

  /** Writes the ledger entries appended so far (before a checkpoint covers them). */
  async flushLedger(manager: EntityManager): Promise<void> {
    const entries = this.pendingEntries;
    this.pendingEntries = [];
    await this.writeLedger(manager, entries);
  }

  private async writeLedger(manager: EntityManager, entries: readonly PendingEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const s = serviceSchema(manager);
    // The bytes go as binary parameters, each column's values end to end (the driver sends a
    // Buffer as it is; as text, 500 bytes of event per row would be 1,000 hex digits to write and
    // parse), and each row takes its slice; the other columns go as one JSON document.
    let from = 1;
    const rows = entries.map((e) => {
      const row = {
        chain_id: e.chainId,
        chain_index: e.chainIndex,
        topic: e.append.topic,
        source: e.append.source,
        partition: e.append.partition,
        position: e.append.position,
        event_id: e.append.eventId,
        subject: e.append.subject,
        bytes_from: from,
        bytes_length: e.append.eventBytes.byteLength,
        appended_at: e.append.at,
      };
      from += e.append.eventBytes.byteLength;
      return row;
    });
    await manager.query(
      `INSERT INTO "${s}".ledger_entry (chain_id, chain_index, topic, source, partition, position, event_id,
         subject, event_bytes, event_hash, previous_hash, entry_hash, appended_at)
       SELECT chain_id, chain_index, topic, source, partition, position::numeric, event_id, subject,
         substring($2::bytea FROM bytes_from FOR bytes_length),
         substring($3::bytea FROM (n::integer - 1) * ${HASH_BYTES} + 1 FOR ${HASH_BYTES}),
         substring($4::bytea FROM (n::integer - 1) * ${HASH_BYTES} + 1 FOR ${HASH_BYTES}),
         substring($5::bytea FROM (n::integer - 1) * ${HASH_BYTES} + 1 FOR ${HASH_BYTES}),
         appended_at::timestamptz
       FROM ROWS FROM (json_to_recordset($1::json) AS (chain_id text, chain_index bigint, topic text, source text,
         partition integer, position text, event_id text, subject text, bytes_from integer, bytes_length integer,
         appended_at text))
         WITH ORDINALITY AS e(chain_id, chain_index, topic, source, partition, position, event_id, subject,
           bytes_from, bytes_length, appended_at, n)
       ORDER BY n`,
      [
        JSON.stringify(rows),
        Buffer.concat(entries.map((e) => e.append.eventBytes)),
        Buffer.concat(entries.map((e) => hashOf(e.eventHash))),
        Buffer.concat(entries.map((e) => hashOf(e.previousHash))),
        Buffer.concat(entries.map((e) => hashOf(e.entryHash))),
      ],
    );
    const hex = (bytes: Uint8Array) =>
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
    const heads = new Map<string, { length: number; head: Buffer }>();
    for (const entry of entries)
      heads.set(entry.chainId, { length: entry.chainIndex + 1, head: entry.entryHash });
    await manager.query(
      `INSERT INTO "${s}".ledger_chain AS c (chain_id, length, head_hash)
       SELECT chain_id, length, decode(head_hash, 'hex') FROM unnest($1::text[], $2::bigint[], $3::text[])
         AS h(chain_id, length, head_hash)
       ON CONFLICT (chain_id) DO UPDATE SET length = excluded.length, head_hash = excluded.head_hash`,
      [
        [...heads.keys()],
        [...heads.values()].map((h) => h.length),
        [...heads.values()].map((h) => hex(h.head)),
      ],
    );
  }

  /**
   * Writes what the batch's events did to the ledger, the watermark, the inbox and the gate, in
   * the batch's transaction: one statement per table.
   */
  async flush(manager: EntityManager, consumer: string): Promise<void> {
    this.recordedTimeSet = undefined;
    await this.write(manager, this.drain(), consumer);
  }

  /** Takes what the events applied since the last drain changed; later events do not alter it. */
  drain(): IngestionWrites {
    const writes: IngestionWrites = {
      projection: this.projection.drain(),
      entries: this.pendingEntries,
      watermarks: [...this.pendingWatermarks.values()],
      handled: this.pendingHandled,
      released: this.pendingReleased,
      streams: this.pendingStreams,
    };
    this.pendingEntries = [];
    this.pendingWatermarks = new Map();
    this.pendingHandled = [];
    this.pendingReleased = [];
    this.pendingStreams = new Map();
    return writes;
  }

  /** Writes a drain: one statement per table. */
  async write(manager: EntityManager, writes: IngestionWrites, consumer: string): Promise<void> {
    await writeProjection(manager, writes.projection);
    await this.writeLedger(manager, writes.entries);
    const s = serviceSchema(manager);
    if (writes.watermarks.length > 0) {
      const marks = writes.watermarks;
      await manager.query(
        `INSERT INTO "${s}".trace_position AS p (topic, source, partition, position, events, last_event_time, updated_at)
         SELECT topic, source, partition, position::numeric, events, last_event_time::timestamptz, updated_at::timestamptz
         FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::bigint[], $6::text[], $7::text[])
           AS w(topic, source, partition, position, events, last_event_time, updated_at)
         ON CONFLICT (topic, source, partition) DO UPDATE SET
           position = greatest(p.position, excluded.position),
           events = p.events + excluded.events,
           last_event_time = greatest(p.last_event_time, excluded.last_event_time),
           updated_at = excluded.updated_at`,
        [
          marks.map((m) => m.topic),
          marks.map((m) => m.source),
          marks.map((m) => m.partition),
          marks.map((m) => m.position.toString()),
          marks.map((m) => m.events),
          marks.map((m) => m.lastEventTime.toISOString()),
          marks.map((m) => m.updatedAt.toISOString()),
        ],
      );
    }
    const messaging = messagingTablesOf(manager);
    if (writes.handled.length > 0) {
      const ids = writes.handled;
      await manager.query(
        `INSERT INTO ${messaging.inbox} (consumer, event_id) SELECT $1, id FROM json_array_elements_text($2::json) AS i(id)
         ON CONFLICT DO NOTHING`,
        [consumer, JSON.stringify(ids)],
      );
    }
    if (writes.released.length > 0) {
      const ids = writes.released;
      const streams = writes.streams;
      await manager.query(
        `INSERT INTO "${s}".gate_released (gate, event_id) SELECT $1, id FROM json_array_elements_text($2::json) AS r(id)`,
        [this.gate, JSON.stringify(ids)],
      );
      await manager.query(
        `INSERT INTO "${s}".gate_stream AS g (gate, stream, last_sequence)
         SELECT $1, stream, last_sequence FROM unnest($2::text[], $3::bigint[]) AS l(stream, last_sequence)
         ON CONFLICT (gate, stream) DO UPDATE SET last_sequence = excluded.last_sequence`,
        [this.gate, [...streams.keys()], [...streams.values()].map(String)],
      );
    }
  }

  /** At the end: the events still held, in the gate's tables and with their recorded times, as the live gate holds them. */
  async finish(manager: EntityManager): Promise<void> {
    const held = [...this.held.values()].flatMap((ofStream) => [...ofStream.values()]);
    held.sort((a, b) => a.order - b.order);
    if (held.length === 0) return;
    const s = serviceSchema(manager);
    await manager.query(
      `INSERT INTO "${s}".gate_held (gate, event_id, stream, sequence, subject, awaits, topic, type, attributes, data, held_at)
       SELECT $1, event_id, stream, sequence, subject, '{}'::text[], topic, type, attributes::jsonb,
         decode(data, 'hex'), held_at::timestamptz
       FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[]) WITH ORDINALITY AS h(event_id, stream, sequence, subject, topic, type, attributes, data, held_at, n)
       ORDER BY n`,
      [
        this.gate,
        held.map((h) => h.event.envelope.id),
        held.map((h) => h.stream),
        held.map((h) => h.event.envelope.sequence),
        held.map((h) => h.event.envelope.subject),
        held.map((h) => h.event.topic),
        held.map((h) => h.event.envelope.type),
        held.map((h) => JSON.stringify(storedAttributesOf(h.event.envelope))),
        held.map((h) => Buffer.from(h.event.envelope.data).toString('hex')),
        held.map((h) => h.heldAt.toISOString()),
      ],
    );
    const kept = held.flatMap((h) => {
      const at = this.heldRecordedAt.get(h.event.envelope.id);
      return at ? [{ id: h.event.envelope.id, at }] : [];
    });
    if (kept.length > 0)
      await manager.query(
        `INSERT INTO "${s}".trace_held_event_recorded_at (event_id, recorded_at)
         SELECT id, at::timestamptz FROM unnest($1::text[], $2::text[]) AS k(id, at)`,
        [kept.map((k) => k.id), kept.map((k) => k.at.toISOString())],
      );
  }

  private release(stream: string, sequence: bigint, eventId: string): void {
    this.lastSequence.set(stream, sequence);
    this.released.add(eventId);
    this.pendingReleased.push(eventId);
    this.pendingStreams.set(stream, sequence);
  }
}

/** SHA-256 digests: every hash of the ledger is this long. */
const HASH_BYTES = 32;

function hashOf(hash: Buffer): Buffer {
  if (hash.byteLength !== HASH_BYTES)
    throw new Error(`bulk rebuild: a ledger hash of ${hash.byteLength} bytes, expected ${HASH_BYTES}`);
  return hash;
}

/** The gate's default stream: one producing service's events of one aggregate. */
function streamOf(envelope: EventEnvelope): string {
  return `${envelope.source} ${envelope.subject}`;
}

/** The envelope's attributes as the gate stores them (PredecessorGate's storedAttributesOf). */
function storedAttributesOf(envelope: EventEnvelope): Record<string, unknown> {
  const {
    id: _id,
    type: _type,
    subject: _subject,
    sequence: _sequence,
    data: _data,
    ...attributes
  } = envelope;
  return attributes;
}
