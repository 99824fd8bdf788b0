import { messagingMigrations, predecessorGateMigrations } from '@rre/messaging';
import type { MigrationInterface } from 'typeorm';
import { CreateTraceabilityTables1765200000000 } from './1765200000000-create-traceability-tables.migration';
import { CreateStatementTables1765300000000 } from './1765300000000-create-statement-tables.migration';
import { CreateLedgerTables1765400000000 } from '../ledger/1765400000000-create-ledger-tables.migration';
import { CreateRunBalanceTables1765500000000 } from '../reconciliation/1765500000000-create-run-balance-tables.migration';

/** The database schema of the traceability service. */
export const TRACEABILITY_SERVICE_NAME = 'traceability';

/** Every migration of the traceability schema: messaging (inbox, dead letters), the gate, its own. */
export const traceabilityMigrations: (new () => MigrationInterface)[] = [
  ...messagingMigrations,
  ...predecessorGateMigrations,
  CreateTraceabilityTables1765200000000,
  CreateStatementTables1765300000000,
  CreateLedgerTables1765400000000,
  CreateRunBalanceTables1765500000000,
];

/** No TypeORM entities: every table is reached through SQL. */
export const traceabilityEntities: (new () => unknown)[] = [];
