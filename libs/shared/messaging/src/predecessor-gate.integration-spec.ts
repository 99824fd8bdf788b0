import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventEnvelope } from '@rre/contracts';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  uniqueSchemaName,
  type TestDatabase,
} from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { UnprocessableEventError } from './event-consumer-definition';
import { messagingMigrations } from './messaging-tables.migration';
import { type GatedEvent, PredecessorGate } from './predecessor-gate';
import { predecessorGateMigrations } from './predecessor-gate.migration';

let counter = 0;
/** Event ids are ULIDs; the tests name events A1, I2 ... */
const ids = new Map<string, string>();
const names = new Map<string, string>();
function idOf(name: string): string {
  let id = ids.get(name);
  if (id === undefined) {
    id = ulid();
    ids.set(name, id);
    names.set(id, name);
  }
  return id;
}
const nameOf = (id: string) => names.get(id) ?? id;

/** Event `name` of lot `lot`, number `sequence` of its source's stream; `causation` defaults to itself. */
function event(name: string, source: string, lot: string, sequence: number, causation = name): GatedEvent {
  counter += 1;
  const id = idOf(name);
  const envelope: EventEnvelope = {
    id,
    source: `/rre/${source}`,
    type: 'rre.test.lot.noted.v1',
    specversion: '1.0',
    time: `2026-11-28T10:00:${String(counter % 60).padStart(2, '0')}.000Z`,
    subject: lot,
    datacontenttype: 'application/protobuf',
    data: new Uint8Array([sequence]),
    sequence: String(sequence),
    correlationid: id,
    causationid: idOf(causation),
    actorsub: 'service:test',
    actororg: 'rre',
  };
  return { envelope, topic: `rre.${source}.lot-events.v1` };
}

describe('PredecessorGate', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let schema: string;
  // A traceability-like consumer: each source's lot stream in order, and an event that was caused by
  // another source's event waits for that event (its causation id) too.
  const gateOf = (name: string) =>
    new PredecessorGate({
      name,
      awaitedEventsOf: (envelope) => (envelope.causationid === envelope.id ? [] : [envelope.causationid]),
    });

  beforeAll(async () => {
    database = await openTestDatabase();
    schema = uniqueSchemaName('msg_gate');
    dataSource = await openServiceDatabase({
      url: database.url,
      service: schema,
      poolSize: 3,
      entities: [],
      migrations: [...messagingMigrations, ...predecessorGateMigrations],
    });
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource?.destroy();
    await database?.close();
  });

  async function admit(gate: PredecessorGate, gated: GatedEvent): Promise<string[]> {
    const released = await inTransaction(dataSource, (manager) => gate.admit(manager, gated));
    return released.map(({ envelope }) => `${nameOf(envelope.id)}@${envelope.sequence}`);
  }

  it('releases a stream in sequence order: an early event is held until its predecessors arrive, then released with them', async () => {
    const gate = gateOf('in-order');
    expect(await admit(gate, event('A1', 'intake', 'L1', 1))).toEqual(['A1@1']);
    const a3 = event('A3', 'intake', 'L1', 3);
    expect(await admit(gate, a3)).toEqual([]);
    expect(await admit(gate, event('A4', 'intake', 'L1', 4))).toEqual([]);
    expect(await admit(gate, event('B1', 'intake', 'L2', 1))).toEqual(['B1@1']);
    const held = await gate.held(dataSource);
    expect(held.map((each) => [nameOf(each.envelope.id), each.stream, each.sequence])).toEqual([
      ['A3', '/rre/intake L1', '3'],
      ['A4', '/rre/intake L1', '4'],
    ]);
    expect(held[0]?.envelope).toEqual(a3.envelope);
    expect(held[0]?.topic).toBe('rre.intake.lot-events.v1');
    expect(await admit(gate, event('A2', 'intake', 'L1', 2))).toEqual(['A2@2', 'A3@3', 'A4@4']);
    expect(await gate.held(dataSource)).toEqual([]);
  });

  it("keeps each source's streams apart, and holds an event until the event that caused it is released", async () => {
    const gate = gateOf('causation');
    // Concentration's C1 of lot L1 was caused by intake's I2 of L1; it arrives first.
    expect(await admit(gate, event('C1', 'concentration', 'L1', 1, 'I2'))).toEqual([]);
    expect(await admit(gate, event('I2', 'intake', 'L1', 2))).toEqual([]);
    expect(
      (await gate.held(dataSource)).map((each) => [nameOf(each.envelope.id), each.awaits.map(nameOf)]),
    ).toEqual([
      ['C1', ['I2']],
      ['I2', []],
    ]);
    expect(await admit(gate, event('I1', 'intake', 'L1', 1))).toEqual(['I1@1', 'I2@2', 'C1@1']);
  });

  it('releases nothing for a redelivered event, and nothing changes when the transaction rolls back', async () => {
    const gate = gateOf('redelivery');
    expect(await admit(gate, event('R1', 'intake', 'L1', 1))).toEqual(['R1@1']);
    expect(await admit(gate, event('R3', 'intake', 'L1', 3))).toEqual([]);
    expect(await admit(gate, event('R1', 'intake', 'L1', 1))).toEqual([]);
    expect(await admit(gate, event('R3', 'intake', 'L1', 3))).toEqual([]);
    await expect(
      inTransaction(dataSource, async (manager) => {
        expect((await gate.admit(manager, event('R2', 'intake', 'L1', 2))).length).toBe(2);
        throw new Error('the handler failed');
      }),
    ).rejects.toThrow('the handler failed');
    expect((await gate.held(dataSource)).map((each) => nameOf(each.envelope.id))).toEqual(['R3']);
    // A new gate object (a restart) on the same tables goes on where the database says.
    expect(await admit(gateOf('redelivery'), event('R2', 'intake', 'L1', 2))).toEqual(['R2@2', 'R3@3']);
  });

  it('refuses, as unprocessable, a second event for a sequence number it released already', async () => {
    const gate = gateOf('conflict');
    expect(await admit(gate, event('X1', 'intake', 'L1', 1))).toEqual(['X1@1']);
    const second = admit(gate, event('Y1', 'intake', 'L1', 1));
    await expect(second).rejects.toThrow(UnprocessableEventError);
    await expect(admit(gate, event('Y1', 'intake', 'L1', 1))).rejects.toThrow(
      `event ${idOf('Y1')} has sequence 1 of stream "/rre/intake L1", which gate conflict has released already (up to 1) for another event`,
    );
  });

  it('releases each event once when 4 transactions admit one stream at the same time', async () => {
    const gate = gateOf('concurrent');
    const events = [4, 2, 3, 1, 6, 5, 8, 7].map((n) => event(`K${n}`, 'intake', 'L9', n));
    const released = (
      await Promise.all(
        [0, 1, 2, 3].map(async (worker) => {
          const mine: string[] = [];
          for (const each of events.filter((_, i) => i % 4 === worker))
            mine.push(...(await admit(gate, each)));
          return mine;
        }),
      )
    ).flat();
    expect(released.sort()).toEqual(['K1@1', 'K2@2', 'K3@3', 'K4@4', 'K5@5', 'K6@6', 'K7@7', 'K8@8']);
    expect(await gate.held(dataSource)).toEqual([]);
  });
});
