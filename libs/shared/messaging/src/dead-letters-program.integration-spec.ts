import { create } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IntakeEventTypes, intakeV1 } from '@rre/contracts';
import {
  EmbeddedPostgres,
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  serviceSchema,
  testDatabaseKind,
  uniqueSchemaName,
} from '@rre/persistence';
import { waitFor } from '@rre/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { deadLettersProgram, type DeadLetterDatabase } from './dead-letters-program';
import { EmbeddedEventConsumer } from './embedded/embedded-event-consumer';
import { LogSequencer } from './embedded/log-sequencer';
import type { EventConsumerDefinition, EventHandler } from './event-consumer-definition';
import { EventPublisher } from './event-publisher';
import { listDeadLetters } from './list-dead-letters';
import { messagingMigrations } from './messaging-tables.migration';
import { silentLogger } from './test-support/silent-logger';
import { CreateTestEffect1764400000001 } from './test-support/test-effect.migration';

const TOPIC = 'rre.test.lot-events.v1';
const NOTE = IntakeEventTypes.LotCorrected;
const CONSUMER = 'traceability.lot-notes';

/**
 * The `dead-letters` program on a database it opens itself: the PGlite data directory (after the
 * process that parked the event has let go of it) or the PostgreSQL server, in the service's schema.
 */
