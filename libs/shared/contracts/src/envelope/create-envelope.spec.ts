import { create } from '@bufbuild/protobuf';
import {
  ALL_EVENT_TYPES,
  EventDataError,
  type EventType,
  IntakeEventTypes,
  UnknownEventTypeError,
} from '../event-types';
import { LotAssayedSchema, ScreeningOutcome } from '../proto/intake-v1';
import { LOT_ID, SAMPLE_EVENT_DATA } from '../test-support/sample-events';
import { sampleEnvelope } from '../test-support/sample-envelope';
import { createEnvelope, decodeEvent } from './create-envelope';
import { EnvelopeError } from './envelope-error';
import { fromKafkaMessage, toKafkaMessage } from './kafka-binding';

const context = {
  sequence: 1,
  correlationid: '01JQ8X2Z9Y8X7W6V5T4S3R2Q1P',
  causationid: 'req_5b0f1e',
  actorsub: 'usr_7f3a9c',
  actororg: 'org_plant_kitakyushu',
};

describe('createEnvelope', () => {
  it('fills in id, time, source, specversion, content type and the subject from the lot', () => {
    const before = Date.now();
    const envelope = createEnvelope({
      type: IntakeEventTypes.LotScreened,
      data: SAMPLE_EVENT_DATA[IntakeEventTypes.LotScreened],
      ...context,
    });
    expect(envelope).toMatchObject({
      source: '/rre/intake',
      type: 'rre.intake.lot.screened.v1',
      specversion: '1.0',
      subject: LOT_ID,
      datacontenttype: 'application/protobuf',
      sequence: '1',
    });
    expect(envelope.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Date.parse(envelope.time)).toBeGreaterThanOrEqual(before);
    expect(envelope.traceparent).toBeUndefined();
  });

  it('takes the given id, time (Date or string), bigint sequence and trace context', () => {
    const envelope = createEnvelope({
      type: IntakeEventTypes.LotReleased,
      data: SAMPLE_EVENT_DATA[IntakeEventTypes.LotReleased],
      ...context,
      sequence: 12n,
      id: '0b7e4a2c-3a8f-4f5e-9b1d-2f6c8e9a0d13',
      time: new Date('2026-02-01T10:00:00Z'),
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    expect(envelope.id).toBe('0b7e4a2c-3a8f-4f5e-9b1d-2f6c8e9a0d13');
    expect(envelope.time).toBe('2026-02-01T10:00:00.000Z');
    expect(envelope.sequence).toBe('12');
    expect(envelope.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });

  it('refuses a subject that is not the event’s lot, and requires one when the data has no lot', () => {
    expect(() =>
      createEnvelope({
        type: IntakeEventTypes.LotRegistered,
        data: SAMPLE_EVENT_DATA[IntakeEventTypes.LotRegistered],
        ...context,
        subject: '01JQ8X00000000000000000000',
      }),
    ).toThrow(EnvelopeError);
    expect(() => createEnvelope({ type: IntakeEventTypes.LotRegistered, data: {}, ...context })).toThrow(
      'invalid CloudEvents envelope: subject: is missing: give it, or the lot (lot.lotId) in the data',
    );
  });

  it('refuses invalid context, a message of another type and an unknown type', () => {
    const data = SAMPLE_EVENT_DATA[IntakeEventTypes.LotRegistered];
    expect(() =>
      createEnvelope({ type: IntakeEventTypes.LotRegistered, data, ...context, sequence: 0 }),
    ).toThrow('sequence: got "0", must be a positive integer');
    expect(() =>
      createEnvelope({ type: IntakeEventTypes.LotRegistered, data, ...context, sequence: 1.5 }),
    ).toThrow('sequence: got 1.5, must be a positive safe integer');
    expect(() =>
      createEnvelope({ type: IntakeEventTypes.LotRegistered, data, ...context, actorsub: 'a.b@example.com' }),
    ).toThrow('actorsub: got an e-mail address');
    expect(() =>
      createEnvelope({
        type: IntakeEventTypes.LotRegistered,
        data: create(LotAssayedSchema, { lot: { lotId: LOT_ID } }) as never,
        ...context,
      }),
    ).toThrow(EventDataError);
    expect(() =>
      createEnvelope({ type: 'rre.intake.lot.vanished.v1' as EventType, data: {} as never, ...context }),
    ).toThrow(UnknownEventTypeError);
  });
});

describe('decodeEvent', () => {
  it.each(ALL_EVENT_TYPES.map((d) => d.type as EventType))(
    '%s: createEnvelope -> Kafka -> fromKafkaMessage -> decodeEvent gives the event back',
    (type) => {
      const envelope = createEnvelope({ type, data: SAMPLE_EVENT_DATA[type] as never, ...context });
      const decoded = decodeEvent(fromKafkaMessage(toKafkaMessage(envelope)));
      expect(decoded.type).toBe(type);
      expect(decoded.message.$typeName).toBe(ALL_EVENT_TYPES.find((d) => d.type === type)?.schema.typeName);
      expect(decoded.message.lot?.lotId).toBe(LOT_ID);
    },
  );

  it('narrows the message by its type', () => {
    const decoded = decodeEvent(
      createEnvelope({
        type: IntakeEventTypes.LotScreened,
        data: SAMPLE_EVENT_DATA[IntakeEventTypes.LotScreened],
        ...context,
      }),
    );
    if (decoded.type !== IntakeEventTypes.LotScreened) throw new Error('wrong type');
    expect(decoded.message.outcome).toBe(ScreeningOutcome.CLEARED);
    expect(decoded.message.sumOfRatios).toBe('0.3177');
  });

  it('throws UnknownEventTypeError for a type this version does not know', () => {
    expect(() => decodeEvent(sampleEnvelope({ type: 'rre.intake.lot.registered.v2' }))).toThrow(
      UnknownEventTypeError,
    );
  });
});
