import { messagingMigrations } from '@rre/messaging';
import { processRunsMigrations } from '@rre/process-runs';
import type { MigrationInterface } from 'typeorm';
import { CreateConcentrationTables1764800000000 } from './1764800000000-create-concentration-tables.migration';
import { AddIntakeLotSupplier1764800000001 } from './1764800000001-add-intake-lot-supplier.migration';

/** The database schema of the concentration service. */
export const CONCENTRATION_SERVICE_NAME = 'concentration';

/** Concentration's own tables (queried with SQL, no TypeORM entities). */
export const concentrationOwnMigrations: (new () => MigrationInterface)[] = [
  CreateConcentrationTables1764800000000,
  AddIntakeLotSupplier1764800000001,
];

/** The outbox, inbox and dead letters of @rre/messaging and concentration's own tables (no run tables). */
export const concentrationBaseMigrations: (new () => MigrationInterface)[] = [
  ...messagingMigrations,
  ...concentrationOwnMigrations,
];

/** Every migration of the concentration schema: messaging, the run library's tables, concentration's own. */
export const concentrationMigrations: (new () => MigrationInterface)[] = [
  ...messagingMigrations,
  ...processRunsMigrations,
  ...concentrationOwnMigrations,
];

/** No TypeORM entities: every table is reached through SQL. */
export const concentrationEntities: (new () => unknown)[] = [];
