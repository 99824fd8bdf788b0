import 'reflect-metadata';
import {
  CONCENTRATION_CLIENT_ERRORS,
  ConcentrationApplication,
  ConcentrationModule,
  concentrationEntities,
  concentrationMigrations,
  concentrationSettingsFrom,
} from '@rre/concentration';
import { Topics } from '@rre/contracts';
import { EmbeddedEventConsumer, KafkaEventConsumer } from '@rre/messaging';
import { type RunningStandaloneService, startStandaloneService } from '@rre/service-runtime';
import { Kafka, logLevel } from 'kafkajs';
import type { ConcentrationServiceConfig } from './concentration-service-config';

export interface RunningConcentrationService extends RunningStandaloneService {
  application: ConcentrationApplication;
}

/**
 * Opens concentration's schema on DATABASE_URL (migrating it), starts its outbox relay and its
 * consumer of intake's lot events, and serves its GraphQL subgraph and the health checks.
 */
export async function startConcentrationService(
  config: ConcentrationServiceConfig,
): Promise<RunningConcentrationService> {
  const settings = concentrationSettingsFrom(config);
  return startStandaloneService(config, {
    service: 'concentration',
    entities: concentrationEntities,
    migrations: concentrationMigrations,
    topics: [Topics.ConcentrationLotEvents, Topics.ConcentrationRunEvents],
    clientErrors: CONCENTRATION_CLIENT_ERRORS,
    parts: async ({ dataSource, messagingLogger, cleanups }) => {
      const application = new ConcentrationApplication({ dataSource, settings });
      const definition = application.intakeLotEventsConsumer();
      if (config.KAFKA_BROKERS) {
        const kafka = new Kafka({
          clientId: 'rre-concentration-consumer',
          brokers: [...config.KAFKA_BROKERS],
          logLevel: logLevel.WARN,
        });
        const consumer = new KafkaEventConsumer({ kafka, dataSource, definition, logger: messagingLogger });
        await consumer.start();
        cleanups.push(() => consumer.stop());
      } else {
        const consumer = new EmbeddedEventConsumer({
          dataSource,
          definition,
          sources: [config.INTAKE_EVENTS_SCHEMA],
          logger: messagingLogger,
        });
        consumer.start();
        cleanups.push(() => consumer.stop());
      }
      return {
        serviceModule: ConcentrationModule.forRoot({ dataSource, settings }),
        extras: { application },
      };
    },
  });
}
