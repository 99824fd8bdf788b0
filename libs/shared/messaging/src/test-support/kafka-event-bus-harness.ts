import { openTestDatabase, type TestDatabase } from '@rre/persistence';
import { kafkaBrokers, testKafka, testKafkaLogCreator, uniqueTopicName } from '@rre/testing';
import type { Admin, Kafka, logCreator } from 'kafkajs';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { EventConsumerDefinition } from '../event-consumer-definition';
import { EventPublisher } from '../event-publisher';
import { ensureTopics } from '../kafka/ensure-topics';
import { KafkaEventConsumer } from '../kafka/kafka-event-consumer';
import { KafkaOutboxRelay } from '../kafka/kafka-outbox-relay';
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

const KAFKA_SCRIPT = resolve(__dirname, '../../../../../infra/kafka/kafka.sh');
const PARTITIONS = 3;

class KafkaProducer implements TestProducer {
  readonly publisher = new EventPublisher({ service: 'test-producer' });

  constructor(
    readonly service: ManagedService,
    readonly relay: KafkaOutboxRelay,
  ) {}

  get schema(): string {
    return this.service.schema;
  }

  get dataSource() {
    return this.service.dataSource;
  }
}

class KafkaHarness implements EventBusHarness {
  readonly adapter = 'kafka';
  readonly concurrentTransactions: boolean;
  readonly publishingSurvivesRestart = true;
  private readonly services = new TestServices();
  private producers: KafkaProducer[] = [];
  private consumers: KafkaEventConsumer[] = [];
  private topics: string[] = [];
  /** Consumer name -> its current group (a rewind moves it to a new group, which starts at the beginning). */
  private readonly groups = new Map<string, string>();

  constructor(
    private readonly database: TestDatabase,
    private readonly kafka: Kafka,
    private admin: Admin,
  ) {
    this.concurrentTransactions = database.kind === 'postgres';
  }

  async newTopic(options: { partitions?: number } = {}): Promise<string> {
    const topic = uniqueTopicName('rre.test.lot-events');
    await ensureTopics(this.admin, [topic], {
      partitions: options.partitions ?? PARTITIONS,
      replicationFactor: 1,
    });
    this.topics.push(topic);
    return topic;
  }

  async openProducer(): Promise<TestProducer> {
    const service = await this.services.open(this.database.url, 'msg_prod', messagingMigrations, 8);
    const relay = new KafkaOutboxRelay({
      dataSource: service.dataSource,
      kafka: this.kafka,
      pollIntervalMs: 20,
      logger: silentLogger,
    });
    relay.start();
    const producer = new KafkaProducer(service, relay);
    this.producers.push(producer);
    return producer;
  }

  openConsumerService(): Promise<TestService> {
    return this.services.open(
      this.database.url,
      'msg_cons',
      [...messagingMigrations, CreateTestEffect1764400000001],
      6,
    );
  }

  async startConsumer(
    service: TestService,
    definition: EventConsumerDefinition,
    _producers: readonly TestProducer[],
    options: StartConsumerOptions = {},
  ): Promise<TestConsumer> {
    const consumer = new KafkaEventConsumer({
      kafka: this.kafka,
      dataSource: service.dataSource,
      definition,
      groupId: this.groupOf(definition.name),
      partitionsConsumedConcurrently: PARTITIONS,
      batchSize: options.batchSize,
      // Short timings so that joins, rebalances and restarts take about a second (the broker's
      // group.min.session.timeout.ms is 6 s).
      consumerConfig: {
        sessionTimeout: 6_000,
        rebalanceTimeout: 10_000,
        heartbeatInterval: 500,
        maxWaitTimeInMs: 100,
      },
      logger: silentLogger,
    });
    await consumer.start();
    this.consumers.push(consumer);
    return {
      name: consumer.name,
      stop: () => consumer.stop(),
      abort: () => consumer.abort(),
      replayParked: (key) => consumer.replayParked(key),
    };
  }

  async delivered(producers: readonly TestProducer[], topics: readonly string[]): Promise<boolean> {
    for (const producer of producers) {
      const [row] = (await producer.dataSource.query(
        `SELECT count(*)::int AS unpublished FROM ${messagingTables(producer.schema).outbox}
         WHERE published_at IS NULL AND topic = ANY($1::text[])`,
        [[...topics]],
      )) as { unpublished: number }[];
      if (!row || row.unpublished > 0) return false;
    }
    return true;
  }

