import { Topics } from '@rre/contracts';
import { KafkaEventConsumer, type MessagingLogger } from '@rre/messaging';
import type { Admin, Kafka } from 'kafkajs';
import { ulid } from 'ulid';
import { LedgerApplication, type LedgerSettings } from '../ledger/ledger-application';
import {
  GENEALOGY_TOPICS,
  LOT_AND_RUN_EVENTS_CONSUMER,
  lotAndRunEventsConsumer,
} from '../messaging/lot-and-run-events.consumer';
import { bulkRebuildFromKafka } from './bulk-rebuild-from-kafka';
import { carryOver } from './carry-over';
import type { RebuildProgress } from './progress-bar';
import type { RebuildMode } from './rebuild-from-outboxes';
import { eventsApplied, openFreshRebuildSchema, type RebuildReport, rebuildReportOf } from './rebuild-schema';

export interface RebuildFromKafkaOptions {
  readonly kafka: Kafka;
  /** The traceability database. */
  readonly url: string;
  /** A fresh schema to rebuild into; refused if it already holds a genealogy. */
  readonly into: string;
  /** Topics read from their start (default: every genealogy topic; those that do not exist hold nothing and are skipped). */
  readonly topics?: readonly string[];
  readonly ledger?: LedgerSettings;
  readonly clock?: () => Date;
  /** Called about every `progressIntervalMs` (default 500) and once at the end. */
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly progressIntervalMs?: number;
  /** Gives up when no event is applied for this long (default 60 s). */
  readonly stallTimeoutMs?: number;
  /**
   * Partitions handled at once (default 1: every transaction takes the gate's lock, so more only
   * wait for each other).
   */
  readonly partitionsConsumedConcurrently?: number;
  /** Most events of one partition settled in one transaction (default 1,000). */
  readonly batchSize?: number;
  readonly logger?: MessagingLogger;
  /**
   * Topics carrying `LotShipped` (default sales' lot events): read after every other topic, so that
   * a statement is frozen again on the whole genealogy of its lot, as it was live (a lot is shipped
   * after it was made), not on whatever part of it the partitions read first had brought.
   */
  readonly shipmentTopics?: readonly string[];
  /**
   * `per-event` (default): the live consumer. `bulk`: the same handler with the inbox, gate,
   * watermark and ledger in memory, one transaction per Kafka batch (`bulk-apply.ts`).
   */
  readonly mode?: RebuildMode;
  /** The schema being replaced: see RebuildFromOutboxesOptions.carryOverFrom. */
  readonly carryOverFrom?: string;
}

/** Where one partition ended when the rebuild started: offsets [low, high). */
interface PartitionEnd {
  readonly topic: string;
  readonly partition: number;
  readonly low: bigint;
  readonly high: bigint;
}

/**
 * Rebuilds the genealogy from Kafka: the consumer, in a fresh schema and a fresh consumer group of
 * its own (no committed offsets, so it starts at every partition's first offset), reads every
 * genealogy topic from its start until its committed offsets reach the ends the partitions had
 * when the rebuild started. Each partition is read in offset order, so the ledger's chains (one per
 * topic-partition) come out as the live consumer built them. The topics carrying shipments are read
 * last (`shipmentTopics`). Statements are frozen again under the same ids but not announced again.
 * The group is deleted at the end.
 */
