import type { DynamicModule } from '@nestjs/common';
import { Topics } from '@rre/contracts';
import {
  formatIntakeError,
  INTAKE_SERVICE_NAME,
  intakeEntities,
  intakeMigrations,
  IntakeModule,
  intakeSettingsFrom,
} from '@rre/intake';
import type { GraphQLFormattedError } from 'graphql';
import { DataSource, MixedList, EntitySchema, MigrationInterface } from 'typeorm';
import type { PlatformConfig } from './platform-config';
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
  /** The service's GraphQL API, served on the platform's one endpoint. */
  graphql?: {
    /** Its Nest module, on the data source the platform opened for it. */
    module: (context: { dataSource: DataSource; config: PlatformConfig }) => DynamicModule;
    /**
     * Formats the service's own refusals for clients (undefined: not one of its errors); every
     * other error goes through @rre/auth's formatter, which shows nothing internal.
     */
    formatError?: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError | undefined;
  };
}

/** The services plugged into the platform; each feature library adds its definition here. */
export const platformServices: PlatformServiceDefinition[] = [
  { name: 'platform', entities: [PlatformStartEntity], migrations: [CreatePlatformStart1764300000000] },
  {
    name: INTAKE_SERVICE_NAME,
    entities: intakeEntities,
    migrations: intakeMigrations,
    publishes: [Topics.IntakeLotEvents],
    graphql: {
      module: ({ dataSource, config }) =>
        IntakeModule.forRoot({ dataSource, ...intakeSettingsFrom(config, { dataDir: config.DATA_DIR }) }),
      formatError: formatIntakeError,
    },
  },
];
