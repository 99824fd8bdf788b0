import 'reflect-metadata';
import { create } from '@bufbuild/protobuf';
import {
  commonV1,
  encodeEventData,
  IntakeEventTypes,
  intakeV1,
  toKafkaMessage,
  createEnvelope,
} from '@rre/contracts';
import {
  EmbeddedEventConsumer,
  ensureTopics,
  EventPublisher,
  KafkaEventConsumer,
  KafkaOutboxRelay,
  LogSequencer,
  messagingMigrations,
  type EventConsumerDefinition,
} from '@rre/messaging';
import { EmbeddedPostgres, inTransaction, openServiceDatabase } from '@rre/persistence';
import { Kafka, logLevel } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { getRandomValues } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import type { DataSource, EntityManager, EntitySubscriberInterface } from 'typeorm';
import { formatRate, machineDescription, percentile, table } from './bench-report';

// `npm run bench:bus`: events through outbox -> relay -> Kafka -> inbox consumer, beside raw kafkajs
// producing and consuming the same payloads on the same broker in the same run; then the same
// through the embedded adapter (PGlite, outbox as log), beside raw single-row inserts into PGlite.
const root = path.resolve(__dirname, '..', '..', '..', '..', '..');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const EMBEDDED_EVENTS = Number(process.env.BENCH_EMBEDDED_EVENTS ?? 20_000);
const PACED_RATE = 1_000;
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 10);
/** Paced run: transactions in flight at most (many clients at once, one event per transaction each). */
const PACED_IN_FLIGHT = Number(process.env.BENCH_PACED_IN_FLIGHT ?? 32);
/** Events per consumer transaction (the consumers' batchSize). */
const CONSUMER_BATCH = Number(process.env.BENCH_CONSUMER_BATCH ?? 200);
const LOTS = 1_000;
const BATCH = 50;
const WRITERS = 4;
const PARTITIONS = 3;
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/rre_test';

interface Run {
  name: string;
  events: number;
  seconds: number;
  latenciesMs: number[];
  /** Outbox paths: when the last publishing transaction had committed, from the start. */
  publishedAfterSeconds?: number;
}

/** What the paced publisher achieved: the rate offered, and how the publishing transactions fared. */
interface PacedPublishing {
  offeredPerSecond: number;
  publishedPerSecond: number;
  commitLatenciesMs: number[];
  maxInFlight: number;
}

const lotIds = Array.from({ length: LOTS }, () => ulid());

// Event ids for the raw path drawn as EventPublisher draws them (ULIDs from a pooled CSPRNG buffer):
// ulid()'s default asks the CSPRNG once per character, which would load the raw side with work
// the outbox side does not do.
const randomPool = new Uint8Array(4096);
let randomNext = randomPool.length;
function pooledRandom(): number {
  if (randomNext >= randomPool.length) {
    getRandomValues(randomPool);
    randomNext = 0;
  }
  return (randomPool[randomNext++] as number) / 256;
}
const eventType = IntakeEventTypes.LotRegistered;

function registeredMessage(lotId: string) {
  return create(intakeV1.LotRegisteredSchema, {
    lot: create(commonV1.LotRefSchema, { lotId, lotCode: 'L-2026-00042' }),
    declaredMass: create(commonV1.MassSchema, { value: '1000.000', unitCode: 'KGM' }),
    countryOfOrigin: 'JP',
  });
}

function report(run: Run): string[] {
  return [
    run.name,
    run.events.toLocaleString('en-US'),
    run.seconds.toFixed(2),
    formatRate(run.events / run.seconds),
    percentile(run.latenciesMs, 50).toFixed(0),
    percentile(run.latenciesMs, 99).toFixed(0),
  ];
}

