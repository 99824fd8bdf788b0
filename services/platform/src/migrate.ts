import 'reflect-metadata';
import { ConfigError } from '@rre/config';
import { createServiceDataSource, EmbeddedPostgres, migrateCommand } from '@rre/persistence';
import path from 'node:path';
import { loadPlatformConfig } from './platform-config';
import { platformServices } from './platform-services';

/**
 * `nx run platform:migrate [-- --service NAME] [-- --revert]`: runs the pending migrations of every
 * service schema (or of one) on the configured database: PGlite in DATA_DIR, or DATABASE_URL.
 * `--revert` reverts the last migration of the one service named with `--service`.
 */
async function main(args: string[]): Promise<number> {
  const config = loadPlatformConfig();
  const serviceIndex = args.indexOf('--service');
  const only = serviceIndex === -1 ? undefined : args[serviceIndex + 1];
  const rest =
    serviceIndex === -1 ? args : args.filter((_, i) => i !== serviceIndex && i !== serviceIndex + 1);
  const services = platformServices.filter((s) => only === undefined || s.name === only);
  if (services.length === 0) {
    console.error(
      `--service ${only}: no such service; known: ${platformServices.map((s) => s.name).join(', ')}`,
    );
    return 2;
  }
  if (rest.includes('--revert') && only === undefined) {
    console.error('--revert needs --service NAME: reverting is done one service at a time');
    return 2;
  }
  const embedded =
    config.DATABASE_URL === undefined
      ? await EmbeddedPostgres.start({ dataDir: path.resolve(config.DATA_DIR), maxConnections: 4 })
      : undefined;
  try {
    const url = embedded?.url ?? (config.DATABASE_URL as string);
    for (const service of services) {
      const code = await migrateCommand(
        () => createServiceDataSource({ url, poolSize: 1, service: service.name, ...service }),
        rest,
      );
      if (code !== 0) return code;
    }
    return 0;
  } finally {
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `migrate failed: ${String(error)}`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
