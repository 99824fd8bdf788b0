export { parseDatabaseUrl, maskDatabaseUrl, InvalidDatabaseUrlError, type DatabaseUrl } from './database-url';
export { EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres';
export { DataDirLockedError } from './data-dir-lock';
export {
  createServiceDataSource,
  MIGRATIONS_TABLE,
  type ServiceDataSourceOptions,
} from './service-data-source';
export { openServiceDatabase } from './service-database';
export { runMigrations, revertLastMigration } from './migration-runner';
export { migrateCommand, type MigrateCommandOutput } from './migrate-cli';
export { serviceSchema, serviceSchemaName } from './service-schema';
export { inTransaction, type IsolationLevel, type TransactionOptions } from './transaction';
export { isSerializationFailure, isUniqueViolation, sqlStateOf, SqlState } from './postgres-error';
export { exactNumericTypes } from './pg-type-parsers';
export {
  openTestDatabase,
  testDatabaseKind,
  uniqueSchemaName,
  DEFAULT_TEST_DATABASE_URL,
  type TestDatabase,
  type TestDatabaseKind,
} from './testing/test-database';
export { seedPgliteDataDir } from './testing/pglite-template';
