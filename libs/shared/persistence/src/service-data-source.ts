import { DataSource, type DataSourceOptions } from 'typeorm';
import type { LoggerOptions } from 'typeorm/logger/LoggerOptions';
import { parseDatabaseUrl } from './database-url';
import { exactNumericTypes } from './pg-type-parsers';
import { serviceSchemaName } from './service-schema';

export interface ServiceDataSourceOptions {
  /** postgres:// URL of a PostgreSQL server or of an EmbeddedPostgres. */
  url: string;
  /** Connections in this service's pool. */
  poolSize: number;
  /** Service name; also the name of its PostgreSQL schema (lower-case identifier). */
  service: string;
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  logging?: LoggerOptions;
}

export const MIGRATIONS_TABLE = 'migrations';

/**
 * A TypeORM DataSource (not yet initialized) for one service: its tables and its migrations table
 * live in the schema named after the service. It never synchronizes the schema from entities and
 * never runs migrations on its own; `openServiceDatabase` does that explicitly.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  const schema = serviceSchemaName(options.service);
  const { url } = parseDatabaseUrl(options.url);
  if (!Number.isInteger(options.poolSize) || options.poolSize < 1) {
    throw new Error(
      `poolSize of service ${options.service} must be a positive integer, got ${options.poolSize}`,
    );
  }
  return new DataSource({
    type: 'postgres',
    url,
    schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    dropSchema: false,
    logging: options.logging ?? false,
    applicationName: options.service,
    extra: {
      max: options.poolSize,
      application_name: options.service,
      types: exactNumericTypes,
    },
  });
}
