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
import { formatRate, loadAverage, machineDescription, percentile, table } from './bench-report';

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
  /** Paced run: from the commit of each publishing transaction to that of the consumer's. */
  afterCommitMs?: number[];
  /** 1-minute load average when the run started and when it ended (the machine is shared). */
  load: [number, number];
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
    `${run.load[0].toFixed(1)} -> ${run.load[1].toFixed(1)}`,
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
  const loadBefore = loadAverage();
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
  return {
    name: 'raw kafkajs produce + consume (500 per send)',
    events: EVENTS,
    seconds,
    latenciesMs: latencies,
    load: [loadBefore, loadAverage()],
  };
}

const HANDLED_TIMES = 'bench.handledEventTimes';
const HANDLED_IDS = 'bench.handledEventIds';
/** Paced run: when each event's publishing transaction committed, by event id. */
const committedAt = new Map<string, number>();

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
        ((runner.data[HANDLED_IDS] ??= []) as string[]).push(event.envelope.id);
      },
    },
  };
}

/** What the bench consumer's committed transactions handled on a data source. */
interface Handled {
  /** Publish-to-handled latencies, one per event. */
  latenciesMs: number[];
  /** Paced run: from the commit of the publishing transaction to that of the consumer's. */
  afterCommitMs: number[];
}

/** Collects publish-to-committed latencies of the bench consumer's transactions on `dataSource`. */
function measureHandled(dataSource: DataSource): Handled {
  const handled: Handled = { latenciesMs: [], afterCommitMs: [] };
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      const times = queryRunner.data[HANDLED_TIMES] as number[] | undefined;
      if (queryRunner.isTransactionActive || !times) return;
      delete queryRunner.data[HANDLED_TIMES];
      const now = Date.now();
      for (const time of times) handled.latenciesMs.push(now - time);
      for (const id of (queryRunner.data[HANDLED_IDS] ?? []) as string[]) {
        const committed = committedAt.get(id);
        if (committed !== undefined) handled.afterCommitMs.push(now - committed);
      }
      delete queryRunner.data[HANDLED_IDS];
    },
    afterTransactionRollback: ({ queryRunner }) => {
      if (queryRunner.isTransactionActive) return;
      delete queryRunner.data[HANDLED_TIMES];
      delete queryRunner.data[HANDLED_IDS];
    },
  };
  dataSource.subscribers.push(subscriber);
  return handled;
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

/** How a bench publisher writes the events of one transaction. */
type PublishCall = 'publishAll' | 'publish';

/**
 * Publishes `count` events from `writers` concurrent writers in transactions of `batch` events, with
 * one `publishAll` statement per transaction or one `publish` per event. Each writer owns every
 * `writers`-th lot, as a plant's concurrent requests concern different lots.
 */
