import { PlatformModeValue, type PlatformModel } from '@rre/graphql';
import type { DataSource } from 'typeorm';
import type { PlatformInfo } from './platform-info';
import { PlatformStartEntity } from './persistence/platform-start.entity';

/** What the `platform` query answers in this process: version, mode, data, starts, service schemas. */
export async function platformStatus(info: PlatformInfo): Promise<PlatformModel> {
  const own = info.dataSources.get('platform');
  const starts = own ? await own.getRepository(PlatformStartEntity).count() : 0;
  const services = await Promise.all(
    [...info.dataSources].map(async ([name, dataSource]) => ({
      name,
      schema: String(dataSource.driver.schema),
      migrations: await appliedMigrations(dataSource),
    })),
  );
  return {
    version: info.version,
    mode: info.mode === 'embedded' ? PlatformModeValue.EMBEDDED : PlatformModeValue.SERVER,
    dataLocation: info.dataLocation,
    startedAt: info.startedAt.toISOString(),
    eventLog: info.eventLog,
    starts,
    services,
  };
}

async function appliedMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = String(dataSource.driver.schema);
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const rows: { name: string }[] = await dataSource.query(
    `SELECT name FROM "${schema}"."${table}" ORDER BY "timestamp", id`,
  );
  return rows.map((r) => r.name);
}
