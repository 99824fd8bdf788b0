import type { EventEnvelope } from '@rre/contracts';
import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { UnprocessableEventError } from './event-consumer-definition';
import { advisoryKey } from './exclusive-runner-lock';
import { envelopeFromStored, type StoredAttributes, storedAttributesOf } from './stored-envelope';

/** An event as the gate takes and gives it: its envelope and the topic it came from. */
export interface GatedEvent {
  envelope: EventEnvelope;
  topic: string;
}

/** An event the gate holds, and what it waits for. */
export interface HeldEvent extends GatedEvent {
  stream: string;
  /** Its sequence number in `stream`; it waits until the one before it is released. */
  sequence: string;
  /** Events (ids) it also waits for, as they were when it was held. */
  awaits: string[];
  heldAt: Date;
}

export interface PredecessorGateOptions {
  /** The gate's name, usually its consumer's: its streams, held and released events are its own. */
  name: string;
  /**
   * The stream whose sequence numbers an event continues, numbered 1, 2, 3 ... without gaps.
   * Default `<source> <subject>`: one producing service's events of one aggregate (a lot), whichever
   * of that service's topics they travel on.
   */
  streamOf?: (envelope: EventEnvelope) => string;
  /**
   * Events (ids) that must have been released before this one, besides its stream predecessor.
   * Default none. For example its causation id, when that is an event this consumer also reads.
   */
  awaitedEventsOf?: (envelope: EventEnvelope) => readonly string[];
}

interface HeldRow {
  event_id: string;
  stream: string;
  sequence: string;
  subject: string;
  awaits: string[];
  topic: string;
  type: string;
  attributes: StoredAttributes;
  data: Buffer;
  held_at: Date;
}

/**
 * Holds an event until its predecessors have arrived, for a consumer that reads several topics (or
 * sources) and needs each aggregate's history in order: per-key order holds within one topic
 * partition only, so a lot's event 5 can arrive on one topic before its event 4 on another. Used in
 * a handler, inside the consumer's transaction:
 *
 *   for (const ready of await gate.admit(manager, event)) await apply(ready, manager);
 *
 * `admit` returns the events that are released now, in order: none if the event must wait (it is
 * then held in the gate's tables, in this transaction), or the event followed by the held events it
 * unblocked. An event is released when its stream's previous sequence number was released and every
 * awaited event was. A redelivered event (released or held already) releases nothing. The gate's
 * work is serialized per gate (a transaction-level advisory lock), so concurrent partitions cannot
 * release one stream twice. Tables: `predecessorGateMigrations`.
 */
export class PredecessorGate {
  private readonly streamOf: (envelope: EventEnvelope) => string;
  private readonly awaitedEventsOf: (envelope: EventEnvelope) => readonly string[];

  constructor(private readonly options: PredecessorGateOptions) {
    if (options.name.length === 0) throw new Error('PredecessorGate: name must not be empty');
    this.streamOf = options.streamOf ?? ((envelope) => `${envelope.source} ${envelope.subject}`);
    this.awaitedEventsOf = options.awaitedEventsOf ?? (() => []);
  }

  get name(): string {
    return this.options.name;
  }