describe(`dead-letters program (${testDatabaseKind(process.env.TEST_DATABASE)})`, () => {
  const kind = testDatabaseKind(process.env.TEST_DATABASE);
  const producerSchema = uniqueSchemaName('dl_prod');
  const consumerSchema = uniqueSchemaName('dl_cons');
  let dataDir: string | undefined;
  let url: string;
  let embedded: EmbeddedPostgres | undefined;
  let closeTestDatabase: (() => Promise<void>) | undefined;
  let producer: DataSource;
  let consumer: DataSource;

  /** The handler writes one effect row per event; the broken one fails on the note "poison". */
  function notes(broken: boolean): EventConsumerDefinition {
    const handler: EventHandler<intakeV1.LotCorrected> = async (event, manager) => {
      if (broken && event.message.newValue === 'poison') throw new Error('cannot read the note "poison"');
      await manager.query(
        `INSERT INTO "${serviceSchema(manager)}".test_effect (consumer, event_id, lot, sequence, type, detail)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          event.consumer,
          event.envelope.id,
          event.envelope.subject,
          event.envelope.sequence,
          event.type,
          event.message.newValue,
        ],
      );
    };
    return {
      name: CONSUMER,
      topics: [TOPIC],
      handlers: { [NOTE]: handler },
      retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 5, jitter: 0 },
    };
  }

  async function openServices(databaseUrl: string): Promise<void> {
    producer = await openServiceDatabase({
      url: databaseUrl,
      service: producerSchema,
      poolSize: 2,
      entities: [],
      migrations: [...messagingMigrations],
    });
    consumer = await openServiceDatabase({
      url: databaseUrl,
      service: consumerSchema,
      poolSize: 3,
      entities: [],
      migrations: [...messagingMigrations, CreateTestEffect1764400000001],
    });
  }

  async function closeServices(): Promise<void> {
    for (const dataSource of [consumer, producer]) if (dataSource?.isInitialized) await dataSource.destroy();
  }

  async function effects(): Promise<string[]> {
    const rows = (await consumer.query(
      `SELECT lot, sequence::int AS sequence, detail FROM "${consumerSchema}".test_effect ORDER BY id`,
    )) as { lot: string; sequence: number; detail: string }[];
    return rows.map((row) => `${row.lot}${row.sequence}:${row.detail}`);
  }

  async function run(database: DeadLetterDatabase, args: string[], broken = false) {
    const lines: string[] = [];
    const code = await deadLettersProgram(
      { database, services: [{ name: consumerSchema, consumers: () => [notes(broken)] }] },
      args,
      { log: (line) => lines.push(line), error: (line) => lines.push(`error: ${line}`) },
    );
    return { code, lines };
  }

  beforeAll(async () => {
    if (kind === 'pglite') {
      dataDir = await mkdtemp(join(tmpdir(), 'rre-dead-letters-'));
      embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 10 });
      url = embedded.url;
    } else {
      const database = await openTestDatabase();
      url = database.url;
      closeTestDatabase = () => database.close();
    }
    await openServices(url);

    // Lot P: note 1, the poison note 2, note 3; lot Q: note 1. The broken handler parks P2 after
    // its 2 attempts, P3 waits behind it, Q1 is handled.
    const publisher = new EventPublisher({ service: 'test-producer' });
    for (const [lot, note] of [
      ['P', 'one'],
      ['P', 'poison'],
      ['P', 'three'],
      ['Q', 'one'],
    ] as const) {
      await inTransaction(producer, (manager) =>
        publisher.publish(manager, {
          topic: TOPIC,
          type: NOTE,
          subject: lot,
          data: {
            schema: intakeV1.LotCorrectedSchema,
            message: create(intakeV1.LotCorrectedSchema, {
              lot: { lotId: lot },
              field: 'note',
              newValue: note,
              reason: 'test',
            }),
          },
        }),
      );
    }
    const sequencer = new LogSequencer({ dataSource: producer, logger: silentLogger });
    expect(await sequencer.sequenceOnce()).toBe(4);
    await sequencer.stop();
    const running = new EmbeddedEventConsumer({
      dataSource: consumer,
      definition: notes(true),
      sources: [producerSchema],
      pollIntervalMs: 10,
      logger: silentLogger,
    });
    running.start();
    try {
      await waitFor(
        async () => (await listDeadLetters(consumer, CONSUMER)).length === 2,
        'P2 parked and P3 waiting',
        { timeoutMs: 45_000, intervalMs: 20 },
      );
      await waitFor(async () => (await effects()).length === 2, 'P1 and Q1 handled', {
        timeoutMs: 45_000,
        intervalMs: 20,
      });
    } finally {
      await running.stop();
    }
    if (embedded) {
      // The program opens the data directory itself, as on a stopped platform.
      await closeServices();
      await embedded.stop();
      embedded = undefined;
    }
  });

  afterAll(async () => {
    if (dataDir) {
      embedded ??= await EmbeddedPostgres.start({ dataDir, maxConnections: 10 });
      await openServices(embedded.url);
    }
    await consumer?.query(`DROP SCHEMA IF EXISTS "${consumerSchema}" CASCADE`).catch(() => undefined);
    await producer?.query(`DROP SCHEMA IF EXISTS "${producerSchema}" CASCADE`).catch(() => undefined);
    await closeServices();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await closeTestDatabase?.();
  });

  const database = (): DeadLetterDatabase => (dataDir ? { dataDir } : { url });

  it('lists the parked event and the one waiting behind it; a replay with the handler still broken changes nothing but the attempts', async () => {
    const listed = await run(database(), ['list', CONSUMER]);
    expect(listed.code).toBe(0);
    expect(listed.lines).toHaveLength(3);
    expect(listed.lines[0]).toMatch(
      new RegExp(
        `^${CONSUMER}\\tP\\tparked\\thandler-failed\\t${NOTE}\\t\\w{26}\\tattempts=2\\tError: cannot read the note "poison"$`,
      ),
    );
    expect(listed.lines[1]).toMatch(
      new RegExp(`^${CONSUMER}\\tP\\twaiting\\tkey-parked\\t${NOTE}\\t\\w{26}\\tattempts=0$`),
    );
    expect(listed.lines[2]).toBe('2 dead letter(s)');

    const again = await run(database(), ['replay', CONSUMER, 'P'], true);
    expect(again.code).toBe(1);
    expect(again.lines).toEqual([
      expect.stringMatching(
        /^error: P: replayed 0, then \w{26} failed again \(handler-failed\): Error: cannot read the note "poison"$/,
      ),
    ]);
    const parked = await run(database(), ['list', '--status', 'parked']);
    expect(parked.lines[0]).toContain('\tattempts=3\t');
  });

  it('refuses bad arguments with exit code 2, before the fix', async () => {
    expect(await run(database(), ['--service', 'sales', 'list'])).toEqual({
      code: 2,
      lines: [`error: --service sales: no such service with consumers; known: ${consumerSchema}`],
    });
    const unknown = await run(database(), ['replay', 'sales.orders']);
    expect(unknown.code).toBe(2);
    expect(unknown.lines).toEqual([`error: unknown consumer sales.orders; known: ${CONSUMER}`]);
  });

  it('after the fix, replays the lot in order through the program and unparks it', async () => {
    const replayed = await run(database(), ['--service', consumerSchema, 'replay', CONSUMER]);
    expect(replayed).toEqual({ code: 0, lines: ['P: replayed 2, unparked'] });

    const pending = await run(database(), ['list', CONSUMER, '--status', 'parked']);
    expect(pending.lines).toEqual(['0 dead letter(s)']);
    const done = await run(database(), ['list', CONSUMER, '--status', 'replayed']);
    expect(done.lines.at(-1)).toBe('2 dead letter(s)');

    if (dataDir) {
      embedded = await EmbeddedPostgres.start({ dataDir, maxConnections: 10 });
      await openServices(embedded.url);
    }
    expect(await effects()).toEqual(['P1:one', 'Q1:one', 'P2:poison', 'P3:three']);
  });
});
