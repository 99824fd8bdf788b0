import { Kafka, logLevel } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { LogSequencer } from './embedded/log-sequencer';
import { ensureTopics } from './kafka/ensure-topics';
import { KafkaOutboxRelay } from './kafka/kafka-outbox-relay';
import type { MessagingLogger } from './messaging-logger';

/** A service's outbox and the topics it publishes to. */
export interface PublishingOutbox {
  dataSource: DataSource;
  topics: readonly string[];
}

export interface OutboxPublishingSettings {
  /** Kafka brokers; none: the embedded event log (the outbox tables, sequenced in place). */
  brokers: readonly string[] | undefined;
  partitions: number;
  replicationFactor: number;
  logger: MessagingLogger;
  /** kafkajs client id. */
  clientId: string;
}

export interface RunningOutboxPublishing {
  /** "embedded outbox log" or "kafka 127.0.0.1:9092". */
  description: string;
  stop(): Promise<void>;
}

/**
 * Makes each outbox visible to consumers: with brokers, its topics are created (kept forever) and a
 * Kafka relay runs per outbox; without, a log sequencer per outbox makes it the embedded event log.
 */
export async function startOutboxPublishing(
  outboxes: readonly PublishingOutbox[],
  settings: OutboxPublishingSettings,
): Promise<RunningOutboxPublishing> {
  if (settings.brokers === undefined) {
    const sequencers = outboxes.map(
      (o) => new LogSequencer({ dataSource: o.dataSource, logger: settings.logger }),
    );
    sequencers.forEach((s) => s.start());
    return {
      description: 'embedded outbox log',
      stop: async () => void (await Promise.all(sequencers.map((s) => s.stop()))),
    };
  }
  const kafka = new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      outboxes.flatMap((o) => o.topics),
      { partitions: settings.partitions, replicationFactor: settings.replicationFactor },
    );
  } finally {
    await admin.disconnect();
  }
  const relays = outboxes.map(
    (o) => new KafkaOutboxRelay({ dataSource: o.dataSource, kafka, logger: settings.logger }),
  );
  relays.forEach((r) => r.start());
  return {
    description: `kafka ${settings.brokers.join(',')}`,
    stop: async () => void (await Promise.all(relays.map((r) => r.stop()))),
  };
}
