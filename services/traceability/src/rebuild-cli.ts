import 'reflect-metadata';
import { loadConfig } from '@rre/config';
import { ledgerConfigSpec, ledgerSettingsFrom, progressBar, rebuildFromOutboxes } from '@rre/traceability';

// `npm run trace:rebuild -- --into <schema> [--sources intake,concentration,...]`: rebuilds the
// traceability projection from the services' outboxes (embedded mode: every service's schema in the
// database at DATABASE_URL) into a fresh schema, with a progress bar on stderr. Statements are
// frozen again under their ids, not announced again. Use the plant's TRACEABILITY_LEDGER_SIGNING_KEY
// so that the rebuilt checkpoints are signed by the same key.
const USAGE =
  'usage: npm run trace:rebuild -- --into <fresh schema> [--sources intake,concentration,separation,reduction,sales] (DATABASE_URL: the database)';
const DEFAULT_SOURCES = ['intake', 'concentration', 'separation', 'reduction', 'sales'];

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<number> {
  const into = argument('into');
  const url = argument('database-url') ?? process.env.DATABASE_URL;
  if (!into || !url) {
    console.error(`${!into ? '--into is required' : 'DATABASE_URL is not set'}\n${USAGE}`);
    return 2;
  }
  const sources = (argument('sources') ?? DEFAULT_SOURCES.join(',')).split(',').filter(Boolean);
  const ledger = ledgerSettingsFrom(loadConfig('traceability ledger', ledgerConfigSpec, process.env));
  const interactive = process.stderr.isTTY;
  let lastLine = 0;
  const report = await rebuildFromOutboxes({
    url,
    into,
    sources,
    ledger,
    onProgress: (progress) => {
      if (interactive) process.stderr.write(`\r${progressBar(progress)}`);
      else if (performance.now() - lastLine > 5_000) {
        lastLine = performance.now();
        process.stderr.write(`${progressBar(progress)}\n`);
      }
    },
  });
  process.stderr.write(interactive ? '\n' : '');
  console.info(
    `rebuilt ${report.events} of ${report.logEvents} events into schema "${report.schema}" in ` +
      `${report.seconds.toFixed(1)} s (${Math.round(report.eventsPerSecond)} events/s); ` +
      `held by the gate: ${report.heldEvents}, parked: ${report.parkedEvents}`,
  );
  return report.parkedEvents > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
