import { create, toBinary } from '@bufbuild/protobuf';
import { commonV1, IntakeEventTypes, intakeV1 } from '@rre/contracts';
import { generateSigningKey, privateKeyPem, publishedRecordOf, verifyLedgerProof } from '@rre/ledger';
import {
  ensureTopics,
  EventPublisher,
  KafkaEventConsumer,
  KafkaOutboxRelay,
  messagingMigrations,
} from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { testKafka, uniqueTopicName } from '@rre/testing';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { traceabilityMigrations } from '../persistence/traceability-persistence';
import { TraceabilityApplication } from '../traceability-application';
import { LedgerApplication } from './ledger-application';

jest.setTimeout(180_000);

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const topic = uniqueTopicName('rre.intake.lot-events');
const producerSchema = uniqueSchemaName('ledger_kafka_intake');
const traceSchemas = [uniqueSchemaName('ledger_kafka_trace'), uniqueSchemaName('ledger_kafka_rebuild')];
const key = generateSigningKey();
const EVENTS = 9;

let database: TestDatabase;
let kafka: Kafka;
let producer: DataSource;
const traces: DataSource[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topic], { partitions: 3, replicationFactor: 1 });
  await admin.disconnect();
  producer = await openServiceDatabase({
    url: database.url,
    service: producerSchema,
    poolSize: 2,
    entities: [],
    migrations: messagingMigrations,
  });
  for (const schema of traceSchemas) {
    traces.push(
      await openServiceDatabase({
        url: database.url,
        service: schema,
        poolSize: 4,
        entities: [],
        migrations: traceabilityMigrations,
      }),
    );
  }
});

afterAll(async () => {
  for (const [index, dataSource] of [producer, ...traces].entries()) {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${[producerSchema, ...traceSchemas][index]}" CASCADE`);
    await dataSource?.destroy();
  }
  await database?.close();
});

async function ledgerSize(dataSource: DataSource, schema: string): Promise<number> {
  const [row] = (await dataSource.query(`SELECT count(*)::integer AS n FROM "${schema}".ledger_entry`)) as {
    n: number;
  }[];
  return row?.n ?? 0;
}

describe('the ledger on Kafka', () => {
  it('keeps one chain per partition in offset order, and a second consumer group rebuilds the same chains', async () => {
    const eventIds: string[] = [];
    for (let i = 0; i < EVENTS; i += 1) {
      const lotId = `L${i}-${ulid()}`;
      const envelope = await inTransaction(producer, (manager) =>
        new EventPublisher({ service: 'intake' }).publish(manager, {
          topic,
          type: IntakeEventTypes.LotRegistered,
          subject: lotId,
          data: toBinary(
            intakeV1.LotRegisteredSchema,
            create(intakeV1.LotRegisteredSchema, {
              lot: { lotId, lotCode: lotId },
              sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
              weighedNetMass: { value: '10', unitCode: 'KGM' },
            }),
          ),
        }),
      );
      eventIds.push(envelope.id);
    }
    const relay = new KafkaOutboxRelay({ dataSource: producer, kafka, pollIntervalMs: 20, logger: silent });
    relay.start();

    for (const [index, dataSource] of traces.entries()) {
      const consumer = new KafkaEventConsumer({
        kafka,
        dataSource,
        definition: new TraceabilityApplication({ dataSource }).lotAndRunEventsConsumer([topic]),
        groupId: `${traceSchemas[index]}-group`,
        partitionsConsumedConcurrently: 3,
        consumerConfig: {
          sessionTimeout: 6_000,
          rebalanceTimeout: 10_000,
          heartbeatInterval: 500,
          maxWaitTimeInMs: 100,
        },
        logger: silent,
      });
      await consumer.start();
      const deadline = Date.now() + 90_000;
      while ((await ledgerSize(dataSource, traceSchemas[index] as string)) < EVENTS) {
        if (Date.now() > deadline) throw new Error('the consumer did not chain every event in time');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await consumer.stop();
    }
    await relay.stop();

    const [trace, rebuild] = traces as [DataSource, DataSource];
    const [traceSchema, rebuildSchema] = traceSchemas as [string, string];
    const entries = (await trace.query(
      `SELECT chain_id, partition, chain_index::integer AS chain_index, position::integer AS position, event_id
       FROM "${traceSchema}".ledger_entry ORDER BY chain_id, chain_index`,
    )) as { chain_id: string; partition: number; chain_index: number; position: number; event_id: string }[];
    expect(entries).toHaveLength(EVENTS);
    expect(new Set(entries.map((entry) => entry.event_id))).toEqual(new Set(eventIds));
    for (const entry of entries) {
      expect(entry.chain_id).toBe(`${topic}:${topic}:${entry.partition}`);
      // A fresh topic: each partition's offsets start at 0, so offset = place in the chain.
      expect(entry.position).toBe(entry.chain_index);
    }
    const heads = async (dataSource: DataSource, schema: string) =>
      (await dataSource.query(
        `SELECT chain_id, length::integer AS length, encode(head_hash, 'hex') AS head FROM "${schema}".ledger_chain ORDER BY chain_id`,
      )) as { chain_id: string; length: number; head: string }[];
    const traceHeads = await heads(trace, traceSchema);
    expect(traceHeads.reduce((sum, chain) => sum + chain.length, 0)).toBe(EVENTS);
    expect(await heads(rebuild, rebuildSchema)).toEqual(traceHeads);

    // The chained bytes are the record as published: its key and the ce_id header are the event's.
    const ledger = new LedgerApplication(trace, { signingKey: privateKeyPem(key.privateKey) });
    expect(await ledger.checkpoint('ON_DEMAND')).toMatchObject({ sequence: 1, treeSize: EVENTS });
    expect(await ledger.verify()).toMatchObject({
      valid: true,
      entries: EVENTS,
      chainProblems: [],
      checkpointProblems: [],
    });
    const proof = await ledger.proofOfEvent(eventIds[4] as string);
    if (proof?.status !== 'PROVEN') throw new Error('no proof');
    const record = publishedRecordOf(Buffer.from(proof.proof.event.bytes, 'base64'));
    expect(record.headers['ce_id']).toBe(eventIds[4]);
    expect(record.headers['ce_type']).toBe(IntakeEventTypes.LotRegistered);
    expect(record.key).toBe(record.headers['ce_subject']);
    expect(verifyLedgerProof(proof.proof, key.publicKey).ok).toBe(true);
  });
});
