import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { createAuth, graphqlHardening, introspectionEnabled, resolveAuthSettings } from '@rre/auth';
import { forwardRoutesTo } from '@rre/graphql';
import { EmbeddedPostgres, maskDatabaseUrl, openServiceDatabase } from '@rre/persistence';
import { cleanupStack, releaseVersion, serveNestApp } from '@rre/service-runtime';
import { createLogger } from '@rre/telemetry';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { PlatformConfig } from './platform-config';
import { PlatformInfo } from './platform-info';
import { PlatformModule } from './platform.module';
import { platformSubgraphs, startPlatformSubgraphs } from './platform-graphql';
import { platformStatus } from './platform-status';
import { PlatformServiceDefinition, platformServices } from './platform-services';
import { PlatformStartEntity } from './persistence/platform-start.entity';
import { startEventConsumers } from './event-consumers';
import { startEventLog } from './event-log';

export interface RunningPlatform {
  app: INestApplication;
  info: PlatformInfo;
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens the database (PGlite in DATA_DIR, or the PostgreSQL at DATABASE_URL), migrates every
 * service schema, and serves GraphQL and the health checks. `stop` undoes all of it in reverse.
 */
export async function startPlatform(
  config: PlatformConfig,
  services: readonly PlatformServiceDefinition[] = platformServices,
): Promise<RunningPlatform> {
  const cleanups = cleanupStack();
  const stop = () => cleanups.stop();
  try {
    const startedAt = new Date();
    let url = config.DATABASE_URL;
    let dataLocation: string;
    if (url === undefined) {
      dataLocation = path.resolve(config.DATA_DIR);
      const embedded = await EmbeddedPostgres.start({
        dataDir: dataLocation,
        maxConnections: config.DATABASE_POOL_SIZE * services.length + 2,
      });
      cleanups.push(() => embedded.stop());
      url = embedded.url;
    } else {
      dataLocation = maskDatabaseUrl(url);
    }

    const dataSources = new Map<string, DataSource>();
    for (const service of services) {
      const dataSource = await openServiceDatabase({
        url,
        poolSize: config.DATABASE_POOL_SIZE,
        service: service.name,
        entities: service.entities,
        migrations: service.migrations,
      });
      cleanups.push(() => dataSource.destroy());
      dataSources.set(service.name, dataSource);
    }

    const eventLog = await startEventLog(services, dataSources, {
      brokers: config.KAFKA_BROKERS,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      logger: createLogger('messaging', { level: config.LOG_LEVEL }),
    });
    cleanups.push(() => eventLog.stop());
    const consumers = await startEventConsumers(services, dataSources, {
      config,
      logger: createLogger('messaging', { level: config.LOG_LEVEL }),
    });
    cleanups.push(() => consumers.stop());

    const info: PlatformInfo = {
      version: releaseVersion(),
      mode: config.DATABASE_URL === undefined ? 'embedded' : 'server',
      dataLocation,
      startedAt,
      eventLog: eventLog.description,
      dataSources,
    };
    await dataSources
      .get('platform')
      ?.getRepository(PlatformStartEntity)
      .insert({ startedAt, version: info.version, mode: info.mode });

    // Tokens are verified in this process (the embedded key lives in DATA_DIR/keys unless
    // AUTH_JWKS_URL names an OIDC provider); the GraphQL limits come from the same config.
    const authLogger = createLogger('auth', { level: config.LOG_LEVEL });
    const auth = await createAuth(
      resolveAuthSettings(config, { dataDir: config.DATA_DIR, service: 'platform' }),
      {
        logger: authLogger,
      },
    );
    // Every subgraph runs in this process behind one Apollo Gateway, composed from their SDL as
    // the build composes schema/supergraph.graphql: the schema services/gateway serves.
    const introspection = introspectionEnabled(config.GRAPHQL_INTROSPECTION);
    const graphql = await startPlatformSubgraphs(
      platformSubgraphs(services, { dataSources, config, status: () => platformStatus(info) }),
      { config, auth, logger: authLogger, introspection },
    );
    cleanups.push(() => graphql.close());
    const hardening = graphqlHardening(config, { authenticator: auth.authenticator, logger: authLogger });
    const inProcess = new Map(graphql.subgraphs.map((s) => [s.name, s.dataSource]));

    const { app, url: serviceUrl } = await serveNestApp(
      PlatformModule.forRoot(info, {
        supergraph: { kind: 'static', supergraphSdl: graphql.supergraph.supergraphSdl },
        dataSource: ({ name }) => {
          const dataSource = inProcess.get(name);
          if (!dataSource)
            throw new Error(`the supergraph names a subgraph "${name}" this process does not run`);
          return dataSource;
        },
        introspection,
        authenticator: auth.authenticator,
        authLogger,
        hardening,
      }),
      {
        config,
        maxRequestBytes: hardening.maxRequestBytes,
        cleanups,
        // The subgraphs' own HTTP routes (e.g. intake's document upload) on the platform's port.
        configure: (created) => created.use(forwardRoutesTo(graphql.subgraphs.map((s) => s.app))),
      },
    );
    return { app, info, url: serviceUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
