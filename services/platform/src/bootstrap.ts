import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EmbeddedPostgres, maskDatabaseUrl, openServiceDatabase } from '@rre/persistence';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { PlatformConfig } from './platform-config';
import { PlatformInfo } from './platform-info';
import { PlatformModule } from './platform.module';
import { platformServices } from './platform-services';
import { PlatformStartEntity } from './persistence/platform-start.entity';

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
export async function startPlatform(config: PlatformConfig): Promise<RunningPlatform> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  };
  try {
    const startedAt = new Date();
    let url = config.DATABASE_URL;
    let dataLocation: string;
    if (url === undefined) {
      dataLocation = path.resolve(config.DATA_DIR);
      const embedded = await EmbeddedPostgres.start({
        dataDir: dataLocation,
        maxConnections: config.DATABASE_POOL_SIZE * platformServices.length + 2,
      });
      cleanups.push(() => embedded.stop());
      url = embedded.url;
    } else {
      dataLocation = maskDatabaseUrl(url);
    }

    const dataSources = new Map<string, DataSource>();
    for (const service of platformServices) {
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

    const info: PlatformInfo = {
      version: platformVersion(),
      mode: config.DATABASE_URL === undefined ? 'embedded' : 'server',
      dataLocation,
      startedAt,
      dataSources,
    };
    await dataSources
      .get('platform')
      ?.getRepository(PlatformStartEntity)
      .insert({ startedAt, version: info.version, mode: info.mode });

    const app = await NestFactory.create(
      PlatformModule.forRoot(info, { introspection: config.GRAPHQL_INTROSPECTION }),
      {
        logger: config.LOG_LEVEL === 'silent' ? false : ['error', 'warn'],
        abortOnError: false,
      },
    );
    cleanups.push(() => app.close());
    await app.listen(config.PORT, config.HOST);
    const address = app.getHttpServer().address() as { port: number };
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    return { app, info, url: `http://${host}:${address.port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function platformVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'rare-earth-recycling-platform' && pkg.version) return pkg.version;
    }
  }
  return '0.0.0';
}
