import { messagingMigrations, predecessorGateMigrations } from '@rre/messaging';
import type { MigrationInterface } from 'typeorm';
import { CreateTraceabilityTables1765200000000 } from './1765200000000-create-traceability-tables.migration';
import { CreateStatementTables1765300000000 } from './1765300000000-create-statement-tables.migration';
import { CreateLedgerTables1765400000000 } from '../ledger/1765400000000-create-ledger-tables.migration';
import { CreateRunBalanceTables1765500000000 } from '../reconciliation/1765500000000-create-run-balance-tables.migration';
import { CreateMassBalanceCreditTables1765800000000 } from '../mass-balance/1765800000000-create-mass-balance-credit-tables.migration';
import { AddRecordedTimeToTraceability1765600000000 } from '../as-of/1765600000000-add-recorded-time-to-traceability.migration';
import { LetBulkRebuildWriteFactHistory1766300000000 } from '../as-of/1766300000000-let-bulk-rebuild-write-fact-history.migration';
import { RecordFactsAtPlatformTime1766000000000 } from '../as-of/1766000000000-record-facts-at-platform-time.migration';
import { CreatePendingStatementTable1766100000000 } from '../pending-statements/1766100000000-create-pending-statement-table.migration';
import { IndexProducedLots1766200000000 } from './1766200000000-index-produced-lots.migration';

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
  AddRecordedTimeToTraceability1765600000000,
  CreateMassBalanceCreditTables1765800000000,
  RecordFactsAtPlatformTime1766000000000,
  CreatePendingStatementTable1766100000000,
  IndexProducedLots1766200000000,
  LetBulkRebuildWriteFactHistory1766300000000,
];

/** No TypeORM entities: every table is reached through SQL. */
export const traceabilityEntities: (new () => unknown)[] = [];
