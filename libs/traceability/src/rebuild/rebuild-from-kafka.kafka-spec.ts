import { create, type DescMessage, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  commonV1,
  IntakeEventTypes,
  intakeV1,
  processV1,
  SalesEventTypes,
  salesV1,
  Topics,
} from '@rre/contracts';
import { generateSigningKey, privateKeyPem } from '@rre/ledger';
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
import { processEventTypesOf } from '@rre/process-runs';
import { testKafka, uniqueGroupId, uniqueTopicName } from '@rre/testing';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { statementIdOf } from '../messaging/lot-shipped';
import { traceabilityMigrations } from '../persistence/traceability-persistence';
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
const concentration = processEventTypesOf('concentration');
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

let database: TestDatabase;
let kafka: Kafka;
const dataSources = new Map<string, DataSource>();
const ds = (schema: string) => dataSources.get(schema) as DataSource;

beforeAll(async () => {
  database = await openTestDatabase();
  kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [intakeTopic, lotTopic], { partitions: 3, replicationFactor: 1 });
  await ensureTopics(admin, [runTopic, salesTopic], { partitions: 1, replicationFactor: 1 });
  await admin.disconnect();
  for (const schema of [...producers, liveSchema]) {
    dataSources.set(
      schema,
      await openServiceDatabase({
        url: database.url,
        service: schema,
        poolSize: schema === liveSchema ? 6 : 2,
        entities: [],
        migrations: schema === liveSchema ? traceabilityMigrations : messagingMigrations,
      }),
    );
  }
});

afterAll(async () => {
  const admin = kafka?.admin();
  await admin?.connect();
  await admin?.deleteTopics({ topics, timeout: 10_000 }).catch(() => undefined);
  await admin?.disconnect();
  const first = dataSources.get(intakeSchema);
  for (const schema of [rebuildSchema, bulkSchema, ...producers, liveSchema])
    await first?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  for (const dataSource of dataSources.values()) await dataSource.destroy();
  await database?.close();
});

let minute = 0;
async function publish<Desc extends DescMessage>(
  schema: string,
  service: string,
  topic: string,
  type: string,
  subject: string,
  messageSchema: Desc,
  init: MessageInitShape<Desc>,
): Promise<void> {
  minute += 1;
  await inTransaction(ds(schema), (manager) =>
    new EventPublisher({ service }).publish(manager, {
      topic,
      type,
      subject,
      data: toBinary(messageSchema, create(messageSchema, init)),
      time: new Date(Date.UTC(2026, 10, 28, 8, minute)),
    }),
  );
}

const kg = (value: string) => ({ value, unitCode: 'KGM' });
const tb = (fraction: string) => ({ contents: [{ element: 'Tb', massFraction: fraction, unitCode: 'C62' }] });

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

