import 'reflect-metadata';
import { ConfigError } from '@rre/config';
import { deadLettersProgram, type DeadLetterService } from '@rre/messaging';
import path from 'node:path';
import { loadPlatformConfig } from './platform-config';
import { platformServices } from './platform-services';

/**
 * `npm run dead-letters -- [--service NAME] list|replay ...`: lists and replays the parked events of
 * a service's consumers on the configured database (PGlite in DATA_DIR, with the platform stopped;
 * or DATABASE_URL). See libs/shared/messaging/README.md.
 */
async function main(args: string[]): Promise<number> {
  const config = loadPlatformConfig();
  const services: DeadLetterService[] = platformServices.flatMap((service) => {
    const consumers = service.consumers;
    if (!consumers) return [];
    return [
      {
        name: service.name,
        entities: service.entities,
        consumers: (dataSource) => consumers({ dataSource, config }),
      },
    ];
  });
  return deadLettersProgram(
    {
      services,
      database:
        config.DATABASE_URL === undefined
          ? { dataDir: path.resolve(config.DATA_DIR) }
          : { url: config.DATABASE_URL },
    },
    args,
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `dead-letters failed: ${String(error)}`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
