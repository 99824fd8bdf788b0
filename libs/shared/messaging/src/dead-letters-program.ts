import { createServiceDataSource, EmbeddedPostgres } from '@rre/persistence';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { deadLetterCommand, type DeadLetterCommandOutput } from './dead-letter-command';
import type { EventConsumerDefinition } from './event-consumer-definition';

/** A service whose consumers' dead letters the command lists and replays. */
export interface DeadLetterService {
  /** The service name, which is also its database schema. */
  name: string;
  /** The entities its handlers use (a replay runs them on this data source). */
  entities?: DataSourceOptions['entities'];
  /** Its consumers, with their current (fixed) handlers, on the data source opened for it. */
  consumers: (dataSource: DataSource) => readonly EventConsumerDefinition[];
}

/** Where the services' schemas live: a PostgreSQL server, or the embedded mode's PGlite data directory. */
export type DeadLetterDatabase = { url: string } | { dataDir: string };

export interface DeadLettersProgramOptions {
  services: readonly DeadLetterService[];
  database: DeadLetterDatabase;
}

const USAGE = [
  'usage: dead-letters [--service <name>] list [<consumer>] [--status parked|waiting|replayed] [--key <key>]',
  '       dead-letters [--service <name>] replay <consumer> [<key>]',
  '  --service: whose schema to work on; may be left out when only one service has consumers',
].join('\n');

/**
 * The `dead-letters` command of a deployment (`npm run dead-letters -- ...`): opens the database
 * (PostgreSQL at `url`, or the PGlite data directory, which must not be open in another process,
 * so stop the platform first), the named service's data source in its schema, and runs
 * `deadLetterCommand` there with the service's consumers. Resolves to the exit code: 0 done,
 * 1 failed (or a replay stopped at an event that failed again), 2 bad arguments.
 */
export async function deadLettersProgram(
  options: DeadLettersProgramOptions,
  args: readonly string[] = process.argv.slice(2),
  output: DeadLetterCommandOutput = console,
): Promise<number> {
  const at = args.indexOf('--service');
  const named = at === -1 ? undefined : args[at + 1];
  if (at !== -1 && (named === undefined || named.startsWith('--'))) {
    output.error(`--service needs a value\n${USAGE}`);
    return 2;
  }
  const rest = at === -1 ? [...args] : args.filter((_, i) => i !== at && i !== at + 1);
  const known = options.services.map((service) => service.name);
  let service: DeadLetterService | undefined;
  if (named !== undefined) {
    service = options.services.find((each) => each.name === named);
    if (!service) {
      output.error(
        `--service ${named}: no such service with consumers; known: ${known.join(', ') || 'none'}`,
      );
      return 2;
    }
  } else if (options.services.length === 1) {
    service = options.services[0];
  } else {
    output.error(`--service is needed: several services have consumers (${known.join(', ')})\n${USAGE}`);
    return 2;
  }
  const chosen = service as DeadLetterService;
  let embedded: EmbeddedPostgres | undefined;
  let dataSource: DataSource | undefined;
  try {
    return await deadLetterCommand(
      {
        dataSource: async () => {
          let url: string;
          if ('url' in options.database) {
            url = options.database.url;
          } else {
            embedded = await EmbeddedPostgres.start({ dataDir: options.database.dataDir, maxConnections: 4 });
            url = embedded.url;
          }
          dataSource = createServiceDataSource({
            url,
            service: chosen.name,
            poolSize: 2,
            entities: chosen.entities ?? [],
            migrations: [],
          });
          await dataSource.initialize();
          return dataSource;
        },
        consumers: (opened) => chosen.consumers(opened),
      },
      rest,
      output,
    );
  } finally {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}
