import type { KafkaMessage as KafkajsConsumed, Message as KafkajsMessage } from 'kafkajs';
import { decodeEventData, IntakeEventTypes } from '../event-types';
import { LOT_ID } from '../test-support/sample-events';
import { sampleEnvelope, TRACEPARENT } from '../test-support/sample-envelope';
import { EnvelopeError } from './envelope-error';
import {
  fromKafkaMessage,
  type IncomingKafkaMessage,
  type KafkaHeaderValue,
  toKafkaMessage,
} from './kafka-binding';

function errorOf(message: IncomingKafkaMessage): EnvelopeError {
  try {
    fromKafkaMessage(message);
  } catch (error: unknown) {
    if (error instanceof EnvelopeError) return error;
    throw error;
  }
  throw new Error('expected an EnvelopeError');
}

/** A record as kafkajs's consumer hands it over: Buffer key, value and header values. */
function asConsumed(record: ReturnType<typeof toKafkaMessage>): IncomingKafkaMessage {
  return {
    key: Buffer.from(record.key),
    value: Buffer.from(record.value),
    headers: Object.fromEntries(
      Object.entries(record.headers).map(([name, value]) => [name, Buffer.from(value)]),
    ),
  };
}

function withHeaders(
  record: ReturnType<typeof toKafkaMessage>,
  change: Record<string, KafkaHeaderValue>,
): IncomingKafkaMessage {
  const headers: Record<string, KafkaHeaderValue> = { ...record.headers, ...change };
  for (const [name, value] of Object.entries(change)) if (value === undefined) delete headers[name];
  return { ...record, headers };
}

describe('toKafkaMessage', () => {
  it('writes binary content mode: key = subject, value = data, ce_* headers, W3C trace headers', () => {
    const envelope = sampleEnvelope();
    const record = toKafkaMessage(envelope);
    expect(record.key).toBe(LOT_ID);
    expect(Buffer.isBuffer(record.value)).toBe(true);
    expect(new Uint8Array(record.value)).toEqual(envelope.data);
    expect(record.headers).toEqual({
      ce_id: '01JQ8X3W0A1B2C3D4E5F6G7H8J',
      ce_source: '/rre/intake',
      ce_specversion: '1.0',
      ce_type: 'rre.intake.lot.registered.v1',
      ce_time: '2026-01-31T09:30:00.123456Z',
      ce_subject: LOT_ID,
      'content-type': 'application/protobuf',
      ce_sequence: '7',
      ce_correlationid: '01JQ8X2Z9Y8X7W6V5T4S3R2Q1P',
      ce_causationid: 'req_5b0f1e',
      ce_actorsub: 'usr_7f3a9c',
      ce_actororg: 'org_plant_kitakyushu',
      traceparent: TRACEPARENT,
      tracestate: 'rre=t61rcWkgMzE,congo=ucfJifl5GOE',
    });
  });

  it('leaves out absent optional headers and writes further extensions as ce_<name>', () => {
    const record = toKafkaMessage(
      sampleEnvelope({ traceparent: undefined, tracestate: undefined, extensions: { tenant: 't1' } }),
    );
    expect(Object.keys(record.headers)).not.toContain('traceparent');
    expect(Object.keys(record.headers)).not.toContain('tracestate');
    expect(record.headers['ce_tenant']).toBe('t1');
  });

  it('copies the data, so that changing the envelope afterwards does not change the message', () => {
    const envelope = sampleEnvelope();
    const record = toKafkaMessage(envelope);
    (envelope.data as Uint8Array)[0] = 0xff;
    expect(record.value[0]).not.toBe(0xff);
  });

  it('validates the envelope, naming the header', () => {
    expect(() => toKafkaMessage(sampleEnvelope({ sequence: '0' }))).toThrow(
      'invalid CloudEvents envelope: ce_sequence (sequence): got "0", must be a positive integer',
    );
    expect(() => toKafkaMessage(sampleEnvelope({ datacontenttype: 'application/json' }))).toThrow(
      'content-type (datacontenttype): got "application/json", must be "application/protobuf"',
    );
  });
});