async function waitUntil(done: () => boolean, what: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function rawKafka(kafka: Kafka): Promise<Run> {
  const topic = `rre.bench.raw.${ulid().toLowerCase()}`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topic], { partitions: PARTITIONS, replicationFactor: 1 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-raw-${ulid()}`, maxWaitTimeInMs: 50 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  const latencies: number[] = [];
  await consumer.run({
    partitionsConsumedConcurrently: PARTITIONS,
    eachMessage: async ({ message }) => {
      latencies.push(Date.now() - Number(message.timestamp));
    },
  });
  await new Promise((r) => setTimeout(r, 2_000)); // join the group before the clock starts
  const started = Date.now();
  for (let i = 0; i < EVENTS; i += BATCH * 10) {
    const messages = [];
    for (let j = i; j < Math.min(EVENTS, i + BATCH * 10); j++) {
      const lotId = lotIds[j % LOTS] as string;
      // As published through the outbox: one id, which is also the correlation and causation id.
      const id = ulid(undefined, pooledRandom);
      const envelope = createEnvelope({
        id,
        type: eventType,
        data: registeredMessage(lotId),
        sequence: String(j + 1),
        correlationid: id,
        causationid: id,
        actorsub: 'service:bench',
        actororg: 'rre',
      });
      messages.push({ ...toKafkaMessage(envelope), timestamp: String(Date.now()) });
    }
    await producer.send({ topic, acks: -1, messages });
  }
  await waitUntil(() => latencies.length >= EVENTS, 'raw kafkajs consumer');
  const seconds = (Date.now() - started) / 1000;
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return { name: 'raw kafkajs produce + consume', events: EVENTS, seconds, latenciesMs: latencies };
}

const HANDLED_TIMES = 'bench.handledEventTimes';

/**
 * The bench consumer's handler notes each event's publish time (the envelope's `time`, taken in
 * the publishing transaction); the latency is taken when the consumer's transaction commits, so
 * it is publish-to-handled-and-committed, and an event whose transaction rolled back is not counted.
 */
function benchConsumer(name: string, topic: string): EventConsumerDefinition {
  return {
    name,
    topics: [topic],
    handlers: {
      [eventType]: async (event, manager: EntityManager) => {
        const runner = manager.queryRunner;
        if (!runner) throw new Error('bench handler outside a transaction');
        const times = (runner.data[HANDLED_TIMES] ??= []) as number[];
        times.push(Date.parse(event.envelope.time));
      },
    },
  };
}

/** Collects publish-to-committed latencies of the bench consumer's transactions on `dataSource`. */
function measureHandled(dataSource: DataSource): number[] {
  const latencies: number[] = [];
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      const times = queryRunner.data[HANDLED_TIMES] as number[] | undefined;
      if (queryRunner.isTransactionActive || !times) return;
      delete queryRunner.data[HANDLED_TIMES];
      const now = Date.now();
      for (const time of times) latencies.push(now - time);
    },
    afterTransactionRollback: ({ queryRunner }) => {
      if (!queryRunner.isTransactionActive) delete queryRunner.data[HANDLED_TIMES];
    },
  };
  dataSource.subscribers.push(subscriber);
  return latencies;
}

async function openService(url: string, schema: string, poolSize: number): Promise<DataSource> {
  return openServiceDatabase({
    url,
    service: schema,
    poolSize,
    entities: [],
    migrations: [...messagingMigrations],
  });
}

/**
 * Publishes `count` events from `writers` concurrent writers in transactions of `batch` events. Each
 * writer owns every `writers`-th lot, as a plant's concurrent requests concern different lots; a
 * transaction that locks several lots' sequences in different orders than another could deadlock.
 */
async function publishAll(
  dataSource: DataSource,
  topic: string,
  count: number,
  writers: number,
  batch: number,
) {
  const publisher = new EventPublisher({ service: 'bench' });
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const mine: number[] = [];
      for (let i = writer; i < count; i += writers) mine.push(i);
      for (let from = 0; from < mine.length; from += batch) {
        await inTransaction(dataSource, async (manager) => {
          for (const i of mine.slice(from, from + batch)) {
            const lotId = lotIds[i % LOTS] as string;
            await publisher.publish(manager, {
              topic,
              type: eventType,
              subject: lotId,
              data: encodeEventData(eventType, registeredMessage(lotId)),
            });
          }
        });
      }
    }),
  );
}

/**
 * Offers `rate` events/s for `count` events on a fixed schedule, each event in a transaction of its
 * own, as many clients would: a transaction starts when it is due, whether or not earlier ones have
 * committed, with at most `maxInFlight` open at once (a due event waits for a free slot only then).
 */
async function publishPaced(
  dataSource: DataSource,
  topic: string,
  count: number,
  rate: number,
  maxInFlight: number,
): Promise<PacedPublishing> {
  const publisher = new EventPublisher({ service: 'bench' });
  const inFlight = new Set<Promise<void>>();
  const commitLatenciesMs: number[] = [];
  let maxSeen = 0;
  let failure: unknown;
  const started = Date.now();
  for (let i = 0; i < count && failure === undefined; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const lotId = lotIds[i % LOTS] as string;
    const begun = Date.now();
    const transaction: Promise<void> = inTransaction(dataSource, (manager) =>
      publisher.publish(manager, {
        topic,
        type: eventType,
        subject: lotId,
        data: encodeEventData(eventType, registeredMessage(lotId)),
      }),
    ).then(
      () => {
        commitLatenciesMs.push(Date.now() - begun);
        inFlight.delete(transaction);
      },
      (error: unknown) => {
        failure ??= error;
        inFlight.delete(transaction);
      },
    );
    inFlight.add(transaction);
    maxSeen = Math.max(maxSeen, inFlight.size);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return {
    offeredPerSecond: rate,
    publishedPerSecond: count / ((Date.now() - started) / 1000),
    commitLatenciesMs,
    maxInFlight: maxSeen,
  };
}

async function kafkaPath(kafka: Kafka, paced: boolean): Promise<Run & { publishing?: PacedPublishing }> {
  const suffix = ulid().toLowerCase().slice(-10);
  const topic = `rre.bench.outbox.${suffix}`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topic], { partitions: PARTITIONS, replicationFactor: 1 });
  const producerPool = paced ? PACED_IN_FLIGHT + 2 : WRITERS + 2;
  const producerDb = await openService(databaseUrl, `bench_prod_${suffix}`, producerPool);
  const consumerDb = await openService(databaseUrl, `bench_cons_${suffix}`, PARTITIONS + 2);
  const relay = new KafkaOutboxRelay({ dataSource: producerDb, kafka, pollIntervalMs: 10, batchSize: 500 });
  const latencies = measureHandled(consumerDb);
  const consumer = new KafkaEventConsumer({
    kafka,
    dataSource: consumerDb,
    definition: benchConsumer(`bench-${suffix}`, topic),
    partitionsConsumedConcurrently: PARTITIONS,
    batchSize: CONSUMER_BATCH,
    consumerConfig: { maxWaitTimeInMs: 50, heartbeatInterval: 500, sessionTimeout: 6_000 },
  });
  relay.start();
  await consumer.start();
  await new Promise((r) => setTimeout(r, 2_000));
  const count = paced ? PACED_RATE * PACED_SECONDS : EVENTS;
  const started = Date.now();
  let publishing: PacedPublishing | undefined;
  if (paced) {
    publishing = await publishPaced(producerDb, topic, count, PACED_RATE, PACED_IN_FLIGHT);
  } else {
    await publishAll(producerDb, topic, count, WRITERS, BATCH);
  }
  const publishedAfterSeconds = (Date.now() - started) / 1000;
  await waitUntil(() => latencies.length >= count, 'outbox -> Kafka -> inbox consumer');
  const seconds = (Date.now() - started) / 1000;
  await consumer.stop();
  await relay.stop();
  for (const [ds, schema] of [
    [producerDb, `bench_prod_${suffix}`],
    [consumerDb, `bench_cons_${suffix}`],
  ] as const) {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  }
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return {
    name: paced ? `outbox -> Kafka -> inbox, paced ${PACED_RATE}/s` : 'outbox -> relay -> Kafka -> inbox',
    events: count,
    seconds,
    latenciesMs: latencies,
    publishedAfterSeconds,
    publishing,
  };
}

async function embedded(): Promise<{ bus: Run; rawInsertsPerSecond: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rre-bench-'));
  const database = await EmbeddedPostgres.start({ dataDir, maxConnections: 20 });
  try {
    const producerDb = await openService(database.url, 'bench_prod', 4);
    const consumerDb = await openService(database.url, 'bench_cons', 4);

    // Baseline: single-row inserts of the same payload, one transaction each.
    const rawRows = Math.min(5_000, EMBEDDED_EVENTS);
    const payload = Buffer.from(encodeEventData(eventType, registeredMessage(lotIds[0] as string)));
    await producerDb.query(
      'CREATE TABLE bench_prod.raw_insert (id bigserial primary key, key text, data bytea)',
    );
    const rawStarted = Date.now();
    for (let i = 0; i < rawRows; i++) {
      await producerDb.query('INSERT INTO bench_prod.raw_insert (key, data) VALUES ($1, $2)', [
        lotIds[i % LOTS],
        payload,
      ]);
    }
    const rawInsertsPerSecond = rawRows / ((Date.now() - rawStarted) / 1000);

    const latencies = measureHandled(consumerDb);
    const sequencer = new LogSequencer({ dataSource: producerDb, pollIntervalMs: 10, batchSize: 1_000 });
    const consumer = new EmbeddedEventConsumer({
      dataSource: consumerDb,
      definition: benchConsumer('bench-embedded', 'rre.bench.embedded'),
      sources: ['bench_prod'],
      pollIntervalMs: 10,
      batchSize: CONSUMER_BATCH,
    });
    sequencer.start();
    consumer.start();
    const started = Date.now();
    await publishAll(producerDb, 'rre.bench.embedded', EMBEDDED_EVENTS, 1, BATCH);
    const publishedAfterSeconds = (Date.now() - started) / 1000;
    await waitUntil(() => latencies.length >= EMBEDDED_EVENTS, 'embedded consumer');
    const seconds = (Date.now() - started) / 1000;
    await consumer.stop();
    await sequencer.stop();
    await consumerDb.destroy();
    await producerDb.destroy();
    return {
      bus: {
        name: 'embedded: outbox log -> consumer (PGlite)',
        events: EMBEDDED_EVENTS,
        seconds,
        latenciesMs: latencies,
        publishedAfterSeconds,
      },
      rawInsertsPerSecond,
    };
  } finally {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  let brokers = process.env.KAFKA_BROKERS;
  let startedKafka = false;
  if (!brokers) {
    execFileSync('bash', [path.join(root, 'infra/kafka/kafka.sh'), 'start'], { stdio: 'inherit' });
    brokers = `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
    startedKafka = true;
  }
  const kafka = new Kafka({ clientId: 'rre-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  try {
    console.log(machineDescription());
    console.log(
      `PostgreSQL: ${databaseUrl.replace(/:[^:@/]*@/, ':****@')}; Kafka: ${brokers}; ${EVENTS} events`,
    );
    console.log(
      `publishers: ${WRITERS} writers x ${BATCH} events per transaction (paced: 1 event per transaction, ` +
        `up to ${PACED_IN_FLIGHT} in flight); consumers: up to ${CONSUMER_BATCH} events per transaction; ` +
        `latency: envelope time (in the publishing transaction) to the commit of the consumer's transaction\n`,
    );
    const raw = await rawKafka(kafka);
    const outbox = await kafkaPath(kafka, false);
    const paced = await kafkaPath(kafka, true);
    const { bus, rawInsertsPerSecond } = await embedded();
    const header = ['path', 'events', 'seconds', 'throughput', 'p50 ms', 'p99 ms'];
    console.log(table([header, report(raw), report(outbox), report(paced), report(bus)]));
    console.log('');
    for (const run of [outbox, paced, bus]) {
      if (run.publishedAfterSeconds === undefined) continue;
      console.log(
        `${run.name}: publishing done after ${run.publishedAfterSeconds.toFixed(2)} s ` +
          `(${formatRate(run.events / run.publishedAfterSeconds)}), all handled after ${run.seconds.toFixed(2)} s`,
      );
    }
    const rawRate = raw.events / raw.seconds;
    const outboxRate = outbox.events / outbox.seconds;
    const embeddedRate = bus.events / bus.seconds;
    console.log(
      `\nKafka path / raw kafkajs throughput: ${(outboxRate / rawRate).toFixed(2)} (target >= 0.5)`,
    );
    console.log(
      `p99 publish-to-handled at ${PACED_RATE} events/s: ${percentile(paced.latenciesMs, 99)} ms (target < 250)`,
    );
    if (paced.publishing) {
      const { offeredPerSecond, publishedPerSecond, commitLatenciesMs, maxInFlight } = paced.publishing;
      console.log(
        `paced publishing: offered ${formatRate(offeredPerSecond)}, published ${formatRate(publishedPerSecond)}, ` +
          `publish transaction p50 ${percentile(commitLatenciesMs, 50)} ms / p99 ${percentile(commitLatenciesMs, 99)} ms, ` +
          `at most ${maxInFlight} in flight`,
      );
    }
    console.log(
      `embedded: ${formatRate(embeddedRate)} (target >= 1,000); raw PGlite single-row inserts ${formatRate(rawInsertsPerSecond)}, ratio ${(embeddedRate / rawInsertsPerSecond).toFixed(2)}`,
    );
  } finally {
    if (startedKafka)
      execFileSync('bash', [path.join(root, 'infra/kafka/kafka.sh'), 'stop'], { stdio: 'inherit' });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
