import { MixedList, EntitySchema, MigrationInterface } from 'typeorm';
import { CreatePlatformStart1764300000000 } from './persistence/1764300000000-create-platform-start.migration';
import { PlatformStartEntity } from './persistence/platform-start.entity';

/** A service module that runs inside the platform process, in its own database schema. */
export interface PlatformServiceDefinition {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  migrations: (new () => MigrationInterface)[];
  /**
   * The topics this service publishes to through its outbox (its migrations include
   * `messagingMigrations`): the platform relays them to Kafka, or sequences its outbox as the
   * embedded event log.
   */
  publishes?: readonly string[];
}

/** The services plugged into the platform; each feature library adds its definition here. */
export const platformServices: PlatformServiceDefinition[] = [
  { name: 'platform', entities: [PlatformStartEntity], migrations: [CreatePlatformStart1764300000000] },
];
