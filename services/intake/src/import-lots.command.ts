import { createAuth, resolveAuthSettings } from '@rre/auth';
import { createIntakeApplication, intakeEntities, intakeMigrations, intakeSettingsFrom } from '@rre/intake';
import { openServiceDatabase } from '@rre/persistence';
import { createLogger } from '@rre/telemetry';
import { readFile } from 'node:fs/promises';
import { ulid } from 'ulid';
import { loadIntakeServiceConfig } from './intake-service-config';

export interface CommandOutput {
  /** The report (stdout). */
  out(line: string): void;
  /** Messages and the progress bar (stderr); `progress` rewrites the current line. */
  err(line: string): void;
  progress(line: string): void;
}

const USAGE =
  'usage: import-lots <file.csv> --token <bearer token> [--encoding AUTO|UTF_8|SHIFT_JIS] [--dry-run] [--allow-partial]';

function bar(done: number, total: number, phase: string): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  return `${phase.padEnd(10)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total}`;
}

/**
 * Imports a lot CSV straight into intake's database (DATABASE_URL, DATABASE_SCHEMA), as the holder
 * of `--token` (verified like the API does), showing progress. Exit codes: 0 all rows fine, 1 some
 * rows refused (see the report), 2 bad usage or token, 78 bad configuration.
 */
export async function importLotsCommand(
  args: readonly string[],
  env: Record<string, string | undefined>,
  output: CommandOutput,
): Promise<number> {
  const value = (flag: string) => {
    const index = args.indexOf(flag);
    return index === -1 ? undefined : args[index + 1];
  };
  const flags = new Set(['--token', '--encoding']);
  const file = args.find((arg, index) => !arg.startsWith('--') && !flags.has(args[index - 1] ?? ''));
  const token = value('--token') ?? env['INTAKE_TOKEN'];
  const encoding = value('--encoding') ?? 'AUTO';
  if (!file || !token || !['AUTO', 'UTF_8', 'SHIFT_JIS'].includes(encoding)) {
    output.err(USAGE);
    return 2;
  }
  const config = loadIntakeServiceConfig(env);
  const auth = await createAuth(
    resolveAuthSettings(config, { dataDir: config.DATA_DIR, service: 'intake' }),
    {
      logger: createLogger('auth', { level: 'silent' }),
    },
  );
  let principal;
  try {
    principal = await auth.verifier.verify(token);
  } catch (error) {
    output.err(`token refused: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const content = await readFile(file);
  const dataSource = await openServiceDatabase({
    url: config.DATABASE_URL,
    poolSize: 2,
    service: config.DATABASE_SCHEMA,
    entities: intakeEntities,
    migrations: intakeMigrations,
  });
  try {
    const { policy, idempotencyTtlMs } = intakeSettingsFrom(config, { dataDir: config.DATA_DIR });
    const intake = createIntakeApplication({ dataSource, policy, idempotencyTtlMs });
    const correlationId = ulid();
    const report = await intake.importLots.execute(
      {
        content,
        encoding: encoding as 'AUTO' | 'UTF_8' | 'SHIFT_JIS',
        dryRun: args.includes('--dry-run'),
        allOrNothing: !args.includes('--allow-partial'),
      },
      { caller: principal, correlationId, requestId: correlationId },
      (done, total, phase) => output.progress(bar(done, total, phase)),
    );
    output.progress(bar(report.rowCount, report.rowCount, 'done'));
    output.err('');
    output.out(
      `${file}: ${report.rowCount} rows (${report.encoding})${report.dryRun ? ', dry run' : ''}: ` +
        `${report.createdCount} created, ${report.alreadyImportedCount} already imported, ${report.invalidCount} invalid`,
    );
    for (const issue of report.issues) {
      output.out(
        `  line ${issue.line}, ${issue.column || 'row'}: got ${JSON.stringify(issue.value)}, ${issue.rule} (${issue.code})`,
      );
    }
    if (report.issues.length > 0 && report.allOrNothing && !report.dryRun) {
      output.out(
        '  nothing was written: fix the rows above, or pass --allow-partial to write the valid ones',
      );
    }
    return report.issues.length === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}
