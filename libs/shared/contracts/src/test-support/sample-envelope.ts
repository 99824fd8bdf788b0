// A valid envelope with every optional attribute, for the contracts' own tests.
import { encodeEventData, IntakeEventTypes } from '../event-types';
import type { EventEnvelope } from '../envelope/event-envelope';
import { LOT_ID, SAMPLE_EVENT_DATA } from './sample-events';

export const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

export function sampleEnvelope(overrides: Partial<Record<keyof EventEnvelope, unknown>> = {}): EventEnvelope {
  return {
    id: '01JQ8X3W0A1B2C3D4E5F6G7H8J',
    source: '/rre/intake',
    type: IntakeEventTypes.LotRegistered,
    specversion: '1.0',
    time: '2026-01-31T09:30:00.123456Z',
    subject: LOT_ID,
    datacontenttype: 'application/protobuf',
    data: encodeEventData(IntakeEventTypes.LotRegistered, SAMPLE_EVENT_DATA[IntakeEventTypes.LotRegistered]),
    sequence: '7',
    correlationid: '01JQ8X2Z9Y8X7W6V5T4S3R2Q1P',
    causationid: 'req_5b0f1e',
    actorsub: 'usr_7f3a9c',
    actororg: 'org_plant_kitakyushu',
    traceparent: TRACEPARENT,
    tracestate: 'rre=t61rcWkgMzE,congo=ucfJifl5GOE',
    ...overrides,
  } as EventEnvelope;
}
