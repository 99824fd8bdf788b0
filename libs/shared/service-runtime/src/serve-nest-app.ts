import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { applyRequestSizeLimit } from '@rre/auth';
import type { CleanupStack } from './cleanup-stack';

export interface ServeNestAppOptions {
  config: { PORT: number; HOST: string; LOG_LEVEL: string };
  /** The GraphQL hardening's request size limit. */
  maxRequestBytes: number;
  /** `app.close()` is pushed here. */
  cleanups: CleanupStack;
  /** Runs on the created app before it is registered for closing, e.g. to add middleware. */
  configure?(app: NestExpressApplication): void;
}

/**
 * Creates the Nest app of `module` (Nest logs only errors and warnings; none with LOG_LEVEL=silent),
 * limits request sizes and listens on HOST:PORT. `url` is the base URL, with localhost for 0.0.0.0 and ::.
 */
export async function serveNestApp(
  module: DynamicModule,
  options: ServeNestAppOptions,
): Promise<{ app: INestApplication; url: string }> {
  const { config } = options;
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: config.LOG_LEVEL === 'silent' ? false : ['error', 'warn'],
    abortOnError: false,
  });
  options.configure?.(app);
  options.cleanups.push(() => app.close());
  applyRequestSizeLimit(app, options.maxRequestBytes);
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address() as { port: number };
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return { app, url: `http://${host}:${address.port}` };
}
