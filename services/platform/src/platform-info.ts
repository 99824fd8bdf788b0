import { DataSource } from 'typeorm';

export type PlatformMode = 'embedded' | 'server';

/** What the running process knows about itself; read by the `platform` query and the health checks. */
export interface PlatformInfo {
  version: string;
  mode: PlatformMode;
  /** The PGlite data directory in embedded mode, or the database URL (password masked) in server mode. */
  dataLocation: string;
  startedAt: Date;
  /** Where events go: "embedded outbox log" or "kafka <brokers>". */
  eventLog: string;
  /** Every service data source of this process, by service name. */
  dataSources: ReadonlyMap<string, DataSource>;
}

export const PLATFORM_INFO = Symbol('PLATFORM_INFO');
