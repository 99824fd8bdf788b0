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
import { Topics } from '@rre/contracts';
import { resolveGatewaySecret } from '@rre/graphql';
import { INTAKE_CLIENT_ERRORS, intakeEntities, intakeMigrations, intakeSettingsFrom } from '@rre/intake';
import { startOutboxPublishing } from '@rre/messaging';
import { maskDatabaseUrl, openServiceDatabase } from '@rre/persistence';
import { createLogger } from '@rre/telemetry';
import type { IntakeServiceConfig } from './intake-service-config';
import { IntakeServiceModule } from './intake-service.module';

export interface RunningIntakeService {
  app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:3001 */
  url: string;
  /** The database, password masked. */
  database: string;
  eventLog: string;
  stop(): Promise<void>;
}

/**
 * Opens intake's schema on DATABASE_URL (migrating it), starts the outbox relay, and serves
 * intake's GraphQL API and the health checks. `stop` undoes all of it in reverse.
 */
export async function startIntakeService(config: IntakeServiceConfig): Promise<RunningIntakeService> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  };
  try {
    const settings = intakeSettingsFrom(config, { dataDir: config.DATA_DIR });
    const gatewaySecret = resolveGatewaySecret(config, { service: 'intake' });
    const dataSource = await openServiceDatabase({
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      service: config.DATABASE_SCHEMA,
      entities: intakeEntities,
      migrations: intakeMigrations,
    });
    cleanups.push(() => dataSource.destroy());

    const relay = await startOutboxPublishing([{ dataSource, topics: [Topics.IntakeLotEvents] }], {
      clientId: 'rre-intake',
      brokers: config.KAFKA_BROKERS,
      partitions: config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      logger: createLogger('messaging', { level: config.LOG_LEVEL }),
    });
    cleanups.push(() => relay.stop());

    const authLogger = createLogger('auth', { level: config.LOG_LEVEL });
    const auth = await createAuth(
      resolveAuthSettings(config, { dataDir: config.DATA_DIR, service: 'intake' }),
      {
        logger: authLogger,
      },
    );
    const hardening = graphqlHardening(config, {
      authenticator: auth.authenticator,
      logger: authLogger,
      clientErrors: INTAKE_CLIENT_ERRORS,
    });
    const app = await NestFactory.create<NestExpressApplication>(
      IntakeServiceModule.forRoot({
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
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
