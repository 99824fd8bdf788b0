import type { DataSource } from 'typeorm';
import { revertLastMigration, runMigrations } from './migration-runner';
import { serviceSchema } from './service-schema';

export interface MigrateCommandOutput {
  log(message: string): void;
  error(message: string): void;
}

const USAGE = 'usage: migrate [--revert]   (runs pending migrations; --revert reverts the last one)';

/**
 * Body of a service's `migrate` script:
 *
 *   migrateCommand(() => createServiceDataSource({ ... })).then((code) => (process.exitCode = code));
 *
 * Runs the pending migrations (or, with `--revert`, reverts the last one), prints what it did and
 * closes the data source. Resolves to the process exit code: 0 done, 1 failed, 2 bad arguments.
 */
export async function migrateCommand(
  dataSourceFactory: () => DataSource | Promise<DataSource>,
  args: readonly string[] = process.argv.slice(2),
  output: MigrateCommandOutput = console,
): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--revert');
  if (unknown.length > 0) {
    output.error(`unknown argument ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  let dataSource: DataSource | undefined;
  try {
    dataSource = await dataSourceFactory();
    if (!dataSource.isInitialized) await dataSource.initialize();
    const schema = serviceSchema(dataSource);
    if (args.includes('--revert')) {
      const reverted = await revertLastMigration(dataSource);
      output.log(reverted ? `${schema}: reverted ${reverted}` : `${schema}: no migration to revert`);
    } else {
      const ran = await runMigrations(dataSource);
      output.log(
        ran.length === 0 ? `${schema}: up to date` : `${schema}: ran ${ran.length}\n  ${ran.join('\n  ')}`,
      );
    }
    return 0;
  } catch (error) {
    output.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (dataSource?.isInitialized) await dataSource.destroy();
  }
}
