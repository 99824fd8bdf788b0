import { messagingMigrations, predecessorGateMigrations } from '@rre/messaging';
import type { MigrationInterface } from 'typeorm';
import { CreateTraceabilityTables1765200000000 } from './1765200000000-create-traceability-tables.migration';

/** The database schema of the traceability service. */
export const TRACEABILITY_SERVICE_NAME = 'traceability';

/** Every migration of the traceability schema: messaging (inbox, dead letters), the gate, its own. */
export const traceabilityMigrations: (new () => MigrationInterface)[] = [
  ...messagingMigrations,
  ...predecessorGateMigrations,
  CreateTraceabilityTables1765200000000,
];

/** No TypeORM entities: every table is reached through SQL. */
export const traceabilityEntities: (new () => unknown)[] = [];
