import { type DescMessage, type MessageShape, toBinary } from '@bufbuild/protobuf';
import {
  CLOUDEVENTS_SPEC_VERSION,
  type EventEnvelope,
  PROTOBUF_CONTENT_TYPE,
  validateEnvelope,
} from '@rre/contracts';
import { currentTraceparent } from '@rre/telemetry';
import type { EntityManager } from 'typeorm';
import { newEventId } from './event-id';
import { messagingTablesOf } from './messaging-tables';
import { markOutboxWritten } from './outbox-commit-signal';
import { storedAttributesOf } from './stored-envelope';

/** The acting subject of an event: pseudonymous ids, never names or e-mail addresses. */
export interface EventActor {
  sub: string;
  org: string;
}

/** A protobuf message with the generated schema that encodes it. */
export interface ProtobufData<Desc extends DescMessage = DescMessage> {
  schema: Desc;
  message: MessageShape<Desc>;
}

export interface PublishRequest {
  topic: string;
  /** Stable, versioned CloudEvents type, e.g. `rre.intake.lot.registered.v1`. */
  type: string;
  /** The aggregate (lot id): the Kafka key and the unit of ordering and sequencing. */
  subject: string;
  /** The encoded protobuf bytes, or a message and its schema. */
  data: Uint8Array | ProtobufData;
  /** Default: the event's own id (it starts a flow). */
  correlationId?: string;
  /** Default: the correlation id. */
  causationId?: string;
  /** Default: the publisher's default actor. */
  actor?: EventActor;
  /** When the occurrence happened; default now. */
  time?: Date;
}

/**
 * A data-modifying statement (an INSERT, typically) to run in the same statement as the outbox
 * write, so that a change and its events cost one round trip: its parameters are `$1` ... `$n`
 * (no other `$<digits>` may appear in it, e.g. in a string literal), and it may not read the rows
 * the outbox write inserts (both see the same snapshot).
 */
export interface AlongsideStatement {
  sql: string;
  parameters: readonly unknown[];
}

export interface PublishAllOptions {
  /** Given the envelopes (their ids, without sequence numbers yet), a statement to run alongside. */
  alongside?: (envelopes: readonly EventEnvelope[]) => AlongsideStatement | undefined;
}

/** The number of parameters of publishAll's own statement; an alongside statement's come after them. */
const PUBLISH_ALL_PARAMETERS = 6;

export interface EventPublisherOptions {
  /** The producing service: the envelope's source is `/rre/<service>`. */
  service: string;
  /** Actor of events published without one; default `{ sub: 'service:<service>', org: 'rre' }`. */
  defaultActor?: EventActor;
}

/**
 * Writes events to the service's outbox in the caller's transaction (transactional outbox): the
 * event exists exactly when the state change it announces commits. A relay (Kafka) or the log
 * sequencer (embedded) makes it visible to consumers after the commit.
 */
export class EventPublisher {
  readonly source: string;
  private readonly defaultActor: EventActor;

  constructor(options: EventPublisherOptions) {
    this.source = `/rre/${options.service}`;
    this.defaultActor = options.defaultActor ?? { sub: `service:${options.service}`, org: 'rre' };
  }

  /**
   * Assigns the subject's next sequence number and inserts the event into the outbox, in one
   * statement through `manager` (from inTransaction): nothing is published if that transaction
   * rolls back. The statement first increments (and so locks until commit) the subject's
   * aggregate_sequence row, and only then inserts the outbox row, which draws its id then: one
   * subject's events commit in sequence order and get rising ids. The envelope is validated before
   * it is written. For many events in one transaction, `publishAll` does the same in one statement.
   */
  async publish(manager: EntityManager, request: PublishRequest): Promise<EventEnvelope> {
    requireTransaction(manager, 'publish');
    const tables = messagingTablesOf(manager);
    const draft = this.draft(request);
    const [row] = (await manager.query(
      `WITH next AS (
         INSERT INTO ${tables.aggregateSequence} AS s (aggregate_id, last_sequence) VALUES ($1, 1)
         ON CONFLICT (aggregate_id) DO UPDATE SET last_sequence = s.last_sequence + 1
         RETURNING last_sequence
       )
       INSERT INTO ${tables.outbox} (event_id, topic, key, type, sequence, attributes, data)
       SELECT $2::text, $3::text, $1::text, $4::text, next.last_sequence, $5::jsonb, $6::bytea FROM next
       RETURNING sequence`,
      [
        draft.subject,
        draft.id,
        request.topic,
        draft.type,
        JSON.stringify(storedAttributesOf(draft)),
        Buffer.from(draft.data),
      ],
    )) as { sequence: string }[];
    if (!row) throw new Error(`no sequence returned for aggregate ${request.subject}`);
    markOutboxWritten(manager);
    return Object.assign({}, draft, { sequence: String(row.sequence) });
  }

