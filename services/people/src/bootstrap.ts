import 'reflect-metadata';
import { messagingMigrations } from '@rre/messaging';
import { PEOPLE_CLIENT_ERRORS, peopleEntities, peopleMigrations, PeopleModule } from '@rre/people';
import { type RunningStandaloneService, startStandaloneService } from '@rre/service-runtime';
import type { PeopleServiceConfig } from './people-service-config';

/**
 * Opens the directory's schema on DATABASE_URL (migrating it) and serves its GraphQL subgraph and
 * the health checks. The outbox tables exist only because every standalone service relays one; the
 * directory publishes nothing.
 */
export function startPeopleService(config: PeopleServiceConfig): Promise<RunningStandaloneService> {
  return startStandaloneService(config, {
    service: 'people',
    entities: peopleEntities,
    migrations: [...messagingMigrations, ...peopleMigrations],
    topics: [],
    clientErrors: PEOPLE_CLIENT_ERRORS,
    parts: ({ dataSource }) => ({ serviceModule: PeopleModule.forRoot({ dataSource }), extras: {} }),
  });
}
