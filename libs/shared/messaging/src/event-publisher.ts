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
   * it is written (with a stand-in sequence; the database's is a positive bigint as well).
   */
  async publish(manager: EntityManager, request: PublishRequest): Promise<EventEnvelope> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        'EventPublisher.publish: call it with the manager of an open transaction (inTransaction)',
      );
    }
    const tables = messagingTablesOf(manager);
    const id = newEventId();
    const correlationid = request.correlationId ?? id;
    const actor = request.actor ?? this.defaultActor;
    const trace = currentTraceparent();
    const draft = validateEnvelope({
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
    return { ...draft, sequence: String(row.sequence) };
  }
}

function encodeData(data: Uint8Array | ProtobufData): Uint8Array {
  return data instanceof Uint8Array ? data : toBinary(data.schema, data.message);
}
