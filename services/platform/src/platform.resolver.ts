import { DataSource } from 'typeorm';
import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '@rre/auth';
import { PLATFORM_INFO, PlatformInfo } from './platform-info';
import { PlatformModeValue, PlatformModel } from './platform.model';
import { PlatformStartEntity } from './persistence/platform-start.entity';

@Resolver(() => PlatformModel)
export class PlatformResolver {
  constructor(@Inject(PLATFORM_INFO) private readonly info: PlatformInfo) {}

  @Public()
  @Query(() => PlatformModel, { description: 'Version, mode and service modules of the running platform' })
  async platform(): Promise<PlatformModel> {
    const own = this.info.dataSources.get('platform');
    const starts = own ? await own.getRepository(PlatformStartEntity).count() : 0;
    const services = await Promise.all(
      [...this.info.dataSources].map(async ([name, dataSource]) => ({
        name,
        schema: String(dataSource.driver.schema),
        migrations: await appliedMigrations(dataSource),
      })),
    );
    return {
      version: this.info.version,
      mode: this.info.mode === 'embedded' ? PlatformModeValue.EMBEDDED : PlatformModeValue.SERVER,
      dataLocation: this.info.dataLocation,
      startedAt: this.info.startedAt.toISOString(),
      eventLog: this.info.eventLog,
      starts,
      services,
    };
  }
}

async function appliedMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = String(dataSource.driver.schema);
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const rows: { name: string }[] = await dataSource.query(
    `SELECT name FROM "${schema}"."${table}" ORDER BY "timestamp", id`,
  );
  return rows.map((r) => r.name);
}