async function publishInTransactions(
  dataSource: DataSource,
  topic: string,
  count: number,
  writers: number,
  batch: number,
  call: PublishCall,
) {
  const publisher = new EventPublisher({ service: 'bench' });
  const request = (i: number) => {
    const lotId = lotIds[i % LOTS] as string;
    return {
      topic,
      type: eventType,
      subject: lotId,
      data: encodeEventData(eventType, registeredMessage(lotId)),
    };
  };
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const mine: number[] = [];
      for (let i = writer; i < count; i += writers) mine.push(i);
      for (let from = 0; from < mine.length; from += batch) {
        const indexes = mine.slice(from, from + batch);
        await inTransaction(dataSource, async (manager) => {
          if (call === 'publishAll') {
            await publisher.publishAll(manager, indexes.map(request));
          } else {
            for (const i of indexes) await publisher.publish(manager, request(i));
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
      (envelope) => {
        committedAt.set(envelope.id, Date.now());
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

/** How the outbox paths publish: transactions of BATCH events (one publishAll, or one publish each), or paced single events. */
type OutboxPublishing = PublishCall | 'paced';

async function kafkaPath(
  kafka: Kafka,
  publishing: OutboxPublishing,
): Promise<Run & { publishing?: PacedPublishing }> {
  const paced = publishing === 'paced';
  const loadBefore = loadAverage();
  const suffix = ulid().toLowerCase().slice(-10);
  const topic = `rre.bench.outbox.${suffix}`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topic], { partitions: PARTITIONS, replicationFactor: 1 });
  const producerPool = paced ? PACED_IN_FLIGHT + 2 : WRITERS + 2;
  const producerDb = await openService(databaseUrl, `bench_prod_${suffix}`, producerPool);
  const consumerDb = await openService(databaseUrl, `bench_cons_${suffix}`, PARTITIONS + 2);
  const relay = new KafkaOutboxRelay({ dataSource: producerDb, kafka, pollIntervalMs: 10, batchSize: 500 });
  const handled = measureHandled(consumerDb);
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

  let pacedPublishing: PacedPublishing | undefined;
  if (publishing === 'paced') {
    pacedPublishing = await publishPaced(producerDb, topic, count, PACED_RATE, PACED_IN_FLIGHT);
  } else {
    await publishInTransactions(producerDb, topic, count, WRITERS, BATCH, publishing);
  }
  const publishedAfterSeconds = (Date.now() - started) / 1000;
  await waitUntil(() => handled.latenciesMs.length >= count, 'outbox -> Kafka -> inbox consumer');
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
    name: `outbox -> Kafka -> inbox, ${publishingLabel(publishing, WRITERS)}`,
    events: count,
    seconds,
    latenciesMs: handled.latenciesMs,
    afterCommitMs: paced ? handled.afterCommitMs : undefined,
    publishedAfterSeconds,
    publishing: pacedPublishing,
    load: [loadBefore, loadAverage()],
  };
}

function publishingLabel(publishing: OutboxPublishing, writers: number): string {
  if (publishing === 'paced') return `paced ${PACED_RATE}/s, 1 event/tx`;
  return publishing === 'publishAll'
    ? `${writers} x publishAll ${BATCH} events/tx`
    : `${writers} x publish ${BATCH} events/tx`;
}

async function embedded(call: PublishCall): Promise<{ bus: Run; rawInsertsPerSecond: number }> {
  const loadBefore = loadAverage();
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

    const handled = measureHandled(consumerDb);
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
    await publishInTransactions(producerDb, 'rre.bench.embedded', EMBEDDED_EVENTS, 1, BATCH, call);
    const publishedAfterSeconds = (Date.now() - started) / 1000;
    await waitUntil(() => handled.latenciesMs.length >= EMBEDDED_EVENTS, 'embedded consumer');
    const seconds = (Date.now() - started) / 1000;
    await consumer.stop();
    await sequencer.stop();
    await consumerDb.destroy();
    await producerDb.destroy();
    return {
      bus: {
        name: `embedded (PGlite): outbox log -> consumer, ${publishingLabel(call, 1)}`,
        events: EMBEDDED_EVENTS,
        seconds,
        latenciesMs: handled.latenciesMs,
        publishedAfterSeconds,
        load: [loadBefore, loadAverage()],
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
      `publishers: ${WRITERS} writers (embedded: 1) x ${BATCH} events per transaction, written with one ` +
        `publishAll statement or with ${BATCH} publish statements; paced: ${PACED_RATE}/s offered, 1 publish ` +
        `per transaction, up to ${PACED_IN_FLIGHT} in flight; consumers: up to ${CONSUMER_BATCH} events per ` +
        `transaction; latency: envelope time (in the publishing transaction) to the commit of the consumer's ` +
        `transaction; load: 1-minute load average at the start and end of each run\n`,
    );
    const only = new Set(
      (process.env.BENCH_ONLY ?? 'raw,outbox,outbox1,paced,embedded,embedded1').split(','),
    );
    const raw = only.has('raw') ? await rawKafka(kafka) : undefined;
    const outbox = only.has('outbox') ? await kafkaPath(kafka, 'publishAll') : undefined;
    const outboxSingle = only.has('outbox1') ? await kafkaPath(kafka, 'publish') : undefined;
    const paced = only.has('paced') ? await kafkaPath(kafka, 'paced') : undefined;
    const embeddedAll = only.has('embedded') ? await embedded('publishAll') : undefined;
    const embeddedSingle = only.has('embedded1') ? await embedded('publish') : undefined;
    const runs = [raw, outbox, outboxSingle, paced, embeddedAll?.bus, embeddedSingle?.bus].filter(
      (run): run is Run => run !== undefined,
    );
    const header = ['path', 'events', 'seconds', 'throughput', 'p50 ms', 'p99 ms', 'load'];
    console.log(table([header, ...runs.map(report)]));
    console.log('');
    for (const run of runs) {
      if (run.publishedAfterSeconds === undefined) continue;
      console.log(
        `${run.name}: publishing done after ${run.publishedAfterSeconds.toFixed(2)} s ` +
          `(${formatRate(run.events / run.publishedAfterSeconds)}), all handled after ${run.seconds.toFixed(2)} s`,
      );
    }
    const rate = (run: Run) => run.events / run.seconds;
    console.log('');
    if (raw && outbox) {
      console.log(
        `Kafka path (publishAll) / raw kafkajs throughput: ${(rate(outbox) / rate(raw)).toFixed(2)} (target >= 0.5)`,
      );
    }
    if (raw && outboxSingle) {
      console.log(
        `Kafka path (publish per event) / raw kafkajs throughput: ${(rate(outboxSingle) / rate(raw)).toFixed(2)}`,
      );
    }
    if (paced) {
      console.log(
        `p99 publish-to-handled at ${PACED_RATE} events/s offered: ${percentile(paced.latenciesMs, 99)} ms (target < 250); ` +
          `from the publishing commit: p50 ${percentile(paced.afterCommitMs ?? [], 50)} ms, p99 ${percentile(paced.afterCommitMs ?? [], 99)} ms`,
      );
    }
    if (paced?.publishing) {
      const { offeredPerSecond, publishedPerSecond, commitLatenciesMs, maxInFlight } = paced.publishing;
      console.log(
        `paced publishing: offered ${formatRate(offeredPerSecond)}, published ${formatRate(publishedPerSecond)}, ` +
          `publish transaction p50 ${percentile(commitLatenciesMs, 50)} ms / p99 ${percentile(commitLatenciesMs, 99)} ms, ` +
          `at most ${maxInFlight} in flight`,
      );
    }
    for (const each of [embeddedAll, embeddedSingle]) {
      if (!each) continue;
      console.log(
        `${each.bus.name}: ${formatRate(rate(each.bus))} (target >= 1,000); raw PGlite single-row inserts ` +
          `${formatRate(each.rawInsertsPerSecond)}, ratio ${(rate(each.bus) / each.rawInsertsPerSecond).toFixed(2)}`,
      );
    }
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
