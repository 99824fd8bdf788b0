import { create } from '@bufbuild/protobuf';
import { commonV1, fromKafkaMessage, IntakeEventTypes, intakeV1, decodeEvent } from '@rre/contracts';
import { EventPublisher, messagingMigrations } from '@rre/messaging';
import { inTransaction } from '@rre/persistence';
import { kafkaBrokers, testKafka, uniqueGroupId, uniqueTopicName, waitFor } from '@rre/testing';
import type { KafkaMessage } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { startPlatform } from './bootstrap';
import { loadPlatformConfig } from './platform-config';
import { platformServices } from './platform-services';
import { scratchDatabase, type ScratchDatabase } from './test-support/scratch-database';

// Starting every service of the platform takes its time on a busy 2-core machine (a hang guard, as in
// the other platform specs).
jest.setTimeout(300_000);

// Distributed mode: with KAFKA_BROKERS set, the platform creates each publishing service's topics
// and relays its outbox to them.
describe('the platform relays service outboxes to Kafka', () => {
  const topic = uniqueTopicName('rre.test.platform-events');
  const schema = `probe_${ulid().toLowerCase().slice(-8)}`;
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';
  let dataDir: string;
  // A database of its own: the platform's schemas have fixed names, and the PostgreSQL integration
  // tests start platforms on rre_test at the same time.
  let database: ScratchDatabase;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-platform-kafka-'));
    database = await scratchDatabase(serverUrl);
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    const admin = testKafka().admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates the topic and delivers a published event in CloudEvents binary mode', async () => {
    const platform = await startPlatform(
      loadPlatformConfig({
        PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        LOG_LEVEL: 'silent',
      }),
      [
        ...platformServices,
        { name: schema, entities: [], migrations: [...messagingMigrations], publishes: [topic] },
      ],
    );
    const consumer = testKafka().consumer({ groupId: uniqueGroupId() });
    try {
      expect(platform.info.eventLog).toBe(`kafka ${kafkaBrokers().join(',')}`);
      const lotId = ulid();
      const dataSource = platform.info.dataSources.get(schema);
      if (!dataSource) throw new Error('probe service not opened');
      const published = await inTransaction(dataSource, (manager) =>
        new EventPublisher({ service: 'intake' }).publish(manager, {
          topic,
          type: IntakeEventTypes.LotRegistered,
          subject: lotId,
          data: {
            schema: intakeV1.LotRegisteredSchema,
            message: create(intakeV1.LotRegisteredSchema, {
              lot: create(commonV1.LotRefSchema, { lotId, lotCode: 'L-2026-00001' }),
              declaredMass: create(commonV1.MassSchema, { value: '1000.000', unitCode: 'KGM' }),
            }),
          },
        }),
      );

      const received: KafkaMessage[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(message) });
      await waitFor(() => received.length === 1, 'the relayed event', { timeoutMs: 30_000 });

      const envelope = fromKafkaMessage(received[0] as KafkaMessage);
      expect(envelope).toMatchObject({
        id: published.id,
        subject: lotId,
        sequence: '1',
        source: '/rre/intake',
      });
      const { message } = decodeEvent(envelope);
      expect(message).toMatchObject({ declaredMass: { value: '1000.000', unitCode: 'KGM' } });
    } finally {
      await consumer.disconnect();
      await platform.stop();
    }
  });
});
