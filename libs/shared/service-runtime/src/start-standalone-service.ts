import type { DynamicModule, INestApplication } from '@nestjs/common';
import { createAuth, graphqlHardening, introspectionEnabled, resolveAuthSettings } from '@rre/auth';
import type { ClientErrors } from '@rre/auth';
import { resolveGatewaySecret } from '@rre/graphql';
import { startOutboxPublishing } from '@rre/messaging';
import { maskDatabaseUrl, openServiceDatabase } from '@rre/persistence';
import { createLogger, type Logger } from '@rre/telemetry';
import type { DataSource } from 'typeorm';
import { type CleanupStack, cleanupStack } from './cleanup-stack';
import { serveNestApp } from './serve-nest-app';
import type { StandaloneServiceConfig } from './standalone-service-config';
import { StandaloneServiceModule } from './standalone-service.module';

export interface StandaloneServiceParts<E> {
  /** The service's own Nest module (its resolvers make the subgraph). */
  serviceModule: DynamicModule;
  /** Returned with the running service, e.g. the application for tests. */
  extras: E;
}

export interface StandaloneServiceDefinition<E> {
  /** e.g. 'intake': Kafka client id rre-<service>, key directory, gateway secret and health name. */
  service: string;
  entities: NonNullable<Parameters<typeof openServiceDatabase>[0]['entities']>;
  migrations: NonNullable<Parameters<typeof openServiceDatabase>[0]['migrations']>;
  /** The topics of the service's outbox. */
  topics: readonly string[];
  /** The service's own refusals, shown to clients with code, field, value and rule. */
  clientErrors: ClientErrors;
  /**
   * Runs once the database is open and the outbox relayed: starts what else the service runs
   * (consumers; push their stop to `cleanups`) and returns its Nest module.
   */
  parts(context: {
    dataSource: DataSource;
    messagingLogger: Logger;
    cleanups: CleanupStack;
  }): Promise<StandaloneServiceParts<E>> | StandaloneServiceParts<E>;
}

export interface RunningStandaloneService {
  app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:3001 */
  url: string;
  /** The database, password masked. */
  database: string;
  /** DATABASE_SCHEMA: the schema of the service's tables. */
  schema: string;
  eventLog: string;
  stop(): Promise<void>;
}

/**
 * Opens the service's schema on DATABASE_URL (migrating it), starts its outbox relay and its
 * `parts`, and serves its GraphQL subgraph and the health checks. `stop` undoes all of it in reverse.
 */
export async function startStandaloneService<E extends object>(
  config: StandaloneServiceConfig,
  definition: StandaloneServiceDefinition<E>,
): Promise<RunningStandaloneService & E> {
  const { service } = definition;
  const cleanups = cleanupStack();
  try {
    const gatewaySecret = resolveGatewaySecret(config, { service });
    const dataSource = await openServiceDatabase({
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      service: config.DATABASE_SCHEMA,
      entities: definition.entities,
      migrations: definition.migrations,
    });
    cleanups.push(() => dataSource.destroy());

    const messagingLogger = createLogger('messaging', { level: config.LOG_LEVEL });
    const relay = await startOutboxPublishing([{ dataSource, topics: [...definition.topics] }], {
      clientId: `rre-${service}`,
      brokers: config.KAFKA_BROKERS,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      logger: messagingLogger,
    });
    cleanups.push(() => relay.stop());

    const { serviceModule, extras } = await definition.parts({ dataSource, messagingLogger, cleanups });

    const authLogger = createLogger('auth', { level: config.LOG_LEVEL });
    const auth = await createAuth(resolveAuthSettings(config, { dataDir: config.DATA_DIR, service }), {
      logger: authLogger,
    });
    const hardening = graphqlHardening(config, {
      authenticator: auth.authenticator,
      logger: authLogger,
      clientErrors: definition.clientErrors,
    });
    const { app, url } = await serveNestApp(
      StandaloneServiceModule.forRoot({
        serviceModule,
        dataSource,
        database: service,
        introspection: introspectionEnabled(config.GRAPHQL_INTROSPECTION),
        authenticator: auth.authenticator,
        authLogger,
        hardening,
        gatewaySecret,
        gatewaySignatureMaxAgeSeconds: config.GATEWAY_SIGNATURE_MAX_AGE_SECONDS,
      }),
      { config, maxRequestBytes: hardening.maxRequestBytes, cleanups },
    );
    return {
      ...extras,
      app,
      url,
      database: maskDatabaseUrl(config.DATABASE_URL),
      schema: config.DATABASE_SCHEMA,
      eventLog: relay.description,
      stop: () => cleanups.stop(),
    };
  } catch (error) {
    await cleanups.stop();
    throw error;
  }
}
