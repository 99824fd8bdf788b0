// An independent reader: the CloudEvents SDK's own Kafka protocol binding (the `cloudevents`
// package, v10) must read what toKafkaMessage writes, and fromKafkaMessage must read what the SDK
// writes in binary mode.
import { CloudEvent, Kafka, type KafkaMessage } from 'cloudevents';
import { decodeEventData, IntakeEventTypes } from '../event-types';
import { LOT_ID } from '../test-support/sample-events';
import { sampleEnvelope, TRACEPARENT } from '../test-support/sample-envelope';
import { fromKafkaMessage, toKafkaMessage } from './kafka-binding';

describe('the cloudevents SDK reads our Kafka messages', () => {
  const envelope = sampleEnvelope();
  const record = toKafkaMessage(envelope);
  const message: KafkaMessage<Buffer> = {
    headers: record.headers,
    key: record.key,
    value: record.value,
    body: record.value,
  };

  it('detects a CloudEvent in binary mode', () => {
    expect(Kafka.isEvent(message)).toBe(true);
  });

  it('parses it with every context attribute and our extensions, and finds it valid', () => {
    const parsed = Kafka.toEvent(message);
    expect(Array.isArray(parsed)).toBe(false);
    const event = parsed as CloudEvent<Buffer>;

    expect(event.specversion).toBe('1.0');
    expect(event.id).toBe(envelope.id);
    expect(event.type).toBe('rre.intake.lot.registered.v1');
    expect(event.source).toBe('/rre/intake');
    expect(event.subject).toBe(LOT_ID);
    expect(event.datacontenttype).toBe('application/protobuf');
    // The SDK normalises time to milliseconds (Date#toISOString); the instant is the same.
    expect(event.time).toBe('2026-01-31T09:30:00.123Z');
    expect(Date.parse(event.time as string)).toBe(Date.parse(envelope.time));

    expect(event['sequence']).toBe('7');
    expect(event['correlationid']).toBe(envelope.correlationid);
    expect(event['causationid']).toBe(envelope.causationid);
    expect(event['actorsub']).toBe('usr_7f3a9c');
    expect(event['actororg']).toBe('org_plant_kitakyushu');
    expect(event['partitionkey']).toBe(LOT_ID);

    // The SDK's own validation (JSON schema of CloudEvents 1.0 and attribute-name rules).
    expect(event.validate()).toBe(true);

    // Its data is our protobuf message.
    const data = decodeEventData(IntakeEventTypes.LotRegistered, event.data as Buffer);
    expect(data.lot?.lotId).toBe(LOT_ID);
    expect(data.weighedNetMass?.value).toBe('1248.317');
  });

  it('keeps the W3C trace headers out of the CloudEvent (they are transport headers, for OpenTelemetry)', () => {
    const event = Kafka.toEvent(message) as CloudEvent<Buffer>;
    expect(event['traceparent']).toBeUndefined();
    expect(record.headers['traceparent']).toBe(TRACEPARENT);
  });
});

describe('we read the cloudevents SDK’s Kafka messages', () => {
  it('reads a binary-mode message the SDK wrote from a CloudEvent with our attributes', () => {
    const envelope = sampleEnvelope({
      traceparent: undefined,
      tracestate: undefined,
      time: '2026-01-31T09:30:00.123Z',
    });
    const event = new CloudEvent<Buffer>({
      id: envelope.id,
      source: envelope.source,
      type: envelope.type,
      subject: envelope.subject,
      time: envelope.time,
      datacontenttype: 'application/protobuf',
      data: Buffer.from(envelope.data),
      partitionkey: envelope.subject,
      sequence: envelope.sequence,
      correlationid: envelope.correlationid,
      causationid: envelope.causationid,
      actorsub: envelope.actorsub,
      actororg: envelope.actororg,
    });
    const written = Kafka.binary(event);

    const read = fromKafkaMessage({
      key: written.key,
      value: written.value as Buffer,
      headers: written.headers as Record<string, string | undefined>,
    });

    expect(read).toEqual({ ...envelope, extensions: { partitionkey: envelope.subject } });
  });
});
