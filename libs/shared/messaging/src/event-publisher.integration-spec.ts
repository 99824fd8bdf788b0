import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  uniqueSchemaName,
  type TestDatabase,
} from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { EventPublisher, type PublishRequest } from './event-publisher';
import { messagingTables } from './messaging-tables';
import { messagingMigrations } from './messaging-tables.migration';

describe('EventPublisher.publishAll', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let schema: string;
  const publisher = new EventPublisher({ service: 'test' });
  const request = (lot: string, byte = 1): PublishRequest => ({
    topic: 'rre.test.lot-events.v1',
    type: 'rre.test.lot.noted.v1',
    subject: lot,
    data: new Uint8Array([byte]),
  });

  beforeAll(async () => {
    database = await openTestDatabase();
    schema = uniqueSchemaName('msg_pub');
    dataSource = await openServiceDatabase({
      url: database.url,
      service: schema,
      poolSize: 4,
      entities: [],
      migrations: [...messagingMigrations],
    });
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource?.destroy();
    await database?.close();
  });

  async function outbox(): Promise<string[]> {
    const rows = (await dataSource.query(
      `SELECT key, sequence::text AS sequence, data FROM ${messagingTables(schema).outbox} ORDER BY id`,
    )) as { key: string; sequence: string; data: Buffer }[];
    return rows.map((row) => `${row.key}${row.sequence}:${row.data[0]}`);
  }

  it('numbers each lot on from its last sequence, in the order given, with outbox ids in that order', async () => {
    await inTransaction(dataSource, (manager) => publisher.publish(manager, request('A', 0)));
    const published = await inTransaction(dataSource, (manager) =>
      publisher.publishAll(manager, [
        request('B', 1),
        request('A', 2),
        request('B', 3),
        request('C', 4),
        request('A', 5),
        request('B', 6),
      ]),
    );
    expect(published.map((envelope) => `${envelope.subject}${envelope.sequence}`)).toEqual([
      'B1',
      'A2',
      'B2',
      'C1',
      'A3',
      'B3',
    ]);
    expect(new Set(published.map((envelope) => envelope.id)).size).toBe(6);
    await inTransaction(dataSource, (manager) => publisher.publish(manager, request('A', 7)));
    expect(await outbox()).toEqual(['A1:0', 'B1:1', 'A2:2', 'B2:3', 'C1:4', 'A3:5', 'B3:6', 'A4:7']);
  });

  it('writes nothing when the transaction rolls back, or when one request is invalid; [] publishes nothing', async () => {
    const before = await outbox();
    await expect(
      inTransaction(dataSource, async (manager) => {
        await publisher.publishAll(manager, [request('A', 8), request('D', 9)]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await expect(
      inTransaction(dataSource, (manager) =>
        publisher.publishAll(manager, [request('A', 10), { ...request('D', 11), subject: '' }]),
      ),
    ).rejects.toThrow('subject');
    expect(await inTransaction(dataSource, (manager) => publisher.publishAll(manager, []))).toEqual([]);
    expect(await outbox()).toEqual(before);
    await expect(publisher.publishAll(dataSource.manager, [request('A')])).rejects.toThrow(
      'EventPublisher.publishAll: call it with the manager of an open transaction (inTransaction)',
    );
  });

  it('runs an alongside statement in the same statement: the change and its events in one round trip, or neither', async () => {
    const notes = `"${schema}".lot_note`;
    await dataSource.query(`CREATE TABLE ${notes} (event_id text PRIMARY KEY, note text NOT NULL)`);
    const noteEach = (note: string) => (envelopes: readonly { id: string }[]) => ({
      sql: `INSERT INTO ${notes} (event_id, note) SELECT id, $2 FROM unnest($1::text[]) AS id`,
      parameters: [envelopes.map((envelope) => envelope.id), note],
    });
    const statements: string[] = [];
    const published = await inTransaction(dataSource, (manager) => {
      const query = manager.query.bind(manager);
      manager.query = ((sql: string, parameters?: unknown[]) => {
        statements.push(sql);
        return query(sql, parameters);
      }) as typeof manager.query;
      return publisher.publishAll(manager, [request('N', 1), request('N', 2)], {
        alongside: noteEach('$1 noted'),
      });
    });
    expect(statements).toHaveLength(1);
    expect(published.map((envelope) => `${envelope.subject}${envelope.sequence}`)).toEqual(['N1', 'N2']);
    const rows = (await dataSource.query(`SELECT event_id, note FROM ${notes} ORDER BY note, event_id`)) as {
      event_id: string;
      note: string;
    }[];
    expect(rows).toEqual(
      published
        .map((envelope) => ({ event_id: envelope.id, note: '$1 noted' }))
        .sort((a, b) => (a.event_id < b.event_id ? -1 : 1)),
    );
    const before = await outbox();
    await expect(
      inTransaction(dataSource, (manager) =>
        publisher.publishAll(manager, [request('N', 3)], {
          alongside: () => ({
            sql: `INSERT INTO ${notes} (event_id, note) VALUES ($1, NULL)`,
            parameters: ['x'],
          }),
        }),
      ),
    ).rejects.toThrow(/null value in column "note"/);
    expect(await outbox()).toEqual(before);
  });

  it('keeps each lot gap-free and in order under 8 concurrent writers sharing lots, without deadlocks', async () => {
    const lots = ['P', 'Q', 'R'];
    await Promise.all(
      Array.from({ length: 8 }, (_, writer) =>
        (async () => {
          for (let round = 0; round < 5; round++) {
            // Each writer names the lots in another order; no deadlock retries are allowed.
            await inTransaction(dataSource, (manager) =>
              publisher.publishAll(
                manager,
                Array.from({ length: 6 }, (_, i) => request(lots[(writer + round + i) % 3] as string)),
              ),
            );
          }
        })(),
      ),
    );
    const rows = (await dataSource.query(
      `SELECT key, sequence::int AS sequence FROM ${messagingTables(schema).outbox}
       WHERE key = ANY($1::text[]) ORDER BY id`,
      [lots],
    )) as { key: string; sequence: number }[];
    expect(rows).toHaveLength(240);
    for (const lot of lots) {
      expect(rows.filter((row) => row.key === lot).map((row) => row.sequence)).toEqual(
        Array.from({ length: 80 }, (_, i) => i + 1),
      );
    }
  });
});