  async admit(manager: EntityManager, event: GatedEvent): Promise<GatedEvent[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('PredecessorGate.admit: call it with the manager of an open transaction');
    }
    const t = gateTables(manager);
    const gate = this.options.name;
    const { envelope } = event;
    const stream = this.streamOf(envelope);
    const sequence = BigInt(envelope.sequence);
    const awaits = [...new Set(this.awaitedEventsOf(envelope))].filter((id) => id !== envelope.id);
    await manager.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [
      GATE_LOCK_CLASS,
      advisoryKey(gate),
    ]);
    const [state] = (await manager.query(
      `SELECT (SELECT last_sequence FROM ${t.stream} WHERE gate = $1 AND stream = $2) AS last_sequence,
              EXISTS (SELECT 1 FROM ${t.released} WHERE gate = $1 AND event_id = $3)
                OR EXISTS (SELECT 1 FROM ${t.held} WHERE gate = $1 AND event_id = $3) AS known,
              (SELECT count(*) FROM ${t.released} WHERE gate = $1 AND event_id = ANY($4::text[]))::int AS awaited_released`,
      [gate, stream, envelope.id, awaits],
    )) as { last_sequence: string | null; known: boolean; awaited_released: number }[];
    if (!state) throw new Error('PredecessorGate: no state returned');
    if (state.known) return [];
    const last = BigInt(state.last_sequence ?? 0);
    if (sequence <= last) {
      throw new UnprocessableEventError(
        `event ${envelope.id} has sequence ${sequence} of stream "${stream}", which gate ${gate} has released already (up to ${last}) for another event`,
      );
    }
    if (sequence !== last + 1n || state.awaited_released < awaits.length) {
      await manager.query(
        `INSERT INTO ${t.held} (gate, event_id, stream, sequence, subject, awaits, topic, type, attributes, data)
         VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9::jsonb, $10::bytea)`,
        [
          gate,
          envelope.id,
          stream,
          envelope.sequence,
          envelope.subject,
          awaits,
          event.topic,
          envelope.type,
          JSON.stringify(storedAttributesOf(envelope)),
          Buffer.from(envelope.data),
        ],
      );
      return [];
    }
    await manager.query(
      `WITH position AS (
         INSERT INTO ${t.stream} (gate, stream, last_sequence) VALUES ($1, $2, $3)
         ON CONFLICT (gate, stream) DO UPDATE SET last_sequence = excluded.last_sequence
       )
       INSERT INTO ${t.released} (gate, event_id) VALUES ($1, $4)`,
      [gate, stream, envelope.sequence, envelope.id],
    );
    const released: GatedEvent[] = [event];
    for (;;) {
      const [next] = (await manager.query(
        `WITH next AS (
           DELETE FROM ${t.held} WHERE id = (
             SELECT h.id FROM ${t.held} h
             LEFT JOIN ${t.stream} s ON s.gate = h.gate AND s.stream = h.stream
             WHERE h.gate = $1 AND h.sequence = coalesce(s.last_sequence, 0) + 1
               AND NOT EXISTS (
                 SELECT 1 FROM unnest(h.awaits) AS a(event_id)
                 WHERE NOT EXISTS (SELECT 1 FROM ${t.released} r WHERE r.gate = h.gate AND r.event_id = a.event_id))
             ORDER BY h.id LIMIT 1)
           RETURNING *
         ),
         position AS (
           INSERT INTO ${t.stream} (gate, stream, last_sequence) SELECT gate, stream, sequence FROM next
           ON CONFLICT (gate, stream) DO UPDATE SET last_sequence = excluded.last_sequence
         ),
         release AS (INSERT INTO ${t.released} (gate, event_id) SELECT gate, event_id FROM next)
         SELECT event_id, stream, sequence::text AS sequence, subject, awaits, topic, type, attributes, data, held_at FROM next`,
        [gate],
      )) as HeldRow[];
      if (!next) return released;
      released.push({ envelope: envelopeOfHeld(next), topic: next.topic });
    }
  }

  /** The events this gate holds, oldest first. */
  async held(source: DataSource | EntityManager): Promise<HeldEvent[]> {
    const t = gateTables(source);
    const rows = (await source.query(
      `SELECT event_id, stream, sequence::text AS sequence, subject, awaits, topic, type, attributes, data, held_at
       FROM ${t.held} WHERE gate = $1 ORDER BY id`,
      [this.options.name],
    )) as HeldRow[];
    return rows.map((row) => ({
      envelope: envelopeOfHeld(row),
      topic: row.topic,
      stream: row.stream,
      sequence: row.sequence,
      awaits: row.awaits,
      heldAt: row.held_at,
    }));
  }
}

const GATE_LOCK_CLASS = 0x52524533; // "RRE3"; the runner locks use "RRE2"

function gateTables(source: DataSource | EntityManager) {
  const schema = serviceSchema(source);
  const q = (table: string) => `"${schema}"."${table}"`;
  return { stream: q('gate_stream'), released: q('gate_released'), held: q('gate_held') };
}

function envelopeOfHeld(row: HeldRow): EventEnvelope {
  return envelopeFromStored({
    eventId: row.event_id,
    type: row.type,
    key: row.subject,
    sequence: row.sequence,
    attributes: row.attributes,
    data: row.data,
  });
}
