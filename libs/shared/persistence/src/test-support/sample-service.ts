import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { openServiceDatabase } from '../service-database';
import { SampleLot } from './sample-lot.entity';
import { sampleMigrations } from './sample-lot.migrations';

export const sampleServiceOptions = (url: string, service: string, poolSize = 4) => ({
  url,
  service,
  poolSize,
  entities: [SampleLot],
  migrations: sampleMigrations,
});

/** Opens the example service; `dropAll` removes every schema opened this way and closes the sources. */
export class SampleServices {
  private readonly opened: DataSource[] = [];

  constructor(private readonly url: string) {}

  async open(service: string, poolSize = 4): Promise<DataSource> {
    const dataSource = await openServiceDatabase(sampleServiceOptions(this.url, service, poolSize));
    this.opened.push(dataSource);
    return dataSource;
  }

  async dropAll(): Promise<void> {
    for (const dataSource of this.opened.splice(0)) {
      if (!dataSource.isInitialized) continue;
      const schema = (dataSource.options as { schema: string }).schema;
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    }
  }
}

export function newLot(code: string, massKg: string): SampleLot {
  return Object.assign(new SampleLot(), { id: ulid(), code, massKg });
}
