import type { EventEnvelope } from '@rre/contracts';
import { envelopeFromStored, storedAttributesOf } from './stored-envelope';

describe('stored envelope', () => {
  const envelope: EventEnvelope = {
    id: '01JD0000000000000000000000',
    source: '/rre/intake',
    type: 'rre.intake.lot.corrected.v1',
    specversion: '1.0',
    time: '2026-01-31T09:30:00.000Z',
    subject: '01JD0000000000000000000001',
    datacontenttype: 'application/protobuf',
    data: new Uint8Array([8, 1]),
    sequence: '42',
    correlationid: 'corr',
    causationid: 'cause',
    actorsub: 'service:intake',
    actororg: 'rre',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  };

  it('round-trips through its columns and a JSON attributes column', () => {
    const attributes = JSON.parse(JSON.stringify(storedAttributesOf(envelope)));
    for (const column of ['id', 'type', 'subject', 'sequence', 'data'])
      expect(attributes).not.toHaveProperty(column);
    const back = envelopeFromStored({
      eventId: envelope.id,
      type: envelope.type,
      key: envelope.subject,
      sequence: '42',
      attributes,
      data: Buffer.from([8, 1]),
    });
    expect(back).toEqual(envelope);
  });

  it('refuses a stored envelope that breaks the contract', () => {
    expect(() =>
      envelopeFromStored({
        eventId: 'not-an-id',
        type: envelope.type,
        key: envelope.subject,
        sequence: 1,
        attributes: storedAttributesOf(envelope),
        data: Buffer.alloc(0),
      }),
    ).toThrow('id');
  });
});
