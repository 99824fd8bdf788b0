import { type EventEnvelope, validateEnvelope } from '@rre/contracts';

/**
 * The envelope attributes kept in an `attributes` jsonb column beside the columns that are queried
 * (event id, type, subject/key, sequence) and the data (bytea).
 */
export type StoredAttributes = Omit<EventEnvelope, 'id' | 'type' | 'subject' | 'sequence' | 'data'>;

export function storedAttributesOf(envelope: EventEnvelope): StoredAttributes {
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

export interface StoredEnvelopeParts {
  eventId: string;
  type: string;
  key: string;
  sequence: string | number | bigint;
  attributes: StoredAttributes;
  data: Uint8Array;
}

/** The envelope back from its stored parts, validated against the contract. */
export function envelopeFromStored(parts: StoredEnvelopeParts): EventEnvelope {
  return validateEnvelope(uncheckedEnvelopeFromStored(parts));
}

/**
 * The envelope back from its stored parts, NOT validated: only for a caller that validates it
 * anyway (the relay's `toKafkaMessage` does), so that it is not validated twice.
 */
export function uncheckedEnvelopeFromStored(parts: StoredEnvelopeParts): EventEnvelope {
  // Object.assign rather than `{ ...attributes, id, ... }`: V8 (Node 20) takes a slow path for a
  // spread followed by more properties, about 20 times slower, and this runs for every event.
  return Object.assign({}, parts.attributes, {
    id: parts.eventId,
    type: parts.type,
    subject: parts.key,
    sequence: String(parts.sequence),
    data: new Uint8Array(parts.data.buffer, parts.data.byteOffset, parts.data.byteLength),
  });
}
