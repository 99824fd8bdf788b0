import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

const SERVICE_NAME = /^[a-z][a-z0-9_]*$/;
const MAX_IDENTIFIER_LENGTH = 63;

/**
 * The PostgreSQL schema that holds a service's tables (and its migrations table) is named after the
 * service. Throws unless the name is a plain lower-case identifier PostgreSQL accepts unquoted.
 */
export function serviceSchemaName(service: string): string {
  if (!SERVICE_NAME.test(service)) {
    throw new Error(
      `Invalid service name "${service}": it names the service's PostgreSQL schema and must match ${SERVICE_NAME}`,
    );
  }
  if (service.length > MAX_IDENTIFIER_LENGTH) {
    throw new Error(
      `Invalid service name "${service}": PostgreSQL names are at most ${MAX_IDENTIFIER_LENGTH} characters`,
    );
  }
  if (service.startsWith('pg_')) {
    throw new Error(`Invalid service name "${service}": the prefix pg_ is reserved for system schemas`);
  }
  return service;
}

/**
 * The schema of the data source a migration runs on. Migrations use it to qualify every table
 * name (`"${schema}".lot`) instead of relying on search_path, which PGlite shares between all
 * connections.
 */
export function serviceSchema(source: QueryRunner | EntityManager | DataSource): string {
  const dataSource = 'connection' in source ? source.connection : source;
  const schema = (dataSource.options as { schema?: unknown }).schema;
  if (typeof schema !== 'string') {
    throw new Error('This data source has no schema: create it with createServiceDataSource()');
  }
  return schema;
}
