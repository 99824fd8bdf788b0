import 'reflect-metadata';
import { Topics } from '@rre/contracts';
import {
  SEPARATION_CLIENT_ERRORS,
  SeparationApplication,
  separationEntities,
  separationMigrations,
  SeparationModule,
  separationSettingsFrom,
} from '@rre/separation';
import {
  type RunningStandaloneService,
  startStandaloneService,
  startUpstreamConsumer,
} from '@rre/service-runtime';
import type { SeparationServiceConfig } from './separation-service-config';

export interface RunningSeparationService extends RunningStandaloneService {
  application: SeparationApplication;
}

/**
 * Opens separation's schema on DATABASE_URL (migrating it), starts its outbox relay and its
 * consumer of concentration's lot events, and serves its GraphQL subgraph and the health checks.
 */
export async function startSeparationService(
  config: SeparationServiceConfig,
): Promise<RunningSeparationService> {
  const settings = separationSettingsFrom(config);
  return startStandaloneService(config, {
    service: 'separation',
    entities: separationEntities,
    migrations: separationMigrations,
    topics: [Topics.SeparationLotEvents, Topics.SeparationRunEvents],
    clientErrors: SEPARATION_CLIENT_ERRORS,
    parts: async ({ dataSource, messagingLogger, cleanups }) => {
      const application = new SeparationApplication({ dataSource, settings });
      const definition = application.concentrationLotEventsConsumer();
      await startUpstreamConsumer(config, {
        service: 'separation',
        dataSource,
        definition,
        logger: messagingLogger,
        cleanups,
        embeddedSource: config.CONCENTRATION_EVENTS_SCHEMA,
      });
      return {
        serviceModule: SeparationModule.forRoot({ dataSource, settings }),
        extras: { application },
      };
    },
  });
}
