import 'reflect-metadata';
import { Topics } from '@rre/contracts';
import type { EventConsumerDefinition } from '@rre/messaging';
import { handOverAnswersConsumer } from '@rre/process-runs';
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
 * consumers of separation's hand-overs (from Kafka, or from SEPARATION_EVENTS_SCHEMA's outbox) and
 * (on Kafka) of sales' answers to its hand-overs of metal, and serves its GraphQL subgraph and the
 * health checks.
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
      // Sales' answers (accepted, refused) settle reduction's hand-overs to sales; from Kafka only.
      await startUpstreamConsumer(config, {
        service: 'reduction',
        dataSource,
        definition: reductionSalesAnswersConsumer(application),
        logger: messagingLogger,
        cleanups,
        embeddedSource: undefined,
        ensureTopics: true,
      });
      return {
        serviceModule: ReductionModule.forRoot({ dataSource, settings }),
        extras: { application },
      };
    },
  });
}

/**
 * Sales' answers to reduction's hand-overs (`rre.sales.lot-events.v1`), as the platform consumes them
 * when sales runs in it: the same consumer name, so its inbox and Kafka group are the same.
 */
export function reductionSalesAnswersConsumer(application: ReductionApplication): EventConsumerDefinition {
  return handOverAnswersConsumer({
    sender: 'reduction',
    receiver: 'sales',
    topic: Topics.SalesLotEvents,
    name: 'reduction.sales-answers',
    processRuns: () => application.processRuns,
  });
}
