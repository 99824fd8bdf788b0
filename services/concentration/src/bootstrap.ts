import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  applyRequestSizeLimit,
  createAuth,
  graphqlHardening,
  introspectionEnabled,
  resolveAuthSettings,
} from '@rre/auth';
import {
  CONCENTRATION_CLIENT_ERRORS,
  ConcentrationApplication,
  concentrationEntities,
  concentrationMigrations,
  concentrationSettingsFrom,
} from '@rre/concentration';
import { Topics } from '@rre/contracts';
import { resolveGatewaySecret } from '@rre/graphql';
import { EmbeddedEventConsumer, KafkaEventConsumer, startOutboxPublishing } from '@rre/messaging';
import { maskDatabaseUrl, openServiceDatabase } from '@rre/persistence';
import { createLogger } from '@rre/telemetry';
import { Kafka, logLevel } from 'kafkajs';
import type { ConcentrationServiceConfig } from './concentration-service-config';
import { ConcentrationServiceModule } from './concentration-service.module';

export interface RunningConcentrationService {
  app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:3002 */
  url: string;
  /** The database, password masked. */
  database: string;
  eventLog: string;
  application: ConcentrationApplication;
  stop(): Promise<void>;
}

/**
 * Opens concentration's schema on DATABASE_URL (migrating it), starts its outbox relay and its
 * consumer of intake's lot events, and serves its GraphQL subgraph and the health checks.
 */
export async function startConcentrationService(
  config: ConcentrationServiceConfig,
): Promise<RunningConcentrationService> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  };
  try {
    const settings = concentrationSettingsFrom(config);
    const gatewaySecret = resolveGatewaySecret(config, { service: 'concentration' });
    const dataSource = await openServiceDatabase({
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      service: config.DATABASE_SCHEMA,
      entities: concentrationEntities,
      migrations: concentrationMigrations,
    });
    cleanups.push(() => dataSource.destroy());
    const messagingLogger = createLogger('messaging', { level: config.LOG_LEVEL });

    const relay = await startOutboxPublishing(
      [{ dataSource, topics: [Topics.ConcentrationLotEvents, Topics.ConcentrationRunEvents] }],
      {
        clientId: 'rre-concentration',
        brokers: config.KAFKA_BROKERS,
        partitions: config.KAFKA_TOPIC_PARTITIONS,
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
        logger: messagingLogger,
      },
    );
    cleanups.push(() => relay.stop());

    const application = new ConcentrationApplication({ dataSource, settings });
    const definition = application.intakeLotEventsConsumer();
    if (config.KAFKA_BROKERS) {
      const kafka = new Kafka({
        clientId: 'rre-concentration-consumer',
        brokers: [...config.KAFKA_BROKERS],
        logLevel: logLevel.WARN,
      });
      const consumer = new KafkaEventConsumer({ kafka, dataSource, definition, logger: messagingLogger });
      await consumer.start();
      cleanups.push(() => consumer.stop());
    } else {
      const consumer = new EmbeddedEventConsumer({
        dataSource,
        definition,
        sources: [config.INTAKE_EVENTS_SCHEMA],
        logger: messagingLogger,
      });
      consumer.start();
      cleanups.push(() => consumer.stop());
    }

    const authLogger = createLogger('auth', { level: config.LOG_LEVEL });
    const auth = await createAuth(
      resolveAuthSettings(config, { dataDir: config.DATA_DIR, service: 'concentration' }),
      {
        logger: authLogger,
      },
    );
    const hardening = graphqlHardening(config, {
      authenticator: auth.authenticator,
      logger: authLogger,
      clientErrors: CONCENTRATION_CLIENT_ERRORS,
    });
    const app = await NestFactory.create<NestExpressApplication>(
      ConcentrationServiceModule.forRoot({
        dataSource,
        settings,
        introspection: introspectionEnabled(config.GRAPHQL_INTROSPECTION),
        authenticator: auth.authenticator,
        authLogger,
        hardening,
        gatewaySecret,
        gatewaySignatureMaxAgeSeconds: config.GATEWAY_SIGNATURE_MAX_AGE_SECONDS,
      }),
      { logger: config.LOG_LEVEL === 'silent' ? false : ['error', 'warn'], abortOnError: false },
    );
    cleanups.push(() => app.close());
    applyRequestSizeLimit(app, hardening.maxRequestBytes);
    await app.listen(config.PORT, config.HOST);
    const address = app.getHttpServer().address() as { port: number };
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    return {
      app,
      url: `http://${host}:${address.port}`,
      database: maskDatabaseUrl(config.DATABASE_URL),
      eventLog: relay.description,
      application,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
