import {
  EmbeddedEventConsumer,
  type EventConsumerDefinition,
  KafkaEventConsumer,
  type MessagingLogger,
} from '@rre/messaging';
import { serviceSchema } from '@rre/persistence';
import { Kafka, logLevel } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { PlatformConfig } from './platform-config';
import type { PlatformServiceDefinition } from './platform-services';

export interface RunningEventConsumers {
  /** Consumer names, e.g. ["concentration.intake-lot-events"]. */
  names: readonly string[];
  stop(): Promise<void>;
}

/**
 * Starts every service's event consumers: with Kafka brokers, each in its consumer group; without,
 * each reads the outboxes of the services that publish its topics (the embedded event log).
 */
export async function startEventConsumers(
  services: readonly PlatformServiceDefinition[],
  dataSources: ReadonlyMap<string, DataSource>,
  settings: { config: PlatformConfig; logger: MessagingLogger },
): Promise<RunningEventConsumers> {
  const brokers = settings.config.KAFKA_BROKERS;
  const kafka =
    brokers === undefined
      ? undefined
      : new Kafka({ clientId: 'rre-platform-consumers', brokers: [...brokers], logLevel: logLevel.WARN });
  const running: { stop(): Promise<void> }[] = [];
  const names: string[] = [];
  const stop = async () => {
    for (const consumer of running.reverse()) await consumer.stop();
    running.length = 0;
  };
  try {
    for (const service of services) {
      const dataSource = dataSources.get(service.name);
      if (!service.consumers || !dataSource) continue;
      const publishedTopics = services.flatMap((s) => s.publishes ?? []);
      for (const definition of service.consumers({ dataSource, config: settings.config, publishedTopics })) {
        names.push(definition.name);
        if (kafka) {
          const consumer = new KafkaEventConsumer({ kafka, dataSource, definition, logger: settings.logger });
          await consumer.start();
          running.push(consumer);
        } else {
          const consumer = new EmbeddedEventConsumer({
            dataSource,
            definition,
            sources: sourcesOf(definition, services, dataSources),
            logger: settings.logger,
          });
          consumer.start();
          running.push(consumer);
        }
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { names, stop };
}

/** The schemas of the services whose outboxes carry the consumer's topics. */
function sourcesOf(
  definition: EventConsumerDefinition,
  services: readonly PlatformServiceDefinition[],
  dataSources: ReadonlyMap<string, DataSource>,
): string[] {
  const sources = services
    .filter((s) => s.publishes?.some((topic) => definition.topics.includes(topic)))
    .map((s) => {
      const dataSource = dataSources.get(s.name);
      if (!dataSource) throw new Error(`event consumers: service ${s.name} has no data source`);
      return serviceSchema(dataSource);
    });
  if (sources.length === 0) {
    throw new Error(
      `consumer ${definition.name}: no service of the platform publishes ${definition.topics.join(', ')}`,
    );
  }
  return sources;
}
