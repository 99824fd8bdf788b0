import { isUtf8 } from 'node:buffer';
import { types } from 'node:util';
import { EnvelopeError } from './envelope-error';
import {
  checkEnvelope,
  type EventEnvelope,
  isValidTraceparent,
  PROTOBUF_CONTENT_TYPE,
} from './event-envelope';

/**
 * Kafka header of each envelope attribute, CloudEvents Kafka protocol binding, binary content mode:
 * context attributes as `ce_<name>` headers, datacontenttype as `content-type`, the data as the
 * message value. Trace context travels as the plain W3C headers `traceparent` and `tracestate`,
 * which OpenTelemetry's propagators read and write. Further extensions: `ce_<name>`.
 */
export const KAFKA_HEADERS = {
  id: 'ce_id',
  source: 'ce_source',
  specversion: 'ce_specversion',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  datacontenttype: 'content-type',
  dataschema: 'ce_dataschema',
  sequence: 'ce_sequence',
  correlationid: 'ce_correlationid',
  causationid: 'ce_causationid',
  actorsub: 'ce_actorsub',
  actororg: 'ce_actororg',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** Prefix of the header of a CloudEvents attribute. */
export const CE_HEADER_PREFIX = 'ce_';

type HeaderAttribute = keyof typeof KAFKA_HEADERS;
const HEADER_ATTRIBUTES = Object.keys(KAFKA_HEADERS) as HeaderAttribute[];
/**
 * `ce_*` headers that fromKafkaMessage reads as attributes, never as extensions (`ce_traceparent`
 * and `ce_tracestate` are read, in the absence of the plain W3C header, where they are handled).
 */
const ATTRIBUTE_HEADERS: ReadonlySet<string> = new Set([
  ...HEADER_ATTRIBUTES.filter((a) => a !== 'traceparent' && a !== 'tracestate').map((a) => KAFKA_HEADERS[a]),
  `${CE_HEADER_PREFIX}datacontenttype`,
]);

/** What toKafkaMessage returns; fits kafkajs's `Message` (producer.send({ topic, messages: [record] })). */
export interface KafkaRecord {
  /** The subject (lot id): Kafka keeps one key's messages in one partition, in order. */
  readonly key: string;
  /** The event data (protobuf bytes). */
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/** A header value as kafkajs delivers it: bytes or text, or an array when the header repeats. */
export type KafkaHeaderValue =
  Buffer | Uint8Array | string | ReadonlyArray<Buffer | Uint8Array | string> | null | undefined;

/** A consumed Kafka message (kafkajs's `KafkaMessage` fits, as does a KafkaRecord). */
export interface IncomingKafkaMessage {
  readonly key?: Buffer | Uint8Array | string | null;
  readonly value: Buffer | Uint8Array | string | null;
  readonly headers?: Readonly<Record<string, KafkaHeaderValue>>;
}

function headerOfAttribute(attribute: string): string {
  return Object.prototype.hasOwnProperty.call(KAFKA_HEADERS, attribute)
    ? KAFKA_HEADERS[attribute as HeaderAttribute]
    : `${CE_HEADER_PREFIX}${attribute}`;
}

/**
 * The Kafka message of an envelope (binary content mode): key = subject, value = data, headers as
 * in KAFKA_HEADERS. Validates the envelope first (throws EnvelopeError).
 */
export function toKafkaMessage(envelope: EventEnvelope): KafkaRecord {
  return kafkaRecordOf(checkEnvelope(envelope, headerOfAttribute));
}

/**
 * The Kafka message of an envelope validated already (by `fromKafkaMessage`, `validateEnvelope` or
 * `toKafkaMessage`): the same record as `toKafkaMessage` gives, without checking it again (the
 * ledger derives an event's published bytes from every envelope it ingests).
 */
export function kafkaRecordOf(e: EventEnvelope): KafkaRecord {
  const headers: Record<string, string> = {
    [KAFKA_HEADERS.id]: e.id,
    [KAFKA_HEADERS.source]: e.source,
    [KAFKA_HEADERS.specversion]: e.specversion,
    [KAFKA_HEADERS.type]: e.type,
    [KAFKA_HEADERS.time]: e.time,
    [KAFKA_HEADERS.subject]: e.subject,
    [KAFKA_HEADERS.datacontenttype]: e.datacontenttype,
  };
  if (e.dataschema !== undefined) headers[KAFKA_HEADERS.dataschema] = e.dataschema;
  headers[KAFKA_HEADERS.sequence] = e.sequence;
  headers[KAFKA_HEADERS.correlationid] = e.correlationid;
  headers[KAFKA_HEADERS.causationid] = e.causationid;
  headers[KAFKA_HEADERS.actorsub] = e.actorsub;
  headers[KAFKA_HEADERS.actororg] = e.actororg;
  if (e.traceparent !== undefined) headers[KAFKA_HEADERS.traceparent] = e.traceparent;
  if (e.tracestate !== undefined) headers[KAFKA_HEADERS.tracestate] = e.tracestate;
  for (const name of Object.keys(e.extensions ?? {}).sort()) {
    headers[`${CE_HEADER_PREFIX}${name}`] = (e.extensions as Record<string, string>)[name] as string;
  }
  return { key: e.subject, value: Buffer.from(e.data), headers };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(header: string, value: Buffer | Uint8Array | string, attribute?: string): string {
  if (typeof value === 'string') return value;
  // Buffer's decoder is the cheaper (a message carries 15 headers); TextDecoder strips a leading BOM.
  const startsWithBom = value.length >= 3 && value[0] === 0xef && value[1] === 0xbb && value[2] === 0xbf;
  if (!startsWithBom && isUtf8(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  try {
    return utf8.decode(value);
  } catch {
    throw new EnvelopeError({
      attribute: attribute ?? attributeOfHeader(header),
      header,
      problem: 'is not valid UTF-8',
    });
  }
}

/** Header name (lowercased) -> its single text value; a header repeated with different values is an error. */
function readHeaders(raw: Readonly<Record<string, KafkaHeaderValue>>): Map<string, string> {
  const headers = new Map<string, string>();
  const add = (name: string, value: Buffer | Uint8Array | string) => {
    const decoded = text(name, value);
    const previous = headers.get(name);
    if (previous !== undefined && previous !== decoded) {
      throw new EnvelopeError({
        attribute: attributeOfHeader(name),
        header: name,
        problem: `appears more than once with different values (${JSON.stringify(previous)}, ${JSON.stringify(decoded)})`,
      });
    }
    headers.set(name, decoded);
  };
  // Every message carries some 15 headers: no array per header or per message beyond the names.
  for (const rawName of Object.keys(raw)) {
    const rawValue = raw[rawName];
    if (rawValue === undefined || rawValue === null) continue;
    const name = rawName.toLowerCase();
    if (Array.isArray(rawValue))
      for (const value of rawValue as ReadonlyArray<Buffer | Uint8Array | string>) add(name, value);
    else add(name, rawValue as Buffer | Uint8Array | string);
  }
  return headers;
}

function attributeOfHeader(header: string): string {
  const known = HEADER_ATTRIBUTES.find((a) => KAFKA_HEADERS[a] === header);
  if (known !== undefined) return known;
  return header.startsWith(CE_HEADER_PREFIX) ? header.slice(CE_HEADER_PREFIX.length) : header;
}

function bytesOf(value: Buffer | Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * The envelope carried by a consumed Kafka message (binary content mode). Header names are read
 * case-insensitively and their values may be Buffers, strings or arrays of them (kafkajs). Throws an
 * EnvelopeError naming the header when a required one is missing or a value is invalid, when the key
 * is not the subject, or when the value is null. An invalid `traceparent` is dropped with its
 * `tracestate` (W3C: start a new trace) rather than failing the event. Further `ce_*` headers become
 * `extensions`; other headers are ignored.
 */
export function fromKafkaMessage(message: IncomingKafkaMessage): EventEnvelope {
  const headers = readHeaders(message.headers ?? {});

  const candidate: Record<string, unknown> = {};
  for (const attribute of HEADER_ATTRIBUTES) {
    if (attribute === 'traceparent' || attribute === 'tracestate') continue;
    const value = headers.get(KAFKA_HEADERS[attribute]);
    if (value !== undefined || attribute !== 'dataschema') candidate[attribute] = value;
  }
  // content-type may carry parameters and any letter case: "application/protobuf; charset=binary".
  const contentType = candidate['datacontenttype'];
  if (typeof contentType === 'string') {
    const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
    if (mediaType === PROTOBUF_CONTENT_TYPE) candidate['datacontenttype'] = PROTOBUF_CONTENT_TYPE;
  }
  // In binary mode the content type is the content-type header; a ce_datacontenttype header is not
  // read (nor taken for an extension: ATTRIBUTE_HEADERS).

  // The plain W3C headers first; their ce_ forms only in their absence (else they are extensions).
  const plainTraceparent = headers.get(KAFKA_HEADERS.traceparent);
  const plainTracestate = headers.get(KAFKA_HEADERS.tracestate);
  const traceparent = plainTraceparent ?? headers.get(`${CE_HEADER_PREFIX}traceparent`);
  const tracestate = plainTracestate ?? headers.get(`${CE_HEADER_PREFIX}tracestate`);
  if (traceparent !== undefined && isValidTraceparent(traceparent)) {
    candidate['traceparent'] = traceparent;
    if (tracestate !== undefined && tracestate.length > 0) candidate['tracestate'] = tracestate;
  }

  const extensions: Record<string, string> = {};
  for (const [header, value] of headers) {
    if (!header.startsWith(CE_HEADER_PREFIX) || ATTRIBUTE_HEADERS.has(header)) continue;
    if (header === `${CE_HEADER_PREFIX}traceparent` && plainTraceparent === undefined) continue;
    if (header === `${CE_HEADER_PREFIX}tracestate` && plainTracestate === undefined) continue;
    extensions[header.slice(CE_HEADER_PREFIX.length)] = value;
  }
  if (Object.keys(extensions).length > 0) candidate['extensions'] = extensions;

  const { value } = message;
  if (value === null || value === undefined) {
    throw new EnvelopeError({
      attribute: 'data',
      header: 'value',
      problem: 'the Kafka message value is null (a tombstone?), must hold the event data (protobuf bytes)',
    });
  }
  if (typeof value === 'string') {
    throw new EnvelopeError({
      attribute: 'data',
      header: 'value',
      problem: 'the Kafka message value is a string, must be bytes (protobuf)',
    });
  }
  candidate['data'] = bytesOf(value);

  const envelope = checkEnvelope(candidate, headerOfAttribute);

  const { key } = message;
  if (key === null || key === undefined) {
    throw new EnvelopeError({
      attribute: 'subject',
      header: 'key',
      problem: `the Kafka message key is missing, must be the subject ${JSON.stringify(envelope.subject)}`,
    });
  }
  const keyText =
    typeof key === 'string' ? key : types.isUint8Array(key) ? text('key', key, 'subject') : String(key);
  if (keyText !== envelope.subject) {
    throw new EnvelopeError({
      attribute: 'subject',
      header: 'key',
      problem: `the Kafka message key ${JSON.stringify(keyText)} differs from ce_subject ${JSON.stringify(envelope.subject)}`,
    });
  }
  return envelope;
}
