import 'reflect-metadata';
import { Topics } from '@rre/contracts';
import {
  REDUCTION_HAND_OVERS_CONSUMER,
  SALES_CLIENT_ERRORS,
  SEPARATION_HAND_OVERS_CONSUMER,
  STATEMENTS_CONSUMER,
  SalesApplication,
  salesEntities,
  salesMigrations,
  SalesModule,
  salesSettingsFrom,
} from '@rre/sales';
import {
  type RunningStandaloneService,
  startStandaloneService,
  startUpstreamConsumer,
} from '@rre/service-runtime';
import type { SalesServiceConfig } from './sales-service-config';

export interface RunningSalesService extends RunningStandaloneService {
  application: SalesApplication;
}

/**
 * Opens sales' schema on DATABASE_URL (migrating it), starts its outbox relay and its consumers of
 * reduction's and separation's hand-overs and of traceability's statements (from Kafka, or from the
 * *_EVENTS_SCHEMA outboxes), and
 * serves its GraphQL subgraph and the health checks.
 */
export async function startSalesService(config: SalesServiceConfig): Promise<RunningSalesService> {
  const settings = salesSettingsFrom(config);
  return startStandaloneService(config, {
    service: 'sales',
    entities: salesEntities,
    migrations: salesMigrations,
    topics: [Topics.SalesLotEvents],
    clientErrors: SALES_CLIENT_ERRORS,
    parts: async ({ dataSource, messagingLogger, cleanups }) => {
      const application = new SalesApplication({ dataSource, settings });
      // Reduction's and separation's offers, then traceability's statements (the passports' figures).
      const sources: Record<string, string | undefined> = {
        [REDUCTION_HAND_OVERS_CONSUMER]: config.REDUCTION_EVENTS_SCHEMA,
        [SEPARATION_HAND_OVERS_CONSUMER]: config.SEPARATION_EVENTS_SCHEMA,
        [STATEMENTS_CONSUMER]: config.TRACEABILITY_EVENTS_SCHEMA,
      };
      for (const definition of application.consumers()) {
        await startUpstreamConsumer(config, {
          service: 'sales',
          dataSource,
          definition,
          logger: messagingLogger,
          cleanups,
          embeddedSource: sources[definition.name],
          ensureTopics: true,
        });
      }
      return {
        serviceModule: SalesModule.forRoot({ dataSource, settings }),
        extras: { application },
      };
    },
  });
}
