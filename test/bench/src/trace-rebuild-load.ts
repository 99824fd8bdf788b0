import { create, type DescMessage, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { commonV1, IntakeEventTypes, intakeV1, processV1, Topics } from '@rre/contracts';
import {
  ensureTopics,
  EventPublisher,
  KafkaOutboxRelay,
  LogSequencer,
  messagingMigrations,
  messagingTablesOf,
} from '@rre/messaging';
import { inTransaction, openServiceDatabase } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import { rebuildFromKafka, rebuildFromOutboxes, type RebuildReport } from '@rre/traceability';
import type { Kafka } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { ulid } from 'ulid';

// Rebuild speed: intake and concentration events published through real outboxes (LotRegistered;
// per run RunPlanned, LotReceived and LotQuantityTaken of 3 lots, LotProduced, RunCompleted) on
// topics of their own (the genealogy topics' names + a unique suffix), sequenced, then read back
// from position 0 into a fresh traceability schema; with a Kafka broker, also relayed to Kafka and
// rebuilt from the topics' start into another fresh schema.
const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface RebuildMeasurement {
  readonly outboxes?: RebuildReport;
  readonly outboxesBulk: RebuildReport;
  readonly kafka?: RebuildReport;
  readonly kafkaBulk?: RebuildReport;
}
const concentration = processEventTypesOf('concentration');
const kg = (value: string) => ({ value, unitCode: 'KGM' });
const tb = (fraction: string) => ({ contents: [{ element: 'Tb', massFraction: fraction, unitCode: 'C62' }] });

function publisher(service: string) {
  const events = new EventPublisher({ service });
  return <Desc extends DescMessage>(
    manager: EntityManager,
    topic: string,
    type: string,
    subject: string,
    schema: Desc,
    init: MessageInitShape<Desc>,
  ) => events.publish(manager, { topic, type, subject, data: toBinary(schema, create(schema, init)) });
}

async function sequenceAll(dataSource: DataSource): Promise<void> {
  const sequencer = new LogSequencer({ dataSource });
  try {
    while ((await sequencer.sequenceOnce()) > 0);
  } finally {
    await sequencer.stop();
  }
}

/**
 * Publishes about `events` events (in runs of 3 source lots: 13 events each) and rebuilds from them
 * (from the outboxes; from Kafka too when a client is given).
 */
export async function measureRebuild(
  url: string,
  events: number,
  kafka?: Kafka,
): Promise<RebuildMeasurement> {
  const suffix = ulid().toLowerCase();
  const intakeSchema = `bench_intake_${suffix}`;
  const concentrationSchema = `bench_concentration_${suffix}`;
  const into = `bench_traceability_${suffix}`;
  const intoFromKafka = `bench_traceability_kafka_${suffix}`;
  const intoBulk = `bench_traceability_bulk_${suffix}`;
  const intoFromKafkaBulk = `bench_traceability_kafka_bulk_${suffix}`;
  const topic = {
    intake: `${Topics.IntakeLotEvents}.bench-${suffix}`,
    lots: `${Topics.ConcentrationLotEvents}.bench-${suffix}`,
    runs: `${Topics.ConcentrationRunEvents}.bench-${suffix}`,
  };
  const topics = [topic.intake, topic.lots, topic.runs];
  const open = (service: string) =>
    openServiceDatabase({ url, service, poolSize: 2, entities: [], migrations: messagingMigrations });
  const intake = await open(intakeSchema);
  const plant = await open(concentrationSchema);
  const publishIntake = publisher('intake');
  const publishPlant = publisher('concentration');
  try {
    const runs = Math.max(1, Math.round(events / 13));
    for (let first = 0; first < runs; first += 50) {
      const batch = Array.from({ length: Math.min(50, runs - first) }, (_, i) => first + i);
      await inTransaction(intake, async (manager) => {
        for (const r of batch)
          for (let i = 0; i < 3; i++)
            await publishIntake(
              manager,
              topic.intake,
              IntakeEventTypes.LotRegistered,
              `S${r}-${i}`,
              intakeV1.LotRegisteredSchema,
              {
                lot: { lotId: `S${r}-${i}`, lotCode: `S${r}-${i}` },
                sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
                countryOfOrigin: 'JP',
                weighedNetMass: kg('100'),
                declaredComposition: tb('0.02'),
              },
            );
      });
      await inTransaction(plant, async (manager) => {
        for (const r of batch) {
          const runId = `R${r}`;
          await publishPlant(
            manager,
            topic.runs,
            concentration.RunPlanned,
            runId,
            processV1.RunPlannedSchema,
            {
              runId,
              kind: 'LEACHING',
            },
          );
          for (let i = 0; i < 3; i++) {
            const lotId = `S${r}-${i}`;
            await publishPlant(
              manager,
              topic.lots,
              concentration.LotReceived,
              lotId,
              processV1.LotReceivedSchema,
              {
                lot: { lotId, lotCode: lotId },
                kind: processV1.ProcessLotKind.MATERIAL,
                mass: kg('100'),
              },
            );
            await publishPlant(
              manager,
              topic.lots,
              concentration.LotQuantityTaken,
              lotId,
              processV1.LotQuantityTakenSchema,
              {
                lot: { lotId, lotCode: lotId },
                runId,
                movementId: `mv-${lotId}`,
                kind: processV1.TakeKind.INPUT,
                mass: kg('100'),
                remainingMass: kg('0'),
              },
            );
          }
          await publishPlant(
            manager,
            topic.lots,
            concentration.LotProduced,
            `P${r}`,
            processV1.LotProducedSchema,
            {
              lot: { lotId: `P${r}`, lotCode: `P${r}` },
              runId,
              role: processV1.OutputRole.PRODUCT,
              mass: kg('50'),
              composition: tb('0.1'),
            },
          );
          await publishPlant(
            manager,
            topic.runs,
            concentration.RunCompleted,
            runId,
            processV1.RunCompletedSchema,
            {
              runId,
            },
          );
        }
      });
    }
    await sequenceAll(intake);
    await sequenceAll(plant);
    const sources = [intakeSchema, concentrationSchema];
    // Per event (the live consumer's path), then in bulk, in the same process on the same events.
    // BENCH_REBUILD_PER_EVENT=0 measures the bulk rebuild only (to profile it).
    const perEvent = process.env.BENCH_REBUILD_PER_EVENT !== '0';
    const outboxes = perEvent ? await rebuildFromOutboxes({ url, into, sources, topics }) : undefined;
    const outboxesBulk = await rebuildFromOutboxes({ url, into: intoBulk, sources, topics, mode: 'bulk' });
    if (!kafka) return { outboxes, outboxesBulk };
    await relayToKafka(kafka, [intake, plant], topics);
    const fromKafka = perEvent
      ? await rebuildFromKafka({ kafka, url, into: intoFromKafka, topics, logger: silent })
      : undefined;
    const kafkaBulk = await rebuildFromKafka({
      kafka,
      url,
      into: intoFromKafkaBulk,
      topics,
      logger: silent,
      mode: 'bulk',
    });
    return { outboxes, outboxesBulk, kafka: fromKafka, kafkaBulk };
  } finally {
    if (kafka) {
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics, timeout: 30_000 }).catch(() => undefined);
      await admin.disconnect();
    }
    // BENCH_KEEP_SCHEMAS=1 keeps them, to look at the rebuilt tables.
    for (const schema of process.env.BENCH_KEEP_SCHEMAS
      ? []
      : [into, intoFromKafka, intoBulk, intoFromKafkaBulk, intakeSchema, concentrationSchema])
      await intake.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await intake.destroy();
    await plant.destroy();
  }
}

/** Relays the outboxes to Kafka (topics of 3 partitions) until every row is published. */
async function relayToKafka(
  kafka: Kafka,
  outboxes: readonly DataSource[],
  topics: readonly string[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, topics, { partitions: 3, replicationFactor: 1 });
  } finally {
    await admin.disconnect();
  }
  const relays = outboxes.map(
    (dataSource) =>
      new KafkaOutboxRelay({ dataSource, kafka, pollIntervalMs: 20, batchSize: 1_000, logger: silent }),
  );
  for (const relay of relays) relay.start();
  try {
    for (const dataSource of outboxes) {
      const outbox = messagingTablesOf(dataSource).outbox;
      for (;;) {
        const [row] = (await dataSource.query(
          `SELECT count(*)::integer AS n FROM ${outbox} WHERE published_at IS NULL`,
        )) as { n: number }[];
        if ((row?.n ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    for (const relay of relays) await relay.stop();
  }
}
