import { openServiceDatabase } from '@rre/persistence';
import type { DataSource, MigrationInterface } from 'typeorm';
import { uniqueSchemaName } from '@rre/persistence';
import type { TestService } from './event-bus-harness';

type MigrationClass = new () => MigrationInterface;

/** A test service whose data source can be closed and opened again (a restart). */
export class ManagedService implements TestService {
  private current: DataSource | undefined;

  constructor(
    readonly schema: string,
    private readonly migrations: readonly MigrationClass[],
    private readonly poolSize: number,
  ) {}

  get dataSource(): DataSource {
    if (!this.current) throw new Error(`service ${this.schema} is closed`);
    return this.current;
  }

  async open(url: string): Promise<void> {
    this.current = await openServiceDatabase({
      url,
      service: this.schema,
      poolSize: this.poolSize,
      entities: [],
      migrations: [...this.migrations],
    });
  }

  async close(): Promise<void> {
    const dataSource = this.current;
    this.current = undefined;
    if (dataSource?.isInitialized) await dataSource.destroy();
  }

  async drop(): Promise<void> {
    const dataSource = this.current;
    if (dataSource?.isInitialized) await dataSource.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await this.close();
  }
}

/** The services a test opened, for a restart and for the cleanup after it. */
export class TestServices {
  readonly all: ManagedService[] = [];

  async open(
    url: string,
    prefix: string,
    migrations: readonly MigrationClass[],
    poolSize: number,
  ): Promise<ManagedService> {
    const service = new ManagedService(uniqueSchemaName(prefix), migrations, poolSize);
    await service.open(url);
    this.all.push(service);
    return service;
  }

  async closeAll(): Promise<void> {
    for (const service of this.all) await service.close();
  }

  async reopenAll(url: string): Promise<void> {
    for (const service of this.all) await service.open(url);
  }

  async dropAll(): Promise<void> {
    for (const service of this.all.splice(0)) await service.drop().catch(() => service.close());
  }
}