describe('fromKafkaMessage', () => {
  it('round-trips an envelope through the strings toKafkaMessage writes', () => {
    const envelope = sampleEnvelope({ extensions: { tenant: 't1' } });
    expect(fromKafkaMessage(toKafkaMessage(envelope))).toEqual(envelope);
  });

  it('round-trips an envelope through Buffers, as kafkajs delivers them', () => {
    const envelope = sampleEnvelope();
    const read = fromKafkaMessage(asConsumed(toKafkaMessage(envelope)));
    expect(read).toEqual(envelope);
    expect(read.data).toBeInstanceOf(Uint8Array);
    expect(decodeEventData(IntakeEventTypes.LotRegistered, read.data).lot?.lotId).toBe(LOT_ID);
  });

  it('round-trips an envelope without trace context', () => {
    const envelope = sampleEnvelope({ traceparent: undefined, tracestate: undefined });
    expect(fromKafkaMessage(toKafkaMessage(envelope))).toEqual(envelope);
  });

  it('reads repeated headers with one value, header names in any case, and content-type parameters', () => {
    const record = toKafkaMessage(sampleEnvelope());
    const read = fromKafkaMessage(
      withHeaders(record, {
        ce_id: undefined,
        CE_ID: [Buffer.from(record.headers['ce_id'] as string), record.headers['ce_id'] as string],
        'content-type': undefined,
        'Content-Type': 'Application/Protobuf; charset=binary',
      }),
    );
    expect(read.id).toBe(record.headers['ce_id']);
    expect(read.datacontenttype).toBe('application/protobuf');
  });

  it('ignores headers that are not CloudEvents attributes', () => {
    const record = toKafkaMessage(sampleEnvelope());
    const read = fromKafkaMessage(withHeaders(record, { 'x-rre-dlq-reason': 'timeout', baggage: 'k=v' }));
    expect(read).toEqual(sampleEnvelope());
  });

  it.each([
    'ce_id',
    'ce_source',
    'ce_specversion',
    'ce_type',
    'ce_time',
    'ce_subject',
    'content-type',
    'ce_sequence',
    'ce_correlationid',
    'ce_causationid',
    'ce_actorsub',
    'ce_actororg',
  ])('names a missing %s header', (header) => {
    const error = errorOf(withHeaders(toKafkaMessage(sampleEnvelope()), { [header]: undefined }));
    expect(error.header).toBe(header);
    expect(error.message).toMatch(
      new RegExp(`^invalid CloudEvents envelope: ${header} \\(\\w+\\): is missing`),
    );
  });

  it.each([
    ['ce_specversion', '0.3', 'ce_specversion (specversion): got "0.3", must be "1.0"'],
    ['ce_time', 'yesterday', 'ce_time (time): got "yesterday", must be an RFC 3339 timestamp'],
    ['ce_sequence', 'seven', 'ce_sequence (sequence): got "seven", must be a positive integer'],
    ['ce_sequence', '0', 'ce_sequence (sequence): got "0", must be a positive integer'],
    ['ce_id', 'not-an-id', 'ce_id (id): got "not-an-id", must be a ULID or a UUID'],
    [
      'content-type',
      'application/cloudevents+json',
      'content-type (datacontenttype): got "application/cloudevents+json"',
    ],
    ['ce_actorsub', 'taro@example.com', 'ce_actorsub (actorsub): got an e-mail address'],
    ['ce_Tenant-Id', 'x', 'ce_tenant-id (tenant-id): is not a valid extension attribute name'],
  ])('names an invalid %s header (%j)', (header, value, message) => {
    const error = errorOf(withHeaders(toKafkaMessage(sampleEnvelope()), { [header]: value }));
    expect(error).toBeInstanceOf(EnvelopeError);
    expect(error.message).toContain(message);
  });

  it('refuses a header repeated with different values', () => {
    const error = errorOf(withHeaders(toKafkaMessage(sampleEnvelope()), { ce_sequence: ['7', '8'] }));
    expect(error.message).toBe(
      'invalid CloudEvents envelope: ce_sequence (sequence): appears more than once with different values ("7", "8")',
    );
  });

  it('refuses header bytes that are not UTF-8', () => {
    const error = errorOf(
      withHeaders(toKafkaMessage(sampleEnvelope()), { ce_actororg: Buffer.from([0xc3, 0x28]) }),
    );
    expect(error.message).toBe('invalid CloudEvents envelope: ce_actororg (actororg): is not valid UTF-8');
  });

  it('refuses a null value (tombstone) and a missing or different key', () => {
    const record = toKafkaMessage(sampleEnvelope());
    expect(errorOf({ ...record, value: null }).message).toContain(
      'value (data): the Kafka message value is null',
    );
    expect(errorOf({ ...record, key: null }).message).toContain(
      'key (subject): the Kafka message key is missing',
    );
    expect(errorOf({ ...record, key: Buffer.from('01JQ8XOTHER0000000000000000') }).message).toContain(
      'key (subject): the Kafka message key "01JQ8XOTHER0000000000000000" differs from ce_subject',
    );
  });

  it('drops an invalid traceparent with its tracestate instead of failing the event (W3C: restart the trace)', () => {
    const record = toKafkaMessage(sampleEnvelope());
    const read = fromKafkaMessage(withHeaders(record, { traceparent: 'garbage' }));
    expect(read.traceparent).toBeUndefined();
    expect(read.tracestate).toBeUndefined();
    expect(read.id).toBe(record.headers['ce_id']);
  });

  it('reads trace context written as CloudEvents distributed-tracing extension headers too', () => {
    const record = toKafkaMessage(sampleEnvelope({ tracestate: undefined }));
    const read = fromKafkaMessage(
      withHeaders(record, { traceparent: undefined, ce_traceparent: TRACEPARENT }),
    );
    expect(read.traceparent).toBe(TRACEPARENT);
    expect(read.extensions).toBeUndefined();
  });

  it('reads the content type from content-type in binary mode: a ce_datacontenttype is neither read nor an extension', () => {
    const record = toKafkaMessage(sampleEnvelope());
    const read = fromKafkaMessage(withHeaders(record, { ce_datacontenttype: 'text/plain' }));
    expect(read.datacontenttype).toBe('application/protobuf');
    expect(read.extensions).toBeUndefined();
  });

  it('keeps unknown ce_* headers (a newer producer) as extensions, so a relay or replay keeps them', () => {
    const record = toKafkaMessage(sampleEnvelope());
    const read = fromKafkaMessage(withHeaders(record, { ce_partitionkey: LOT_ID, ce_priority: 'high' }));
    expect(read.extensions).toEqual({ partitionkey: LOT_ID, priority: 'high' });
    expect(toKafkaMessage(read).headers).toMatchObject({ ce_partitionkey: LOT_ID, ce_priority: 'high' });
  });

  it('accepts an empty value: the data of a message whose fields are all at their defaults', () => {
    const envelope = sampleEnvelope({ data: new Uint8Array() });
    expect(fromKafkaMessage(toKafkaMessage(envelope)).data).toEqual(new Uint8Array());
  });
});

describe('kafkajs types', () => {
  it('fit: a KafkaRecord is a kafkajs Message, a kafkajs KafkaMessage is an IncomingKafkaMessage', () => {
    const record = toKafkaMessage(sampleEnvelope());
    const produced: KafkajsMessage = record;
    const consumed: KafkajsConsumed = {
      key: Buffer.from(record.key),
      value: record.value,
      headers: record.headers,
      timestamp: '1769851800123',
      attributes: 0,
      offset: '42',
    };
    const incoming: IncomingKafkaMessage = consumed;
    expect(fromKafkaMessage(incoming)).toEqual(fromKafkaMessage(produced as IncomingKafkaMessage));
  });
});
