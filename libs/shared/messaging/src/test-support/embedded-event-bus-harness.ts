import { EmbeddedPostgres, openTestDatabase, type TestDatabase, testDatabaseKind } from '@rre/persistence';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { EmbeddedEventConsumer } from '../embedded/embedded-event-consumer';
import { rewindEmbeddedConsumer } from '../embedded/embedded-consumer-offset';
import { LogSequencer } from '../embedded/log-sequencer';
import type { EventConsumerDefinition } from '../event-consumer-definition';
import { EventPublisher } from '../event-publisher';
import { messagingTables } from '../messaging-tables';
import { messagingMigrations } from '../messaging-tables.migration';
import type {
  EventBusHarness,
  StartConsumerOptions,
  TestConsumer,
  TestProducer,
  TestService,
} from './event-bus-harness';
import { silentLogger } from './silent-logger';
import { CreateTestEffect1764400000001 } from './test-effect.migration';
import { type ManagedService, TestServices } from './test-services';

const POLL_MS = 20;

interface Database {
  url: string;
  /** Stops the database server, keeping its data (PGlite); nothing on a PostgreSQL server. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** PGlite in a directory of its own, so that a restart can stop it and open the same data again. */
async function restartablePglite(): Promise<Database> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rre-messaging-test-'));
  let server: EmbeddedPostgres | undefined = await EmbeddedPostgres.start({ dataDir, maxConnections: 60 });
  const database: Database = {
    url: server.url,
    stop: async () => {
      await server?.stop();
      server = undefined;
    },
    start: async () => {
      server = await EmbeddedPostgres.start({ dataDir, maxConnections: 60 });
      database.url = server.url;
    },
    close: async () => {
      await server?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return database;
}

async function postgresServer(): Promise<Database> {
  const test: TestDatabase = await openTestDatabase();
  return {
    url: test.url,
    stop: async () => undefined,
    start: async () => undefined,
    close: () => test.close(),
  };
}

class EmbeddedProducer implements TestProducer {
  sequencer: LogSequencer;
  readonly publisher = new EventPublisher({ service: 'test-producer' });

  constructor(readonly service: ManagedService) {
    this.sequencer = this.newSequencer();
  }

  get schema(): string {
    return this.service.schema;
  }

  get dataSource() {
    return this.service.dataSource;
  }

  newSequencer(): LogSequencer {
    this.sequencer = new LogSequencer({
      dataSource: this.dataSource,
      pollIntervalMs: POLL_MS,
      logger: silentLogger,
    });
    return this.sequencer;
  }
}

class EmbeddedConsumerHandle implements TestConsumer {
  current: EmbeddedEventConsumer;
  stopped = false;

  constructor(
    readonly service: ManagedService,
    readonly definition: EventConsumerDefinition,
    readonly sources: readonly string[],
    readonly options: StartConsumerOptions = {},
  ) {
    this.current = this.newConsumer();
  }

  get name(): string {
    return this.definition.name;
  }

  newConsumer(): EmbeddedEventConsumer {
    this.current = new EmbeddedEventConsumer({
      dataSource: this.service.dataSource,
      definition: this.definition,
      sources: this.sources,
      pollIntervalMs: POLL_MS,
      batchSize: this.options.batchSize,
      logger: silentLogger,
    });
    return this.current;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.current.stop();
  }

  async abort(): Promise<void> {
    this.stopped = true;
    await this.current.abort();
  }

  replayParked(key?: string) {
    return this.current.replayParked(key);
  }
}

class EmbeddedHarness implements EventBusHarness {
  readonly adapter = 'embedded';
  readonly concurrentTransactions: boolean;
  readonly publishingSurvivesRestart = false;
  private readonly services = new TestServices();
  private producers: EmbeddedProducer[] = [];
  private consumers: EmbeddedConsumerHandle[] = [];

  constructor(
    private readonly database: Database,
    kind: 'pglite' | 'postgres',
  ) {
    this.concurrentTransactions = kind === 'postgres';
  }

  async newTopic(): Promise<string> {
    return `rre.test.lot-events-${ulid().toLowerCase()}.v1`;
  }

  async openProducer(): Promise<TestProducer> {
    const service = await this.services.open(this.database.url, 'msg_prod', messagingMigrations, 8);
    const producer = new EmbeddedProducer(service);
    producer.sequencer.start();
    this.producers.push(producer);
    return producer;
  }

  openConsumerService(): Promise<TestService> {
    return this.services.open(
      this.database.url,
      'msg_cons',
      [...messagingMigrations, CreateTestEffect1764400000001],
      4,
    );
  }

  async startConsumer(
    service: TestService,
    definition: EventConsumerDefinition,
    producers: readonly TestProducer[],
    options: StartConsumerOptions = {},
  ): Promise<TestConsumer> {
    const handle = new EmbeddedConsumerHandle(
      service as ManagedService,
      definition,
      producers.map((producer) => producer.schema),
      options,
    );
    handle.current.start();
    this.consumers.push(handle);
    return handle;
  }

  async delivered(producers: readonly TestProducer[], topics: readonly string[]): Promise<boolean> {
    for (const producer of producers) {
      const [row] = (await producer.dataSource.query(
        `SELECT count(*)::int AS unpositioned FROM ${messagingTables(producer.schema).outbox}
         WHERE log_position IS NULL AND topic = ANY($1::text[])`,
        [[...topics]],
      )) as { unpositioned: number }[];
      if (!row || row.unpositioned > 0) return false;
    }
    return true;
  }

  async caughtUp(
    service: TestService,
    consumer: string,
    producers: readonly TestProducer[],
    topics: readonly string[],
  ): Promise<boolean> {
    const own = messagingTables(service.schema);
    for (const producer of producers) {
      const [row] = (await service.dataSource.query(
        `SELECT count(*) FILTER (WHERE o.log_position IS NULL)::int AS unpositioned,
                coalesce(max(o.log_position), 0)::bigint AS top,
                coalesce((SELECT position FROM ${own.consumerOffset} WHERE consumer = $1 AND source = $2), 0)::bigint AS offset
         FROM ${messagingTables(producer.schema).outbox} o WHERE o.topic = ANY($3::text[])`,
        [consumer, producer.schema, [...topics]],
      )) as { unpositioned: number; top: string; offset: string }[];
      if (!row || row.unpositioned > 0 || BigInt(row.offset) < BigInt(row.top)) return false;
    }
    return true;
  }

  async rewind(service: TestService, consumer: string, producers: readonly TestProducer[]): Promise<void> {
    for (const producer of producers)
      await rewindEmbeddedConsumer(service.dataSource, consumer, producer.schema, 0);
  }

  async restartTransport(): Promise<void> {
    const running = this.consumers.filter((handle) => !handle.stopped);
    for (const handle of running) await handle.current.stop();
    for (const producer of this.producers) await producer.sequencer.stop();
    await this.services.closeAll();
    await this.database.stop();
    await this.database.start();
    await this.services.reopenAll(this.database.url);
    for (const producer of this.producers) producer.newSequencer().start();
    for (const handle of running) handle.newConsumer().start();
  }

  async cleanup(): Promise<void> {
    for (const handle of this.consumers.splice(0)) await handle.current.stop().catch(() => undefined);
    for (const producer of this.producers.splice(0)) await producer.sequencer.stop().catch(() => undefined);
    await this.services.dropAll();
  }

  async close(): Promise<void> {
    await this.cleanup();
    await this.database.close();
  }
}

/** The embedded adapter on TEST_DATABASE: PGlite (restartable, in its own directory) or PostgreSQL. */
export async function createEmbeddedHarness(): Promise<EventBusHarness> {
  const kind = testDatabaseKind(process.env['TEST_DATABASE']);
  const database = kind === 'pglite' ? await restartablePglite() : await postgresServer();
  return new EmbeddedHarness(database, kind);
}
