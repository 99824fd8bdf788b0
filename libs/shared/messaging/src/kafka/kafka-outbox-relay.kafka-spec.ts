// The relay alone, on the broker at KAFKA_BROKERS and PostgreSQL: many batches, each marked by the
// statement that reads the next, with a late commit among them.
import { type EventEnvelope, fromKafkaMessage, IntakeEventTypes } from '@rre/contracts';
import { inTransaction, openTestDatabase, type TestDatabase } from '@rre/persistence';
import { testKafka, uniqueGroupId, uniqueTopicName, waitFor } from '@rre/testing';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { ulid } from 'ulid';
import type { DataSource } from 'typeorm';
import { EventPublisher, type PublishRequest } from '../event-publisher';
import { messagingTablesOf } from '../messaging-tables';
import { messagingMigrations } from '../messaging-tables.migration';
import { silentLogger } from '../test-support/silent-logger';
import { TestServices } from '../test-support/test-services';
import { ensureTopics } from './ensure-topics';
import { KafkaOutboxRelay } from './kafka-outbox-relay';

const WAIT = { timeoutMs: 60_000 };
const type = IntakeEventTypes.LotRegistered;

describe('KafkaOutboxRelay', () => {
  let database: TestDatabase;
  let kafka: Kafka;
  let admin: Admin;
  const services = new TestServices();
  let dataSource: DataSource;
  let topic: string;
  let consumer: Consumer | undefined;
  let relay: KafkaOutboxRelay | undefined;
  const publisher = new EventPublisher({ service: 'relay-test' });

  beforeAll(async () => {
    database = await openTestDatabase();
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
  });

  beforeEach(async () => {
    dataSource = (await services.open(database.url, 'relay', messagingMigrations, 4)).dataSource;
    topic = uniqueTopicName('rre.test.relay');
    await ensureTopics(admin, [topic], { partitions: 3, replicationFactor: 1 });
  });

  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    await consumer?.disconnect();
    consumer = undefined;
    await services.dropAll();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  });

  afterAll(async () => {
    await admin.disconnect();
    await database.close();
  });

  function note(lot: string): PublishRequest {
    return { topic, type, subject: lot, data: new Uint8Array([0x0a, 0x00]) };
  }

  function startRelay(batchSize: number, pollIntervalMs: number): KafkaOutboxRelay {
    relay = new KafkaOutboxRelay({ dataSource, kafka, batchSize, pollIntervalMs, logger: silentLogger });
    relay.start();
    return relay;
  }

  async function receive(): Promise<EventEnvelope[]> {
    const received: EventEnvelope[] = [];
    consumer = kafka.consumer({ groupId: uniqueGroupId(), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(fromKafkaMessage(message)) });
    return received;
  }

  async function unpublished(): Promise<number> {
    const [row] = (await dataSource.query(
      `SELECT count(*)::int AS n FROM ${messagingTablesOf(dataSource).outbox} WHERE published_at IS NULL`,
    )) as { n: number }[];
    return row?.n ?? -1;
  }

  it('sends 3 lots x 20 events in batches of 7, each once and in sequence per lot, a late commit included, and marks them all', async () => {
    const lots = [ulid(), ulid(), ulid()];
    const lateLot = ulid();
    const received = await receive();
    startRelay(7, 20);

    // The late transaction draws the lowest outbox id and commits after the 60 other events were sent.
    let commit!: () => void;
    const released = new Promise<void>((resolve) => (commit = resolve));
    let written!: () => void;
    const isWritten = new Promise<void>((resolve) => (written = resolve));
    const late = inTransaction(dataSource, async (manager) => {
      await publisher.publish(manager, note(lateLot));
      written();
      await released;
    });
    await isWritten;
    for (let round = 0; round < 4; round++) {
      await inTransaction(dataSource, (manager) =>
        publisher.publishAll(
          manager,
          Array.from({ length: 15 }, (_, i) => note(lots[i % 3] as string)),
        ),
      );
    }
    await waitFor(() => received.length >= 60, '60 events received', WAIT);
    commit();
    await late;
    await waitFor(() => received.length >= 61, 'the late event received', WAIT);
    await waitFor(async () => (await unpublished()) === 0, 'every row marked published', WAIT);

    expect(new Set(received.map((envelope) => envelope.id)).size).toBe(61);
    for (const lot of lots) {
      const sequences = received.filter((envelope) => envelope.subject === lot).map((e) => e.sequence);
      expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    }
    expect(received.filter((envelope) => envelope.subject === lateLot).map((e) => e.sequence)).toEqual(['1']);
  });

  it('leaves no row it sent unmarked once stopped: 12 events in batches of 5', async () => {
    const lot = ulid();
    const received = await receive();
    await inTransaction(dataSource, (manager) =>
      publisher.publishAll(
        manager,
        Array.from({ length: 12 }, () => note(lot)),
      ),
    );
    const stopping = startRelay(5, 60_000);
    await waitFor(() => received.length >= 12, '12 events received', WAIT);
    await stopping.stop();
    relay = undefined;

    expect(await unpublished()).toBe(0);
    expect(received.map((envelope) => envelope.sequence)).toEqual(
      Array.from({ length: 12 }, (_, i) => String(i + 1)),
    );
  });
});