  async caughtUp(
    service: TestService,
    consumer: string,
    producers: readonly TestProducer[],
    topics: readonly string[],
  ): Promise<boolean> {
    for (const producer of producers) {
      const [row] = (await service.dataSource.query(
        `SELECT count(*)::int AS unpublished FROM ${messagingTables(producer.schema).outbox}
         WHERE published_at IS NULL AND topic = ANY($1::text[])`,
        [[...topics]],
      )) as { unpublished: number }[];
      if (!row || row.unpublished > 0) return false;
    }
    const committed = await this.admin.fetchOffsets({ groupId: this.groupOf(consumer), topics: [...topics] });
    for (const topic of topics) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      const done = committed.find((each) => each.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const offset = Number(done.find((each) => each.partition === end.partition)?.offset ?? -1);
        if (Math.max(offset, 0) < Number(end.high)) return false;
      }
    }
    return true;
  }

  /**
   * A new consumer group for the same consumer (same inbox): it starts at the beginning. (kafkajs's
   * admin.resetOffsets joins the group with a consumer of its own and takes about 5 s.)
   */
  async rewind(_service: TestService, consumer: string): Promise<void> {
    this.groups.set(consumer, uniqueTopicName(`${consumer}.rewound`));
  }

  private groupOf(consumer: string): string {
    return this.groups.get(consumer) ?? consumer;
  }

  async restartTransport(): Promise<void> {
    const local = [
      `127.0.0.1:${process.env['KAFKA_PORT'] ?? '9092'}`,
      `localhost:${process.env['KAFKA_PORT'] ?? '9092'}`,
    ];
    if (!kafkaBrokers().every((broker) => local.includes(broker))) {
      throw new Error(
        `the restart test stops and starts infra/kafka's broker, but KAFKA_BROKERS=${process.env['KAFKA_BROKERS']} is another one`,
      );
    }
    kafkaLog.quietUntil = Number.POSITIVE_INFINITY;
    try {
      await runKafkaScript('stop');
    } finally {
      // Others use this broker too: it must be running again whatever happened.
      await runKafkaScript('start');
    }
    // Clients keep reporting the outage for a while after the broker is back.
    kafkaLog.quietUntil = Date.now() + 20_000;
    await this.admin.disconnect().catch(() => undefined);
    this.admin = this.kafka.admin();
    await this.admin.connect();
  }

  async cleanup(): Promise<void> {
    for (const consumer of this.consumers.splice(0)) await consumer.stop().catch(() => undefined);
    for (const producer of this.producers.splice(0)) await producer.relay.stop().catch(() => undefined);
    await this.services.dropAll();
    const topics = this.topics.splice(0);
    if (topics.length > 0) await this.admin.deleteTopics({ topics, timeout: 10_000 }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.cleanup();
    await this.admin.disconnect();
    await this.database.close();
  }
}

const IDEMPOTENT_RETRIES_WARNING =
  'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/**
 * kafkajs logs as the testing library does, except the connection errors of a restart this harness
 * makes, and the relay's deliberate finite retries (see the README).
 */
const kafkaLog = { quietUntil: 0 };
const harnessLogCreator: logCreator = (level) => {
  const log = testKafkaLogCreator(level);
  return (entry) => {
    if (Date.now() < kafkaLog.quietUntil || entry.log.message === IDEMPOTENT_RETRIES_WARNING) return;
    // A freshly (re)started broker loads its coordinators; kafkajs retries until they are ready.
    if (String(entry.log['error'] ?? '').startsWith('The coordinator is loading')) return;
    log(entry);
  };
};

async function runKafkaScript(command: 'start' | 'stop'): Promise<void> {
  await promisify(execFile)('bash', [KAFKA_SCRIPT, command], { timeout: 120_000 });
}

/** The Kafka adapter: the broker at KAFKA_BROKERS and the database of TEST_DATABASE (PostgreSQL). */
export async function createKafkaHarness(): Promise<EventBusHarness> {
  // Enough retries for the producer and consumers to ride out a broker restart of 5-15 s.
  const kafka = testKafka({
    retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 3_000 },
    logCreator: harnessLogCreator,
  });
  const admin = kafka.admin();
  await admin.connect();
  const database = await openTestDatabase();
  return new KafkaHarness(database, kafka, admin);
}