async function rows(schema: string, table: string, excluded: readonly string[]): Promise<unknown[]> {
  const columns = (
    (await ds(liveSchema).query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name`,
      [schema, table],
    )) as { column_name: string }[]
  )
    .map((row) => row.column_name)
    .filter((column) => !excluded.includes(column));
  const list = columns.map((column) => `"${column}"::text`).join(', ');
  return ds(liveSchema).query(`SELECT ${list} FROM "${schema}".${table} ORDER BY ${list}`);
}

describe('rebuilding the projection from Kafka', () => {
  // Sources A 100 kg x 5 % Tb post-consumer JP, B 50 kg x 2 % pre-consumer CN and C1..C6 (registered
  // only); R1 takes A and B -> P 20 kg x 25 % + residue Q 80 kg x 1.25 %; P shipped (S1, 10 kg).
  const A = 'A-KREBUILD';
  const B = 'B-KREBUILD';
  const P = 'P-KREBUILD';
  const Q = 'Q-KREBUILD';
  const R1 = 'R1-KREBUILD';

  it('reads every topic from its start into a fresh schema and reaches the same tables and ledger chains', async () => {
    const registered: [string, string, string, commonV1.SourceCategory, string][] = [
      [A, '100', '0.05', commonV1.SourceCategory.POST_CONSUMER, 'JP'],
      [B, '50', '0.02', commonV1.SourceCategory.PRE_CONSUMER, 'CN'],
      ...[1, 2, 3, 4, 5, 6].map(
        (i) =>
          [`C${i}-KREBUILD`, `${i}`, '0.01', commonV1.SourceCategory.PRIMARY, 'AU'] as [
            string,
            string,
            string,
            commonV1.SourceCategory,
            string,
          ],
      ),
    ];
    for (const [lotId, mass, fraction, category, country] of registered) {
      await publish(
        intakeSchema,
        'intake',
        intakeTopic,
        IntakeEventTypes.LotRegistered,
        lotId,
        intakeV1.LotRegisteredSchema,
        {
          lot: { lotId, lotCode: lotId },
          supplier: { organisationId: `org-${lotId}` },
          sourceCategory: category,
          countryOfOrigin: country,
          weighedNetMass: kg(mass),
          declaredComposition: tb(fraction),
        },
      );
    }
    await publish(
      concentrationSchema,
      'concentration',
      runTopic,
      concentration.RunPlanned,
      R1,
      processV1.RunPlannedSchema,
      { runId: R1, kind: 'LEACHING' },
    );
    for (const [lotId, mass] of [
      [A, '100'],
      [B, '50'],
    ] as const) {
      await publish(
        concentrationSchema,
        'concentration',
        lotTopic,
        concentration.LotReceived,
        lotId,
        processV1.LotReceivedSchema,
        { lot: { lotId, lotCode: lotId }, kind: processV1.ProcessLotKind.MATERIAL, mass: kg(mass) },
      );
      await publish(
        concentrationSchema,
        'concentration',
        lotTopic,
        concentration.LotQuantityTaken,
        lotId,
        processV1.LotQuantityTakenSchema,
        {
          lot: { lotId, lotCode: lotId },
          runId: R1,
          movementId: `mv-${lotId}`,
          kind: processV1.TakeKind.INPUT,
          mass: kg(mass),
          remainingMass: kg('0'),
        },
      );
    }
    for (const [lotId, mass, fraction, role] of [
      [P, '20', '0.25', processV1.OutputRole.PRODUCT],
      [Q, '80', '0.0125', processV1.OutputRole.RESIDUE],
    ] as const) {
      await publish(
        concentrationSchema,
        'concentration',
        lotTopic,
        concentration.LotProduced,
        lotId,
        processV1.LotProducedSchema,
        { lot: { lotId, lotCode: lotId }, runId: R1, role, mass: kg(mass), composition: tb(fraction) },
      );
    }
    await publish(
      concentrationSchema,
      'concentration',
      runTopic,
      concentration.RunCompleted,
      R1,
      processV1.RunCompletedSchema,
      { runId: R1 },
    );

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
      await publish(
        salesSchema,
        'sales',
        salesTopic,
        SalesEventTypes.LotShipped,
        P,
        salesV1.LotShippedSchema,
        {
          lot: { lotId: P, lotCode: P },
          shipmentId: 'S1-KREBUILD',
          orderId: 'order-1',
          customer: { organisationId: 'org-customer-1' },
          netMass: kg('10'),
          shippedAt: timestampFromDate(new Date('2026-11-28T11:00:00.000Z')),
        },
      );
      await waitForLive(17, 1);
    } finally {
      await live.stop();
      for (const relay of relays) await relay.stop();
    }

    const progress: RebuildProgress[] = [];
    const report = await rebuildFromKafka({
      kafka,
      url: database.url,
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
      [{ statement_id: statementIdOf('S1-KREBUILD', P) }],
    );

    // A second rebuild into the same schema is refused.
    await expect(
      rebuildFromKafka({
        kafka,
        url: database.url,
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
      url: database.url,
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
      { statement_id: statementIdOf('S1-KREBUILD', 'P-KREBUILD') },
    ]);
  });
});
