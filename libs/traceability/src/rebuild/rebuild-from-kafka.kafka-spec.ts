import { commonV1, IntakeEventTypes, intakeV1, Topics } from '@rre/contracts';
import { generateSigningKey, privateKeyPem } from '@rre/ledger';
import { ensureTopics, KafkaEventConsumer, KafkaOutboxRelay, messagingMigrations } from '@rre/messaging';
import { uniqueSchemaName } from '@rre/persistence';
import { testKafka, uniqueGroupId, uniqueTopicName } from '@rre/testing';
import type { Kafka } from 'kafkajs';
import { statementIdOf } from '../messaging/lot-shipped';
import { traceabilityMigrations } from '../persistence/traceability-persistence';
import { kg, tb } from '../test-support/event-builders';
import {
  leachingRunIds,
  type OutboxLog,
  openOutboxLog,
  publishLeachingRun,
  publishLeachingShipment,
} from '../test-support/outbox-log';
import { TraceabilityApplication } from '../traceability-application';
import type { RebuildProgress } from './progress-bar';
import { rebuildFromKafka } from './rebuild-from-kafka';

jest.setTimeout(240_000);

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const intakeTopic = uniqueTopicName(Topics.IntakeLotEvents);
const lotTopic = uniqueTopicName(Topics.ConcentrationLotEvents);
const runTopic = uniqueTopicName(Topics.ConcentrationRunEvents);
const salesTopic = uniqueTopicName(Topics.SalesLotEvents);
const topics = [intakeTopic, lotTopic, runTopic, salesTopic];
const intakeSchema = uniqueSchemaName('rebuild_kafka_intake');
const concentrationSchema = uniqueSchemaName('rebuild_kafka_concentration');
const salesSchema = uniqueSchemaName('rebuild_kafka_sales');
const liveSchema = uniqueSchemaName('rebuild_kafka_live');
const rebuildSchema = uniqueSchemaName('rebuild_kafka_rebuilt');
const bulkSchema = uniqueSchemaName('rebuild_kafka_bulk');
const producers = [intakeSchema, concentrationSchema, salesSchema];
const ledger = { signingKey: privateKeyPem(generateSigningKey().privateKey) };

/**
 * Every column but the ingestion times (the consumer's clock), as in the rebuild from the outboxes,
 * and the ledger's global append order: an entry's `id` and `leaf_index`, and so a checkpoint's Merkle
 * root (over its entries in append order) and the next one's link to it. How partitions interleave
 * when read is not in the log, so it differs from one reading to the next; each chain (one per
 * topic-partition, offset order) is reproduced, and each checkpoint covers the same entries.
 */
const COMPARED: Record<string, readonly string[]> = {
  trace_lot: [],
  trace_run: [],
  trace_movement: [],
  trace_loss: [],
  trace_position: ['updated_at'],
  trace_shipment: [],
  trace_statement: ['issued_at'],
  trace_run_emission: [],
  trace_run_balance: [],
  trace_run_override: [],
  ledger_chain: [],
  ledger_entry: ['appended_at', 'id', 'leaf_index'],
  ledger_checkpoint: ['created_at', 'period_start', 'period_end', 'signature', 'root', 'previous'],
  ledger_signing_key: ['first_used_at'],
  // Not the fact histories (`<table>_history`): a history row is a snapshot of the whole row, and
  // which of two events of one row recorded close together is read first depends on how the
  // partitions interleave, which is not in the log (README, "recorded time"). The rebuild from the
  // outboxes, read in one order, compares them.
};

let log: OutboxLog;
let kafka: Kafka;
const ds = (schema: string) => log.dataSource(schema);
const rows = (schema: string, table: string, excluded: readonly string[]) =>
  log.rows(schema, table, excluded);

beforeAll(async () => {
  log = await openOutboxLog();
  kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [intakeTopic, lotTopic], { partitions: 3, replicationFactor: 1 });
  await ensureTopics(admin, [runTopic, salesTopic], { partitions: 1, replicationFactor: 1 });
  await admin.disconnect();
  for (const schema of producers) await log.open(schema, messagingMigrations);
  await log.open(liveSchema, traceabilityMigrations, 6);
});

afterAll(async () => {
  const admin = kafka?.admin();
  await admin?.connect();
  await admin?.deleteTopics({ topics, timeout: 10_000 }).catch(() => undefined);
  await admin?.disconnect();
  await log?.close([rebuildSchema, bulkSchema, ...producers, liveSchema]);
});

