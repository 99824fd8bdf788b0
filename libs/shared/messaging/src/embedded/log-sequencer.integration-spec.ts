import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inTransaction, openServiceDatabase, openTestDatabase, type TestDatabase } from '@rre/persistence';
import { uniqueSchemaName } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { EventPublisher } from '../event-publisher';
import { messagingTables } from '../messaging-tables';
import { messagingMigrations } from '../messaging-tables.migration';
import { LogSequencer } from './log-sequencer';

describe('LogSequencer and EventPublisher on one outbox', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let schema: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    schema = uniqueSchemaName('msg_seq');
    dataSource = await openServiceDatabase({
      url: database.url,
      service: schema,
      poolSize: 3,
      entities: [],
      migrations: [...messagingMigrations],
    });
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dataSource?.destroy();
    await database?.close();
  });

  it('publishes each lot in sequence, and positions only what is unpositioned (0 when nothing is: the loop goes idle)', async () => {
    const publisher = new EventPublisher({ service: 'test' });
    const publish = (lot: string) =>
      inTransaction(dataSource, (manager) =>
        publisher.publish(manager, {
          topic: 'rre.test.lot-events.v1',
          type: 'rre.test.lot.noted.v1',
          subject: lot,
          data: new Uint8Array([1, 2, 3]),
        }),
      );
    const published = [await publish('A'), await publish('B'), await publish('A'), await publish('A')];
    expect(published.map((envelope) => `${envelope.subject}${envelope.sequence}`)).toEqual([
      'A1',
      'B1',
      'A2',
      'A3',
    ]);

    const sequencer = new LogSequencer({ dataSource, batchSize: 3 });
    try {
      expect(await sequencer.sequenceOnce()).toBe(3);
      expect(await sequencer.sequenceOnce()).toBe(1);
      expect(await sequencer.sequenceOnce()).toBe(0);
      await publish('B');
      expect(await sequencer.sequenceOnce()).toBe(1);
      expect(await sequencer.sequenceOnce()).toBe(0);
    } finally {
      await sequencer.stop();
    }

    const rows = (await dataSource.query(
      `SELECT event_id, key, sequence::text AS sequence, log_position::int AS position
       FROM ${messagingTables(schema).outbox} ORDER BY id`,
    )) as { event_id: string; key: string; sequence: string; position: number }[];
    expect(rows.map((row) => [row.key, row.sequence, row.position])).toEqual([
      ['A', '1', 1],
      ['B', '1', 2],
      ['A', '2', 3],
      ['A', '3', 4],
      ['B', '2', 5],
    ]);
    expect(rows.slice(0, 4).map((row) => row.event_id)).toEqual(published.map((envelope) => envelope.id));
  });

  it('VACUUMs the outbox after every vacuumEveryRows positioned rows (PGlite has no autovacuum), and goes on positioning', async () => {
    const publisher = new EventPublisher({ service: 'test' });
    const publishSix = (lot: string) =>
      inTransaction(dataSource, (manager) =>
        publisher.publishAll(
          manager,
          Array.from({ length: 6 }, () => ({
            topic: 'rre.test.lot-events.v1',
            type: 'rre.test.lot.noted.v1',
            subject: lot,
            data: new Uint8Array([4, 5, 6]),
          })),
        ),
      );
    const outbox = messagingTables(schema).outbox;
    const vacuums = async () => {
      const [row] = (await dataSource.query(
        `SELECT vacuum_count::int AS count FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'outbox'`,
        [schema],
      )) as { count: number }[];
      return row?.count ?? 0;
    };
    const unpositioned = async () => {
      const [row] = (await dataSource.query(
        `SELECT count(*)::int AS count FROM ${outbox} WHERE log_position IS NULL`,
      )) as { count: number }[];
      return row?.count ?? -1;
    };
    const eventually = async (check: () => Promise<boolean>) => {
      for (let waited = 0; waited < 10_000 && !(await check()); waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await check()).toBe(true);
    };
    const before = await vacuums();
    const sequencer = new LogSequencer({ dataSource, batchSize: 4, vacuumEveryRows: 10, pollIntervalMs: 20 });
    sequencer.start();
    try {
      await publishSix('C');
      await eventually(async () => (await unpositioned()) === 0);
      expect(await vacuums()).toBe(before);
      await publishSix('D');
      await eventually(async () => (await unpositioned()) === 0 && (await vacuums()) === before + 1);
      await publishSix('E');
      await eventually(async () => (await unpositioned()) === 0);
    } finally {
      await sequencer.stop();
    }
    const [positions] = (await dataSource.query(
      `SELECT count(DISTINCT log_position)::int AS distinct, max(log_position)::int AS top FROM ${outbox}`,
    )) as { distinct: number; top: number }[];
    expect(positions).toEqual({ distinct: 23, top: 23 });
  });
});
