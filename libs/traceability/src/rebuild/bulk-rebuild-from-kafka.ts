import { type EventEnvelope, fromKafkaMessage } from '@rre/contracts';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { LedgerSettings } from '../ledger/ledger-application';
import { BulkApply, type LoggedEvent } from './bulk-apply';

/** Offsets [low, high) of one partition when the rebuild started. */
export interface KafkaPartitionEnd {
  readonly topic: string;
  readonly partition: number;
  readonly low: bigint;
  readonly high: bigint;
}

/**
 * Reads the topics from their start, phase after phase (the shipment topics last), up to the ends
 * the partitions had at the start, and applies each Kafka batch (a partition's run of messages, in
 * offset order) in one transaction (BulkApply). Offsets are not committed: the group is the
 * rebuild's own and is deleted at the end.
 */
export async function bulkRebuildFromKafka(
  dataSource: DataSource,
  options: {
    kafka: Kafka;
    groupId: string;
    phases: readonly (readonly string[])[];
    ends: readonly KafkaPartitionEnd[];
    topics: readonly string[];
    ledger?: LedgerSettings;
    clock?: () => Date;
    stallTimeoutMs?: number;
    /** Most events of one partition in one transaction (default 1,000, as the per-event rebuild). */
    batchSize?: number;
    onEvents?: (events: number) => void;
  },
): Promise<void> {
  const bulk = new BulkApply(dataSource, {
    topics: options.topics,
    ledger: options.ledger,
    clock: options.clock,
  });
  await bulk.start();
  const batchSize = options.batchSize ?? 1_000;
  const endOf = new Map(options.ends.map((end) => [`${end.topic}/${end.partition}`, end.high]));
  for (const phase of options.phases) {
    const pending = new Set(
      options.ends
        .filter((end) => phase.includes(end.topic) && end.high > end.low)
        .map((end) => `${end.topic}/${end.partition}`),
    );
    if (pending.size === 0) continue;
    const consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: 16 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
    });
    let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    let failed = false;
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [...phase], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 1,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
          if (failed) return;
          const key = `${batch.topic}/${batch.partition}`;
          const end = endOf.get(key) ?? 0n;
          try {
            const messages = batch.messages.filter((message) => BigInt(message.offset) < end);
            const events: LoggedEvent[] = messages.map((message) => ({
              envelope: envelopeOf(batch.topic, batch.partition, message),
              topic: batch.topic,
              position: { source: batch.topic, partition: batch.partition, position: message.offset },
              ...(message.timestamp && { recordedAt: new Date(Number(message.timestamp)) }),
            }));
            // Transactions of at most 1,000 events, as the per-event rebuild settles a Kafka batch
            // (restatements are decided per transaction).
            for (let from = 0; from < events.length; from += batchSize)
              await bulk.apply(events.slice(from, from + batchSize));
            const last = messages[messages.length - 1];
            if (last) resolveOffset(last.offset);
            await heartbeat();
            options.onEvents?.(bulk.events);
            if (last && BigInt(last.offset) + 1n >= end) pending.delete(key);
            if (pending.size === 0) settle?.resolve();
          } catch (error) {
            failed = true;
            settle?.reject(error);
          }
        },
      });
      let lastEvents = -1;
      let lastChange = performance.now();
      const stall = setInterval(() => {
        if (bulk.events !== lastEvents) {
          lastEvents = bulk.events;
          lastChange = performance.now();
        } else if (performance.now() - lastChange > (options.stallTimeoutMs ?? 60_000)) {
          settle?.reject(new Error(`bulk rebuild from Kafka stalled at ${bulk.events} events`));
        }
      }, 500);
      try {
        await done;
      } finally {
        clearInterval(stall);
      }
    } finally {
      await consumer.disconnect();
    }
  }
  await bulk.finish();
}

function envelopeOf(
  topic: string,
  partition: number,
  message: Parameters<typeof fromKafkaMessage>[0] & { offset: string },
): EventEnvelope {
  try {
    return fromKafkaMessage(message);
  } catch (error) {
    throw new Error(
      `bulk rebuild: message ${topic}/${partition} at ${message.offset} has no valid envelope: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
