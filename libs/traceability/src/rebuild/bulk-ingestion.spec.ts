import type { EventEnvelope } from '@rre/contracts';
import { UnprocessableEventError } from '@rre/messaging';
import type { EntityManager } from 'typeorm';
import { BulkIngestion } from './bulk-ingestion';

const manager = {} as EntityManager;
const event = (id: string, subject: string, sequence: number, source = '/rre/concentration') => ({
  envelope: {
    id,
    subject,
    sequence: String(sequence),
    source,
    type: 'rre.concentration.lot.received.v1',
  } as EventEnvelope,
  topic: 'rre.concentration.lot-events.v1',
});
const ids = (events: readonly { envelope: EventEnvelope }[]) => events.map((each) => each.envelope.id);

describe('the bulk rebuild gate (in memory, as PredecessorGate)', () => {
  it('holds an event until its stream predecessor is released, then releases the held ones in sequence', async () => {
    const gate = new BulkIngestion('g');
    expect(await gate.admit(manager, event('a3', 'A', 3))).toEqual([]);
    expect(await gate.admit(manager, event('a2', 'A', 2))).toEqual([]);
    expect(await gate.admit(manager, event('b1', 'B', 1))).toHaveLength(1);
    expect(gate.heldEvents).toBe(2);
    expect(ids(await gate.admit(manager, event('a1', 'A', 1)))).toEqual(['a1', 'a2', 'a3']);
    expect(gate.heldEvents).toBe(0);
    // Another service's stream of the same subject is its own.
    expect(ids(await gate.admit(manager, event('i1', 'A', 1, '/rre/intake')))).toEqual(['i1']);
  });

  it('releases nothing for a redelivered event and refuses another event with a released sequence', async () => {
    const gate = new BulkIngestion('g');
    await gate.admit(manager, event('a1', 'A', 1));
    expect(await gate.admit(manager, event('a1', 'A', 1))).toEqual([]);
    await expect(gate.admit(manager, event('x1', 'A', 1))).rejects.toThrow(
      new UnprocessableEventError(
        'event x1 has sequence 1 of stream "/rre/concentration A", which gate g has released already (up to 1) for another event',
      ),
    );
  });

  it("counts a redelivery once in the inbox and keeps a held event's recorded time until it is released", async () => {
    const gate = new BulkIngestion('g');
    expect([gate.firstDelivery('e1'), gate.firstDelivery('e1'), gate.firstDelivery('e2')]).toEqual([
      true,
      false,
      true,
    ]);
    const at = new Date('2026-11-28T08:00:00Z');
    await gate.keepRecordedTimeForHeld(manager, 'e2', at);
    expect(await gate.takeRecordedTimeForReleased(manager, 'e2')).toEqual(at);
    expect(await gate.takeRecordedTimeForReleased(manager, 'e2')).toBeUndefined();
  });
});
