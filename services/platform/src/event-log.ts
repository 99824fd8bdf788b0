import { ensureTopics, KafkaOutboxRelay, LogSequencer, type MessagingLogger } from '@rre/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { PlatformServiceDefinition } from './platform-services';

export interface EventLogSettings {
  /** Kafka brokers; none: the embedded event log (the outbox tables, sequenced in place). */
  brokers: readonly string[] | undefined;
  partitions: number;
  replicationFactor: number;
  logger: MessagingLogger;
}

export interface RunningEventLog {
  /** "embedded outbox log" or "kafka 127.0.0.1:9092". */
  description: string;
  stop(): Promise<void>;
}

/**
 * Makes every publishing service's outbox visible to consumers: a Kafka relay per service (topics
 * created first, kept forever), or, embedded, a log sequencer per service outbox.
 */
export async function startEventLog(
  services: readonly PlatformServiceDefinition[],
  dataSources: ReadonlyMap<string, DataSource>,
  settings: EventLogSettings,
): Promise<RunningEventLog> {
  const publishing = services.filter((s) => (s.publishes?.length ?? 0) > 0);
  const dataSourceOf = (name: string) => {
    const dataSource = dataSources.get(name);
    if (!dataSource) throw new Error(`event log: service ${name} has no data source`);
    return dataSource;
  };
  if (settings.brokers === undefined) {
    const sequencers = publishing.map(
      (s) => new LogSequencer({ dataSource: dataSourceOf(s.name), logger: settings.logger }),
    );
    sequencers.forEach((s) => s.start());
    return {
      description: 'embedded outbox log',
      stop: async () => {
        await Promise.all(sequencers.map((s) => s.stop()));
      },
    };
  }

  const kafka = new Kafka({
    clientId: 'rre-platform',
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      publishing.flatMap((s) => s.publishes ?? []),
      { partitions: settings.partitions, replicationFactor: settings.replicationFactor },
    );
  } finally {
    await admin.disconnect();
  }
  const relays = publishing.map(
    (s) => new KafkaOutboxRelay({ dataSource: dataSourceOf(s.name), kafka, logger: settings.logger }),
  );
  relays.forEach((r) => r.start());
  return {
    description: `kafka ${settings.brokers.join(',')}`,
    stop: async () => {
      await Promise.all(relays.map((r) => r.stop()));
    },
  };
}
