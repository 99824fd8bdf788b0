import 'reflect-metadata';
import { Topics } from '@rre/contracts';
import type { EventConsumerDefinition } from '@rre/messaging';
import { handOverAnswersConsumer } from '@rre/process-runs';
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
 * consumers of concentration's lot events and (on Kafka) of reduction's and sales' answers to its
 * hand-overs, and serves its GraphQL subgraph and the health checks.
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
        // The upstream relay may not have created its topics yet when this service starts.
        ensureTopics: true,
      });
      // Reduction's answers (accepted, refused) settle separation's hand-overs of oxide; from Kafka only.
      await startUpstreamConsumer(config, {
        service: 'separation',
        dataSource,
        definition: application.reductionAnswersConsumer(),
        logger: messagingLogger,
        cleanups,
        embeddedSource: undefined,
        ensureTopics: true,
      });
      // Sales' answers (accepted, refused) settle separation's hand-overs to sales; from Kafka only.
      await startUpstreamConsumer(config, {
        service: 'separation',
        dataSource,
        definition: separationSalesAnswersConsumer(application),
        logger: messagingLogger,
        cleanups,
        embeddedSource: undefined,
        ensureTopics: true,
      });
      return {
        serviceModule: SeparationModule.forRoot({ dataSource, settings }),
        extras: { application },
      };
    },
  });
}

/**
 * Sales' answers to separation's hand-overs (`rre.sales.lot-events.v1`), as the platform consumes them
 * when sales runs in it: the same consumer name, so its inbox and Kafka group are the same.
 */
export function separationSalesAnswersConsumer(application: SeparationApplication): EventConsumerDefinition {
  return handOverAnswersConsumer({
    sender: 'separation',
    receiver: 'sales',
    topic: Topics.SalesLotEvents,
    name: 'separation.sales-answers',
    processRuns: () => application.processRuns,
  });
}
