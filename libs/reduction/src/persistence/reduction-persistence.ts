import { messagingMigrations } from '@rre/messaging';
import { processRunsMigrations } from '@rre/process-runs';
import type { MigrationInterface } from 'typeorm';
import { CreateReductionTables1765100000000 } from './1765100000000-create-reduction-tables.migration';

/** The database schema of the reduction service. */
export const REDUCTION_SERVICE_NAME = 'reduction';

/** Every migration of the reduction schema: messaging, the run library's tables, reduction's own. */
export const reductionMigrations: (new () => MigrationInterface)[] = [
  ...messagingMigrations,
  ...processRunsMigrations,
  CreateReductionTables1765100000000,
];

/** No TypeORM entities: every table is reached through SQL. */
export const reductionEntities: (new () => unknown)[] = [];
