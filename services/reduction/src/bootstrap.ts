import 'reflect-metadata';
import { Topics } from '@rre/contracts';
import {
  REDUCTION_CLIENT_ERRORS,
  ReductionApplication,
  reductionEntities,
  reductionMigrations,
  ReductionModule,
  reductionSettingsFrom,
} from '@rre/reduction';
import {
  type RunningStandaloneService,
  startStandaloneService,
  startUpstreamConsumer,
} from '@rre/service-runtime';
import type { ReductionServiceConfig } from './reduction-service-config';

export interface RunningReductionService extends RunningStandaloneService {
  application: ReductionApplication;
}

/**
 * Opens reduction's schema on DATABASE_URL (migrating it), starts its outbox relay and its
 * consumer of separation's hand-overs (from Kafka, or from SEPARATION_EVENTS_SCHEMA's outbox), and
 * serves its GraphQL subgraph and the health checks.
 */
export async function startReductionService(
  config: ReductionServiceConfig,
): Promise<RunningReductionService> {
  const settings = reductionSettingsFrom(config);
  return startStandaloneService(config, {
    service: 'reduction',
    entities: reductionEntities,
    migrations: reductionMigrations,
    topics: [Topics.ReductionLotEvents, Topics.ReductionRunEvents],
    clientErrors: REDUCTION_CLIENT_ERRORS,
    parts: async ({ dataSource, messagingLogger, cleanups }) => {
      const application = new ReductionApplication({ dataSource, settings });
      const definition = application.separationHandOversConsumer();
      await startUpstreamConsumer(config, {
        service: 'reduction',
        dataSource,
        definition,
        logger: messagingLogger,
        cleanups,
        embeddedSource: config.SEPARATION_EVENTS_SCHEMA,
        ensureTopics: true,
      });
      return {
        serviceModule: ReductionModule.forRoot({ dataSource, settings }),
        extras: { application },
      };
    },
  });
}
