import { messagingMigrations } from '@rre/messaging';
import { processRunsMigrations } from '@rre/process-runs';
import type { MigrationInterface } from 'typeorm';
import { CreateSalesTables1765300000000 } from './1765300000000-create-sales-tables.migration';
import { KeepPassportsTenYears1765600000001 } from './1765600000001-keep-passports-ten-years.migration';
import { CorrectSeededGtins1765600000002 } from './1765600000002-correct-seeded-gtins.migration';
import { RecordPassportRestatements1766000000001 } from './1766000000001-record-passport-restatements.migration';

/** The database schema of the sales service. */
export const SALES_SERVICE_NAME = 'sales';

/** Every migration of the sales schema: messaging, the run library's tables (lots in custody), sales' own. */
export const salesMigrations: (new () => MigrationInterface)[] = [
  ...messagingMigrations,
  ...processRunsMigrations,
  CreateSalesTables1765300000000,
  KeepPassportsTenYears1765600000001,
  CorrectSeededGtins1765600000002,
  RecordPassportRestatements1766000000001,
];

/** No TypeORM entities: every table is reached through SQL. */
export const salesEntities: (new () => unknown)[] = [];
