import 'reflect-metadata';
import { Topics } from '@rre/contracts';
import {
  type RunningStandaloneService,
  startStandaloneService,
  startUpstreamConsumer,
} from '@rre/service-runtime';
import {
  TRACEABILITY_CLIENT_ERRORS,
  TraceabilityApplication,
  traceabilityEntities,
  traceabilityMigrations,
  TraceabilityModule,
  ledgerSettingsFrom,
} from '@rre/traceability';
import type { TraceabilityServiceConfig } from './traceability-service-config';

export interface RunningTraceabilityService extends RunningStandaloneService {
  application: TraceabilityApplication;
}

/**
 * Opens traceability's schema on DATABASE_URL (migrating it), starts its consumer of every lot and
 * run topic (Kafka only: without KAFKA_BROKERS it receives nothing; embedded mode is the platform's),
 * relays its outbox (frozen statements) and serves its GraphQL subgraph and the health checks.
 */
export async function startTraceabilityService(
  config: TraceabilityServiceConfig,
): Promise<RunningTraceabilityService> {
  return startStandaloneService(config, {
    service: 'traceability',
    entities: traceabilityEntities,
    migrations: traceabilityMigrations,
    // Its outbox: the recycled-content statements it freezes when a lot is shipped.
    topics: [Topics.TraceabilityStatementEvents],
    clientErrors: TRACEABILITY_CLIENT_ERRORS,
    parts: async ({ dataSource, messagingLogger, cleanups }) => {
      const application = new TraceabilityApplication({ dataSource, ledger: ledgerSettingsFrom(config) });
      await startUpstreamConsumer(config, {
        service: 'traceability',
        dataSource,
        definition: application.lotAndRunEventsConsumer(),
        logger: messagingLogger,
        cleanups,
        // One outbox schema cannot hold every service's topics: embedded, the platform builds the genealogy.
        embeddedSource: undefined,
        ensureTopics: true,
      });
      return {
        serviceModule: TraceabilityModule.forRoot({ dataSource, ledger: ledgerSettingsFrom(config) }),
        extras: { application },
      };
    },
  });
}
