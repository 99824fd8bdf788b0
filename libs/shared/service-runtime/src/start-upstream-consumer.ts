import {
  EmbeddedEventConsumer,
  ensureTopics,
  type EventConsumerDefinition,
  KafkaEventConsumer,
} from '@rre/messaging';
import type { Logger } from '@rre/telemetry';
import { Kafka, logLevel } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { CleanupStack } from './cleanup-stack';
import type { StandaloneServiceConfig } from './standalone-service-config';

export interface UpstreamConsumerOptions {
  /** e.g. 'separation': the Kafka client id is rre-<service>-consumer. */
  service: string;
  dataSource: DataSource;
  definition: EventConsumerDefinition;
  logger: Logger;
  /** The consumer's stop is pushed here. */
  cleanups: CleanupStack;
  /**
   * Without KAFKA_BROKERS, the schema whose outbox the consumer reads (the upstream service's
   * DATABASE_SCHEMA); undefined: no consumer is started.
   */
  embeddedSource: string | undefined;
  /** Creates the consumer's topics before subscribing (when the upstream relay may start later). */
  ensureTopics?: boolean;
}

/**
 * Starts a service's consumer of an upstream service's events: from Kafka when KAFKA_BROKERS is
 * set, otherwise from the upstream schema's outbox in the same database.
 */
export async function startUpstreamConsumer(
  config: StandaloneServiceConfig,
  options: UpstreamConsumerOptions,
): Promise<void> {
  const { dataSource, definition, logger, cleanups } = options;
  if (config.KAFKA_BROKERS) {
    const kafka = new Kafka({
      clientId: `rre-${options.service}-consumer`,
      brokers: [...config.KAFKA_BROKERS],
      logLevel: logLevel.WARN,
    });
    if (options.ensureTopics) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, definition.topics, {
          partitions: config.KAFKA_TOPIC_PARTITIONS,
          replicationFactor: config.KAFKA_REPLICATION_FACTOR,
        });
      } finally {
        await admin.disconnect();
      }
    }
    const consumer = new KafkaEventConsumer({ kafka, dataSource, definition, logger });
    await consumer.start();
    cleanups.push(() => consumer.stop());
  } else if (options.embeddedSource !== undefined) {
    const consumer = new EmbeddedEventConsumer({
      dataSource,
      definition,
      sources: [options.embeddedSource],
      logger,
    });
    consumer.start();
    cleanups.push(() => consumer.stop());
  }
}