async function waitForLive(events: number, shipments: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const [row] = (await ds(liveSchema).query(
      `SELECT coalesce(sum(events), 0)::integer AS n, (SELECT count(*) FROM "${liveSchema}".trace_shipment)::integer AS shipments
       FROM "${liveSchema}".trace_position`,
    )) as { n: number; shipments: number }[];
    if (row?.n === events && row.shipments === shipments) return;
    if (Date.now() > deadline) throw new Error(`live consumer read ${row?.n} of ${events} events`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('rebuilding the projection from Kafka', () => {
  // Sources A 100 kg x 5 % Tb post-consumer JP, B 50 kg x 2 % pre-consumer CN and C1..C6 (registered
  // only); R1 takes A and B -> P 20 kg x 25 % + residue Q 80 kg x 1.25 %; P shipped (S1, 10 kg).
  const ids = leachingRunIds('KREBUILD');
  const schemas = { intake: intakeSchema, concentration: concentrationSchema, sales: salesSchema };
  const leachingTopics = { intake: intakeTopic, lots: lotTopic, runs: runTopic, sales: salesTopic };

  it('reads every topic from its start into a fresh schema and reaches the same tables and ledger chains', async () => {
    for (const i of [1, 2, 3, 4, 5, 6]) {
      const lotId = `C${i}-KREBUILD`;
      await log.publish(
        intakeSchema,
        'intake',
        intakeTopic,
        IntakeEventTypes.LotRegistered,
        lotId,
        intakeV1.LotRegisteredSchema,
        {
          lot: { lotId, lotCode: lotId },
          supplier: { organisationId: `org-${lotId}` },
          sourceCategory: commonV1.SourceCategory.PRIMARY,
          countryOfOrigin: 'AU',
          weighedNetMass: kg(`${i}`),
          declaredComposition: tb('0.01'),
        },
      );
    }
    await publishLeachingRun(log, schemas, ids, { shipment: 'none', topics: leachingTopics });

    const relays = producers.map(
      (schema) => new KafkaOutboxRelay({ dataSource: ds(schema), kafka, pollIntervalMs: 20, logger: silent }),
    );
    for (const relay of relays) relay.start();
    const live = new KafkaEventConsumer({
      kafka,
      dataSource: ds(liveSchema),
      definition: new TraceabilityApplication({ dataSource: ds(liveSchema), ledger }).lotAndRunEventsConsumer(
        topics,
      ),
      groupId: uniqueGroupId('rebuild-kafka-live'),
      partitionsConsumedConcurrently: 4,
      consumerConfig: {
        sessionTimeout: 6_000,
        rebalanceTimeout: 10_000,
        heartbeatInterval: 500,
        maxWaitTimeInMs: 100,
      },
      logger: silent,
    });
    await live.start();
    try {
      // 8 registrations, 6 lot and 2 run events of concentration; then the shipment.
      await waitForLive(16, 0);
      await publishLeachingShipment(log, salesSchema, ids, salesTopic);
      await waitForLive(17, 1);
    } finally {
      await live.stop();
      for (const relay of relays) await relay.stop();
    }

    const progress: RebuildProgress[] = [];
    const report = await rebuildFromKafka({
      kafka,
      url: log.database.url,
      into: rebuildSchema,
      topics,
      ledger,
      shipmentTopics: [salesTopic],
      onProgress: (each) => progress.push(each),
      progressIntervalMs: 50,
      logger: silent,
    });
    expect(report).toMatchObject({
      schema: rebuildSchema,
      logEvents: 17,
      events: 17,
      heldEvents: 0,
      parkedEvents: 0,
    });
    expect(progress.at(-1)).toMatchObject({ events: 17, total: 17 });

    for (const [table, excluded] of Object.entries(COMPARED)) {
      const expected = await rows(liveSchema, table, excluded);
      expect({ table, rows: await rows(rebuildSchema, table, excluded) }).toEqual({ table, rows: expected });
    }
    // The chains: one per topic-partition that holds events, each in offset order, the same heads.
    const chains = async (schema: string) =>
      (await ds(liveSchema).query(
        `SELECT chain_id, length::integer AS length, encode(head_hash, 'hex') AS head FROM "${schema}".ledger_chain ORDER BY chain_id`,
      )) as { chain_id: string; length: number; head: string }[];
    const liveChains = await chains(liveSchema);
    expect(liveChains.reduce((sum, chain) => sum + chain.length, 0)).toBe(17);
    expect(liveChains.filter((chain) => chain.chain_id.startsWith(`${runTopic}:`))).toEqual([
      expect.objectContaining({ chain_id: `${runTopic}:${runTopic}:0`, length: 2 }),
    ]);
    expect(await chains(rebuildSchema)).toEqual(liveChains);
    const offsetsInChainOrder = (await ds(liveSchema).query(
      `SELECT count(*)::integer AS n FROM "${rebuildSchema}".ledger_entry e
       WHERE e.chain_index::numeric <> (SELECT count(*) FROM "${rebuildSchema}".ledger_entry o
                                        WHERE o.chain_id = e.chain_id AND o.position < e.position)`,
    )) as { n: number }[];
    expect(offsetsInChainOrder).toEqual([{ n: 0 }]);

    const counts = async (schema: string) =>
      (await ds(liveSchema).query(
        `SELECT (SELECT count(*) FROM "${schema}".trace_lot)::integer AS lots,
                (SELECT count(*) FROM "${schema}".trace_movement)::integer AS movements,
                (SELECT count(*) FROM "${schema}".ledger_entry)::integer AS ledger,
                (SELECT count(*) FROM "${schema}".outbox)::integer AS outbox`,
      )) as unknown[];
    expect(await counts(liveSchema)).toEqual([{ lots: 10, movements: 2, ledger: 17, outbox: 1 }]);
    expect(await counts(rebuildSchema)).toEqual([{ lots: 10, movements: 2, ledger: 17, outbox: 0 }]);
    expect(await ds(liveSchema).query(`SELECT statement_id FROM "${rebuildSchema}".trace_statement`)).toEqual(
      [{ statement_id: statementIdOf(ids.S1, ids.P) }],
    );

    // A second rebuild into the same schema is refused.
    await expect(
      rebuildFromKafka({
        kafka,
        url: log.database.url,
        into: rebuildSchema,
        topics,
        ledger,
        logger: silent,
        shipmentTopics: [salesTopic],
      }),
    ).rejects.toThrow(`rebuild into schema "${rebuildSchema}": it already holds a genealogy`);
  });

  // Runs on the live schema and the per-event rebuild of the test above.
  it('reaches the same tables and ledger chains in bulk (inbox, gate, watermark and chains in memory)', async () => {
    const bulkProgress: RebuildProgress[] = [];
    const bulk = await rebuildFromKafka({
      kafka,
      url: log.database.url,
      into: bulkSchema,
      topics,
      ledger,
      shipmentTopics: [salesTopic],
      mode: 'bulk',
      onProgress: (each) => bulkProgress.push(each),
      progressIntervalMs: 0,
      logger: silent,
    });
    expect(bulk).toMatchObject({
      schema: bulkSchema,
      logEvents: 17,
      events: 17,
      heldEvents: 0,
      parkedEvents: 0,
    });
    expect(bulkProgress.at(-1)).toMatchObject({ events: 17, total: 17 });
    for (const [table, excluded] of Object.entries(COMPARED)) {
      const expected = await rows(liveSchema, table, excluded);
      expect({ table, rows: await rows(bulkSchema, table, excluded) }).toEqual({ table, rows: expected });
    }
    const chains = async (schema: string) =>
      (await ds(liveSchema).query(
        `SELECT chain_id, length::integer AS length, encode(head_hash, 'hex') AS head FROM "${schema}".ledger_chain ORDER BY chain_id`,
      )) as { chain_id: string; length: number; head: string }[];
    expect(await chains(bulkSchema)).toEqual(await chains(liveSchema));
    const counts = async (schema: string) =>
      ds(liveSchema).query(
        `SELECT (SELECT count(*) FROM "${schema}".trace_lot)::integer AS lots,
                (SELECT count(*) FROM "${schema}".ledger_entry)::integer AS ledger,
                (SELECT count(*) FROM "${schema}".outbox)::integer AS outbox,
                (SELECT count(*) FROM "${schema}".gate_released)::integer AS released,
                (SELECT count(*) FROM "${schema}".gate_held)::integer AS held,
                (SELECT count(*) FROM "${schema}".inbox)::integer AS inbox,
                (SELECT string_agg(stream || '=' || last_sequence, ',' ORDER BY stream) FROM "${schema}".gate_stream) AS streams`,
      );
    expect(await counts(bulkSchema)).toEqual([
      expect.objectContaining({ lots: 10, ledger: 17, outbox: 0, released: 17, held: 0, inbox: 17 }),
    ]);
    expect(await counts(bulkSchema)).toEqual(await counts(rebuildSchema));
    expect(await ds(liveSchema).query(`SELECT statement_id FROM "${bulkSchema}".trace_statement`)).toEqual([
      { statement_id: statementIdOf(ids.S1, ids.P) },
    ]);
  });
});
