import { Topics } from '@rre/contracts';
import { ensureTopics, KafkaOutboxRelay, LogSequencer, type MessagingLogger } from '@rre/messaging';
import { Kafka, logLevel } from 'kafkajs';
import type { DataSource } from 'typeorm';

export interface RunningOutboxRelay {
  /** "embedded outbox log" or "kafka 127.0.0.1:9092". */
  description: string;
  stop(): Promise<void>;
}

/**
 * Makes intake's outbox visible to consumers: relayed to Kafka (its topic created first), or,
 * without brokers, sequenced in place as the embedded event log.
 */
export async function startOutboxRelay(
  dataSource: DataSource,
  settings: {
    brokers: readonly string[] | undefined;
    partitions: number;
    replicationFactor: number;
    logger: MessagingLogger;
  },
): Promise<RunningOutboxRelay> {
  if (settings.brokers === undefined) {
    const sequencer = new LogSequencer({ dataSource, logger: settings.logger });
    sequencer.start();
    return { description: 'embedded outbox log', stop: () => sequencer.stop() };
  }
  const kafka = new Kafka({
    clientId: 'rre-intake',
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [Topics.IntakeLotEvents], {
      partitions: settings.partitions,
      replicationFactor: settings.replicationFactor,
    });
  } finally {
    await admin.disconnect();
  }
  const relay = new KafkaOutboxRelay({ dataSource, kafka, logger: settings.logger });
  relay.start();
  return { description: `kafka ${settings.brokers.join(',')}`, stop: () => relay.stop() };
}
