import type { DynamicModule } from '@nestjs/common';
import type { ClientErrors } from '@rre/auth';
import {
  CONCENTRATION_CLIENT_ERRORS,
  CONCENTRATION_SERVICE_NAME,
  ConcentrationApplication,
  concentrationEntities,
  concentrationMigrations,
  ConcentrationModule,
  concentrationSettingsFrom,
  SEPARATION_LOT_EVENTS_TOPIC,
} from '@rre/concentration';
import { Topics } from '@rre/contracts';
import {
  INTAKE_CLIENT_ERRORS,
  INTAKE_SERVICE_NAME,
  intakeEntities,
  intakeMigrations,
  IntakeModule,
  intakeSettingsFrom,
} from '@rre/intake';
import type { EventConsumerDefinition } from '@rre/messaging';
import {
  SEPARATION_CLIENT_ERRORS,
  SEPARATION_SERVICE_NAME,
  SeparationApplication,
  separationEntities,
  separationMigrations,
  SeparationModule,
  separationSettingsFrom,
} from '@rre/separation';
import {
  REDUCTION_CLIENT_ERRORS,
  REDUCTION_SERVICE_NAME,
  ReductionApplication,
  reductionEntities,
  reductionMigrations,
  ReductionModule,
  reductionSettingsFrom,
} from '@rre/reduction';
import {
  SALES_CLIENT_ERRORS,
  SALES_SERVICE_NAME,
  SalesApplication,
  salesEntities,
  salesMigrations,
  SalesModule,
  salesSettingsFrom,
} from '@rre/sales';
import { handOverAnswersConsumer } from '@rre/process-runs';
import {
  GENEALOGY_TOPICS,
  TRACEABILITY_CLIENT_ERRORS,
  TRACEABILITY_SERVICE_NAME,
  TraceabilityApplication,
  traceabilityEntities,
  traceabilityMigrations,
  TraceabilityModule,
  ledgerSettingsFrom,
} from '@rre/traceability';
import {
  PEOPLE_CLIENT_ERRORS,
  PEOPLE_SERVICE_NAME,
  peopleEntities,
  peopleMigrations,
  PeopleModule,
} from '@rre/people';
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
  /**
   * The service's event consumers, on the data source the platform opened for it: started after the
   * event log, in Kafka consumer groups with KAFKA_BROKERS, else reading the publishing services' outboxes.
   */
  consumers?: (context: {
    dataSource: DataSource;
    config: PlatformConfig;
    /**
     * Every topic a service of this platform publishes, when the consumers are to be started (one
     * of a topic nobody publishes is left out); undefined: every consumer (e.g. to list dead letters).
     */
    publishedTopics?: readonly string[];
  }) => EventConsumerDefinition[];
  /**
   * The service's Apollo Federation 2 subgraph (named after the service): the platform runs it
   * in-process behind its gateway, and the build composes it into schema/supergraph.graphql.
   */
  graphql?: {
    /** Its Nest module (resolvers, `@key` entities, `@ResolveReference`), on the data source the platform opened for it. */
    module: (context: { dataSource: DataSource; config: PlatformConfig }) => DynamicModule;
    /** The service's own refusals (codes and extensions clients may read), for @rre/auth's formatter. */
    clientErrors?: ClientErrors;
    /**
     * Formats the service's own refusals for clients (undefined: not one of its errors); prefer
     * `clientErrors`. Every other error goes through @rre/auth's formatter, which shows nothing internal.
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
      clientErrors: INTAKE_CLIENT_ERRORS,
    },
  },
  {
    name: CONCENTRATION_SERVICE_NAME,
    entities: concentrationEntities,
    migrations: concentrationMigrations,
    publishes: [Topics.ConcentrationLotEvents, Topics.ConcentrationRunEvents],
    consumers: ({ dataSource, config, publishedTopics }) => {
      const concentration = new ConcentrationApplication({
        dataSource,
        settings: concentrationSettingsFrom(config),
      });
      return [
        concentration.intakeLotEventsConsumer(),
        // Separation's answers settle concentration's hand-overs, once separation runs in the platform.
        ...((publishedTopics?.includes(SEPARATION_LOT_EVENTS_TOPIC) ?? true)
          ? [concentration.separationAnswersConsumer()]
          : []),
      ];
    },
    graphql: {
      module: ({ dataSource, config }) =>
        ConcentrationModule.forRoot({ dataSource, settings: concentrationSettingsFrom(config) }),
      clientErrors: CONCENTRATION_CLIENT_ERRORS,
    },
  },
  {
    name: SEPARATION_SERVICE_NAME,
    entities: separationEntities,
    migrations: separationMigrations,
    publishes: [Topics.SeparationLotEvents, Topics.SeparationRunEvents],
    consumers: ({ dataSource, config, publishedTopics }) => {
      const separation = new SeparationApplication({ dataSource, settings: separationSettingsFrom(config) });
      const published = (topic: string) => publishedTopics?.includes(topic) ?? true;
      return [
        // Concentration's hand-overs of concentrate, and reduction's answers to separation's hand-overs of oxide.
        ...(published(Topics.ConcentrationLotEvents) ? [separation.concentrationLotEventsConsumer()] : []),
        ...(published(Topics.ReductionLotEvents) ? [separation.reductionAnswersConsumer()] : []),
        // Sales' answers to separation's hand-overs of oxide products (Tb4O7, Dy2O3 sold as such).
        ...(published(Topics.SalesLotEvents)
          ? [
              handOverAnswersConsumer({
                sender: 'separation',
                receiver: 'sales',
                topic: Topics.SalesLotEvents,
                name: 'separation.sales-answers',
                processRuns: () => separation.processRuns,
              }),
            ]
          : []),
      ];
    },
    graphql: {
      module: ({ dataSource, config }) =>
        SeparationModule.forRoot({ dataSource, settings: separationSettingsFrom(config) }),
      clientErrors: SEPARATION_CLIENT_ERRORS,
    },
  },
  {
    name: REDUCTION_SERVICE_NAME,
    entities: reductionEntities,
    migrations: reductionMigrations,
    publishes: [Topics.ReductionLotEvents, Topics.ReductionRunEvents],
    // Separation's hand-overs of oxide lots, once separation runs in the platform; sales' answers to
    // reduction's hand-overs of metal, once sales runs in it.
    consumers: ({ dataSource, config, publishedTopics }) => {
      const reduction = new ReductionApplication({ dataSource, settings: reductionSettingsFrom(config) });
      const published = (topic: string) => publishedTopics?.includes(topic) ?? true;
      return [
        ...(published(Topics.SeparationLotEvents) ? [reduction.separationHandOversConsumer()] : []),
        ...(published(Topics.SalesLotEvents)
          ? [
              handOverAnswersConsumer({
                sender: 'reduction',
                receiver: 'sales',
                topic: Topics.SalesLotEvents,
                name: 'reduction.sales-answers',
                processRuns: () => reduction.processRuns,
              }),
            ]
          : []),
      ];
    },
    graphql: {
      module: ({ dataSource, config }) =>
        ReductionModule.forRoot({ dataSource, settings: reductionSettingsFrom(config) }),
      clientErrors: REDUCTION_CLIENT_ERRORS,
    },
  },
  {
    // Product lots from reduction and separation, catalogue, orders, allocation, shipment (LotShipped).
    name: SALES_SERVICE_NAME,
    entities: salesEntities,
    migrations: salesMigrations,
    publishes: [Topics.SalesLotEvents],
    consumers: ({ dataSource, config, publishedTopics }) =>
      new SalesApplication({ dataSource, settings: salesSettingsFrom(config) }).consumers(publishedTopics),
    graphql: {
      module: ({ dataSource, config }) =>
        SalesModule.forRoot({ dataSource, settings: salesSettingsFrom(config) }),
      clientErrors: SALES_CLIENT_ERRORS,
    },
  },
  {
    // The genealogy of every lot and run (every lot and run topic a service here publishes) and the backward trace.
    name: TRACEABILITY_SERVICE_NAME,
    entities: traceabilityEntities,
    migrations: traceabilityMigrations,
    // The recycled-content statements it freezes when a lot is shipped.
    publishes: [Topics.TraceabilityStatementEvents],
    consumers: ({ dataSource, config, publishedTopics }) => [
      new TraceabilityApplication({ dataSource, ledger: ledgerSettingsFrom(config) }).lotAndRunEventsConsumer(
        publishedTopics && GENEALOGY_TOPICS.filter((topic) => publishedTopics.includes(topic)),
      ),
    ],
    graphql: {
      module: ({ dataSource, config }) =>
        TraceabilityModule.forRoot({ dataSource, ledger: ledgerSettingsFrom(config) }),
      clientErrors: TRACEABILITY_CLIENT_ERRORS,
    },
  },
  {
    // Names and contact details behind the subject ids that records and events carry (erasable).
    name: PEOPLE_SERVICE_NAME,
    entities: peopleEntities,
    migrations: peopleMigrations,
    graphql: {
      module: ({ dataSource }) => PeopleModule.forRoot({ dataSource }),
      clientErrors: PEOPLE_CLIENT_ERRORS,
    },
  },
];
