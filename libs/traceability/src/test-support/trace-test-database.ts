import { openServiceDatabase, openTestDatabase, type TestDatabase } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { traceabilityMigrations } from '../persistence/traceability-persistence';

/** A test database with the traceability schema migrated into `schema`. */
export interface TraceTestDatabase {
  readonly database: TestDatabase;
  readonly dataSource: DataSource;
  /** Drops the schema and closes the data source and the database. */
  close(): Promise<void>;
}

/** Opens the database TEST_DATABASE names and migrates the traceability schema `schema` (see uniqueSchemaName). */
export async function openTraceTestDatabase(schema: string, poolSize = 2): Promise<TraceTestDatabase> {
  const database = await openTestDatabase();
  let dataSource: DataSource;
  try {
    dataSource = await openServiceDatabase({
      url: database.url,
      service: schema,
      poolSize,
      entities: [],
      migrations: traceabilityMigrations,
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    database,
    dataSource,
    async close() {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
      await database.close();
    },
  };
}
