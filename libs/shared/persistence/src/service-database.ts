import type { DataSource } from 'typeorm';
import { runMigrations } from './migration-runner';
import { createServiceDataSource, type ServiceDataSourceOptions } from './service-data-source';

/**
 * The one way a service gets its database: creates its data source, connects, creates its schema if
 * missing and runs its pending migrations. Returns the initialized DataSource; call `destroy()` on it
 * when the service stops.
 */
export async function openServiceDatabase(options: ServiceDataSourceOptions): Promise<DataSource> {
  const dataSource = createServiceDataSource(options);
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}