export async function rebuildFromKafka(options: RebuildFromKafkaOptions): Promise<RebuildReport> {
  const wanted = options.topics ?? GENEALOGY_TOPICS;
  const admin = options.kafka.admin();
  await admin.connect();
  let ends: PartitionEnd[];
  let topics: string[];
  try {
    // A topic no service has published to yet may not exist: it holds no event to read.
    const existing = new Set(await admin.listTopics());
    topics = wanted.filter((topic) => existing.has(topic));
    ends = await partitionEnds(admin, topics);
  } catch (error) {
    await admin.disconnect();
    throw error;
  }
  const concurrency = options.partitionsConsumedConcurrently ?? 1;
  const dataSource = await openFreshRebuildSchema(options.url, options.into, concurrency + 2).catch(
    async (error: unknown) => {
      await admin.disconnect();
      throw error;
    },
  );
  const groupId = `${LOT_AND_RUN_EVENTS_CONSUMER}.rebuild.${options.into}.${ulid().toLowerCase()}`;
  try {
    if (options.carryOverFrom !== undefined) await carryOver(dataSource, options.carryOverFrom, options.into);
    const logEvents = Number(ends.reduce((sum, end) => sum + (end.high - end.low), 0n));
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const shipmentTopics = new Set(options.shipmentTopics ?? [Topics.SalesLotEvents]);
    const phases = [
      topics.filter((topic) => !shipmentTopics.has(topic)),
      topics.filter((topic) => shipmentTopics.has(topic)),
    ].filter((phase) => phase.length > 0);
    if (options.mode === 'bulk') {
      let lastProgress = 0;
      await bulkRebuildFromKafka(dataSource, {
        kafka: options.kafka,
        groupId,
        phases,
        ends,
        topics,
        ledger: options.ledger,
        clock: options.clock,
        stallTimeoutMs: options.stallTimeoutMs,
        batchSize: options.batchSize,
        onEvents: (events) => {
          if (performance.now() - lastProgress < (options.progressIntervalMs ?? 500)) return;
          lastProgress = performance.now();
          options.onProgress?.({ events, total: logEvents, seconds: seconds() });
        },
      });
      const elapsed = seconds();
      const report = await rebuildReportOf(dataSource, options.into, logEvents, elapsed);
      options.onProgress?.({ events: report.events, total: logEvents, seconds: elapsed });
      return report;
    }
    for (const phase of phases) {
      const consumer = new KafkaEventConsumer({
        kafka: options.kafka,
        dataSource,
        definition: lotAndRunEventsConsumer({
          topics: phase,
          clock: options.clock,
          ledger: new LedgerApplication(dataSource, options.ledger, options.clock),
          publishStatements: false,
        }),
        groupId,
        fromBeginning: true,
        partitionsConsumedConcurrently: concurrency,
        batchSize: options.batchSize ?? 1_000,
        consumerConfig: {
          maxWaitTimeInMs: 100,
          maxBytesPerPartition: 16 * 1024 * 1024,
          maxBytes: 64 * 1024 * 1024,
        },
        logger: options.logger,
      });
      const phaseEnds = ends.filter((end) => phase.includes(end.topic));
      await consumer.start();
      try {
        let lastEvents = -1;
        let lastChange = performance.now();
        for (;;) {
          const events = await eventsApplied(dataSource, options.into);
          options.onProgress?.({ events, total: logEvents, seconds: seconds() });
          if (await reached(admin, groupId, phaseEnds)) break;
          if (events !== lastEvents) {
            lastEvents = events;
            lastChange = performance.now();
          } else if (performance.now() - lastChange > (options.stallTimeoutMs ?? 60_000)) {
            throw new Error(`rebuild into "${options.into}" stalled at ${events} of ${logEvents} events`);
          }
          await new Promise((resolve) => setTimeout(resolve, options.progressIntervalMs ?? 500));
        }
      } finally {
        await consumer.stop();
      }
    }
    const elapsed = seconds();
    const report = await rebuildReportOf(dataSource, options.into, logEvents, elapsed);
    options.onProgress?.({ events: report.events, total: logEvents, seconds: elapsed });
    return report;
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
    await dataSource.destroy();
  }
}

async function partitionEnds(admin: Admin, topics: readonly string[]): Promise<PartitionEnd[]> {
  const ends: PartitionEnd[] = [];
  for (const topic of topics) {
    for (const each of await admin.fetchTopicOffsets(topic)) {
      ends.push({ topic, partition: each.partition, low: BigInt(each.low), high: BigInt(each.high) });
    }
  }
  return ends;
}

/** Whether the group's committed offsets have reached every partition's end as of the start. */
async function reached(admin: Admin, groupId: string, ends: readonly PartitionEnd[]): Promise<boolean> {
  const pending = ends.filter((end) => end.high > end.low);
  if (pending.length === 0) return true;
  const committed = await admin.fetchOffsets({
    groupId,
    topics: [...new Set(pending.map((end) => end.topic))],
  });
  const at = new Map<string, bigint>();
  for (const topic of committed)
    for (const each of topic.partitions) at.set(`${topic.topic}/${each.partition}`, BigInt(each.offset));
  return pending.every((end) => (at.get(`${end.topic}/${end.partition}`) ?? -1n) >= end.high);
}
