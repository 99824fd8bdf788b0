import { create, type DescMessage, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { ulid } from 'ulid';
import {
  decodeEventData,
  type EventDataInitOf,
  EventDataError,
  type EventMessageOf,
  type EventType,
  eventTypeOf,
  type EventTypeDefinition,
} from '../event-types';
import { EnvelopeError } from './envelope-error';
import {
  CLOUDEVENTS_SPEC_VERSION,
  type EventEnvelope,
  PROTOBUF_CONTENT_TYPE,
  validateEnvelope,
} from './event-envelope';

/** What a producer states about a new event; the rest of the envelope is filled in. */
export interface NewEvent<T extends EventType> {
  /** A registered event type; its schema encodes `data`, its source becomes the envelope's. */
  readonly type: T;
  /** The event's message, or the object literal `create()` accepts for it. */
  readonly data: EventDataInitOf<T>;
  /** The lot id. Default: the message's `lot.lot_id`; when both are given they must agree. */
  readonly subject?: string;
  /** Position of the event in its subject's history: 1, 2, 3, ... */
  readonly sequence: bigint | number | string;
  readonly correlationid: string;
  readonly causationid: string;
  readonly actorsub: string;
  readonly actororg: string;
  /** Default: a new ULID. */
  readonly id?: string;
  /** When the occurrence happened. Default: now. A Date is written as `toISOString()`. */
  readonly time?: Date | string;
  readonly traceparent?: string;
  readonly tracestate?: string;
  readonly extensions?: Readonly<Record<string, string>>;
}

function lotIdOf(schema: DescMessage, message: unknown): string | undefined {
  const field = schema.fields.find((f) => f.localName === 'lot');
  if (field?.message?.typeName !== 'rre.common.v1.LotRef') return undefined;
  const lotId = (message as { lot?: { lotId?: string } }).lot?.lotId;
  return lotId === undefined || lotId === '' ? undefined : lotId;
}

function sequenceText(sequence: bigint | number | string): string {
  if (typeof sequence === 'number' && !Number.isSafeInteger(sequence)) {
    throw new EnvelopeError({
      attribute: 'sequence',
      problem: `got ${sequence}, must be a positive safe integer`,
    });
  }
  return String(sequence);
}

/**
 * A new, validated envelope for an event of a registered type: encodes `data` with the type's
 * schema, takes the source from the registry, and fills in specversion, datacontenttype, a ULID id
 * and the current time unless given. Throws EnvelopeError or EventDataError.
 */
export function createEnvelope<T extends EventType>(event: NewEvent<T>): EventEnvelope {
  const definition: EventTypeDefinition = eventTypeOf(event.type);
  const { schema } = definition;
  const typeName = (event.data as { $typeName?: unknown } | null)?.$typeName;
  if (typeName !== undefined && typeName !== schema.typeName) {
    throw new EventDataError(event.type, `got a ${String(typeName)} message, must be ${schema.typeName}`);
  }
  const message = create(schema, event.data as MessageInitShape<DescMessage>);
  const lotId = lotIdOf(schema, message);
  if (event.subject !== undefined && lotId !== undefined && event.subject !== lotId) {
    throw new EnvelopeError({
      attribute: 'subject',
      problem: `got ${JSON.stringify(event.subject)}, but the event's lot is ${JSON.stringify(lotId)}: they must be the same`,
    });
  }
  const subject = event.subject ?? lotId;
  if (subject === undefined) {
    throw new EnvelopeError({
      attribute: 'subject',
      problem: 'is missing: give it, or the lot (lot.lotId) in the data',
    });
  }
  const time = event.time ?? new Date();
  return validateEnvelope({
    id: event.id ?? ulid(),
    source: definition.source,
    type: event.type,
    specversion: CLOUDEVENTS_SPEC_VERSION,
    time: time instanceof Date ? time.toISOString() : time,
    subject,
    datacontenttype: PROTOBUF_CONTENT_TYPE,
    data: toBinary(schema, message),
    sequence: sequenceText(event.sequence),
    correlationid: event.correlationid,
    causationid: event.causationid,
    actorsub: event.actorsub,
    actororg: event.actororg,
    traceparent: event.traceparent,
    tracestate: event.tracestate,
    extensions: event.extensions,
  });
}

/** An envelope's event, decoded: `type` narrows `message` to its generated type. */
export type DecodedEvent = {
  [T in EventType]: { readonly type: T; readonly message: EventMessageOf<T> };
}[EventType];

/**
 * The data of an envelope decoded as its type's message. Throws UnknownEventTypeError for a type
 * this version does not know (a consumer decides whether to skip or park it) and EventDataError
 * for bytes that are not that message.
 */
export function decodeEvent(envelope: EventEnvelope): DecodedEvent {
  const type = eventTypeOf(envelope.type).type as EventType;
  return { type, message: decodeEventData(type, envelope.data) } as DecodedEvent;
}
