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
import {
  type RunningStandaloneService,
  startStandaloneService,
  startUpstreamConsumer,
} from '@rre/service-runtime';
import type { ConcentrationServiceConfig } from './concentration-service-config';

export interface RunningConcentrationService extends RunningStandaloneService {
  application: ConcentrationApplication;
}

/**
 * Opens concentration's schema on DATABASE_URL (migrating it), starts its outbox relay and its
 * consumers of intake's lot events and (on Kafka) of separation's answers to its hand-overs, and
 * serves its GraphQL subgraph and the health checks.
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
      await startUpstreamConsumer(config, {
        service: 'concentration',
        dataSource,
        definition,
        logger: messagingLogger,
        cleanups,
        embeddedSource: config.INTAKE_EVENTS_SCHEMA,
        // The upstream relay may not have created its topics yet when this service starts.
        ensureTopics: true,
      });
      // Separation's answers (accepted, refused) settle concentration's hand-overs; from Kafka only.
      await startUpstreamConsumer(config, {
        service: 'concentration',
        dataSource,
        definition: application.separationAnswersConsumer(),
        logger: messagingLogger,
        cleanups,
        embeddedSource: undefined,
        ensureTopics: true,
      });
      return {
        serviceModule: ConcentrationModule.forRoot({ dataSource, settings }),
        extras: { application },
      };
    },
  });
}