  /**
   * Publishes several events in the caller's transaction with ONE statement, as if `publish` were
   * called for each in turn: every subject gets consecutive sequence numbers in the order given,
   * and the outbox rows get ids in that order. The statement takes the subjects' aggregate_sequence
   * rows in ascending subject order (so two of them that share subjects cannot deadlock), locked
   * until commit as by `publish`. Every envelope is validated before anything is written: one bad
   * request writes nothing. Resolves to the envelopes in the order of `requests`. With
   * `options.alongside`, its statement runs as part of this one (see AlongsideStatement): the
   * caller's change and its events in one round trip.
   */
  async publishAll(
    manager: EntityManager,
    requests: readonly PublishRequest[],
    options: PublishAllOptions = {},
  ): Promise<EventEnvelope[]> {
    requireTransaction(manager, 'publishAll');
    if (requests.length === 0) return [];
    const tables = messagingTablesOf(manager);
    const drafts = requests.map((request) => this.draft(request));
    const alongside = options.alongside?.(drafts);
    const rows = (await manager.query(
      `WITH ${alongside ? `alongside AS (${renumberParameters(alongside.sql, PUBLISH_ALL_PARAMETERS)}),` : ''}
       input AS (
         SELECT i.*, a.attributes
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $6::bytea[])
           WITH ORDINALITY AS i (subject, event_id, topic, type, data, ord)
         JOIN jsonb_array_elements($5::jsonb) WITH ORDINALITY AS a (attributes, ord) USING (ord)
       ),
       counted AS (SELECT subject, count(*) AS events FROM input GROUP BY subject),
       next AS (
         INSERT INTO ${tables.aggregateSequence} AS s (aggregate_id, last_sequence)
         SELECT subject, events FROM counted ORDER BY subject
         ON CONFLICT (aggregate_id) DO UPDATE SET last_sequence = s.last_sequence + excluded.last_sequence
         RETURNING aggregate_id, last_sequence
       ),
       numbered AS (
         SELECT input.*, next.last_sequence - counted.events
                  + row_number() OVER (PARTITION BY input.subject ORDER BY input.ord) AS sequence
         FROM input JOIN counted USING (subject) JOIN next ON next.aggregate_id = input.subject
       )
       INSERT INTO ${tables.outbox} (event_id, topic, key, type, sequence, attributes, data)
       SELECT event_id, topic, subject, type, sequence, attributes, data FROM numbered ORDER BY ord
       RETURNING event_id, sequence`,
      [
        drafts.map((draft) => draft.subject),
        drafts.map((draft) => draft.id),
        requests.map((request) => request.topic),
        drafts.map((draft) => draft.type),
        // One JSON array rather than a jsonb[] literal, whose every quote the driver would escape.
        JSON.stringify(drafts.map((draft) => storedAttributesOf(draft))),
        drafts.map((draft) => draft.data),
        ...(alongside?.parameters ?? []),
      ],
    )) as { event_id: string; sequence: string }[];
    const sequences = new Map(rows.map((row) => [row.event_id, String(row.sequence)]));
    markOutboxWritten(manager);
    return drafts.map((draft) => {
      const sequence = sequences.get(draft.id);
      if (sequence === undefined) throw new Error(`no sequence returned for event ${draft.id}`);
      // Not `{ ...draft, sequence }`: see uncheckedEnvelopeFromStored.
      return Object.assign({}, draft, { sequence });
    });
  }

  /** The envelope of a request, validated against the contract (with a stand-in sequence; the database's is a positive bigint as well). */
  private draft(request: PublishRequest): EventEnvelope {
    const id = newEventId();
    const correlationid = request.correlationId ?? id;
    const actor = request.actor ?? this.defaultActor;
    const trace = currentTraceparent();
    return validateEnvelope({
      id,
      source: this.source,
      type: request.type,
      specversion: CLOUDEVENTS_SPEC_VERSION,
      time: (request.time ?? new Date()).toISOString(),
      subject: request.subject,
      datacontenttype: PROTOBUF_CONTENT_TYPE,
      data: encodeData(request.data),
      sequence: '1',
      correlationid,
      causationid: request.causationId ?? correlationid,
      actorsub: actor.sub,
      actororg: actor.org,
      traceparent: trace.traceparent,
      tracestate: trace.traceparent === undefined ? undefined : trace.tracestate,
    });
  }
}

function renumberParameters(sql: string, offset: number): string {
  return sql.replace(/\$(\d+)/g, (_match, n: string) => `$${Number(n) + offset}`);
}

function requireTransaction(manager: EntityManager, method: string): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(
      `EventPublisher.${method}: call it with the manager of an open transaction (inTransaction)`,
    );
  }
}

function encodeData(data: Uint8Array | ProtobufData): Uint8Array {
  return data instanceof Uint8Array ? data : toBinary(data.schema, data.message);
}
