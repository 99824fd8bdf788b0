import 'reflect-metadata';
import { ConfigError } from '@rre/config';
import { importLotsCommand } from './import-lots.command';

// `nx run intake-service:import-lots -- lots.csv --token $TOKEN [--dry-run] [--allow-partial] [--encoding SHIFT_JIS]`
importLotsCommand(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (line) => process.stderr.write(process.stderr.isTTY ? `\r${line}` : ''),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError
        ? error.message
        : `import failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
