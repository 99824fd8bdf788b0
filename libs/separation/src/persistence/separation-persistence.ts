import { messagingMigrations } from '@rre/messaging';
import { processRunsMigrations } from '@rre/process-runs';
import type { MigrationInterface } from 'typeorm';
import { CreateSeparationTables1764900000000 } from './1764900000000-create-separation-tables.migration';

/** The database schema of the separation service. */
export const SEPARATION_SERVICE_NAME = 'separation';

/** Every migration of the separation schema: messaging, the run library's tables, separation's own. */
export const separationMigrations: (new () => MigrationInterface)[] = [
  ...messagingMigrations,
  ...processRunsMigrations,
  CreateSeparationTables1764900000000,
];

/** No TypeORM entities: every table is reached through SQL. */
export const separationEntities: (new () => unknown)[] = [];
