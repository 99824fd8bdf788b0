import 'reflect-metadata';
import { loadConfig } from '@rre/config';
import {
  ledgerConfigSpec,
  ledgerSettingsFrom,
  progressBar,
  type RebuildProgress,
  rebuildFromKafka,
  rebuildFromOutboxes,
  TraceabilityError,
} from '@rre/traceability';
import { Kafka, logLevel } from 'kafkajs';

// `npm run trace:rebuild -- --into <schema> [--from outboxes|kafka] [--per-event] [--sources intake,concentration,...]`:
// rebuilds the traceability projection into a fresh schema of the database at DATABASE_URL, with a
// progress bar on stderr, from the services' outboxes (embedded mode: every service's schema in that
// database) or from every genealogy topic's start on Kafka (KAFKA_BROKERS, a fresh consumer group).
// Statements are frozen again under their ids, not announced again. Use the plant's
// TRACEABILITY_LEDGER_SIGNING_KEY so that the rebuilt checkpoints are signed by the same key.
// By default in bulk: the live handler with the inbox, gate, watermark, ledger chains and the
// projection's rows in memory, written per batch; it stops at the first event the live consumer
// would park (the schema is then partly written and must be dropped). --per-event: the live consumer itself, event by event,
// parking what it cannot handle (slower; to see such events in the dead letters).
// --carry-over-from <live schema>: copies first what no event announces (configuration versions,
// mass-balance credits) from the schema being replaced; without it the rebuilt schema has neither.
const USAGE =
  'usage: npm run trace:rebuild -- --into <fresh schema> [--from outboxes|kafka] [--per-event] [--carry-over-from <live schema>] [--sources intake,concentration,separation,reduction,sales] (DATABASE_URL: the database; KAFKA_BROKERS with --from kafka)';
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
  const from = argument('from') ?? 'outboxes';
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (from !== 'outboxes' && from !== 'kafka') {
    console.error(`--from must be outboxes or kafka, got "${from}"\n${USAGE}`);
    return 2;
  }
  if (from === 'kafka' && brokers.length === 0) {
    console.error(`KAFKA_BROKERS is not set (--from kafka)\n${USAGE}`);
    return 2;
  }
  const sources = (argument('sources') ?? DEFAULT_SOURCES.join(',')).split(',').filter(Boolean);
  const ledger = ledgerSettingsFrom(loadConfig('traceability ledger', ledgerConfigSpec, process.env));
  const mode = process.argv.includes('--per-event') ? 'per-event' : 'bulk';
  const carryOverFrom = argument('carry-over-from');
  if (carryOverFrom === undefined) {
    console.warn(
      `warning: no --carry-over-from <live schema>: the configuration versions and mass-balance credits (deposits, claims, balances) ` +
        `are not carried over, so schema "${into}" will hold only configuration version 1 and no credits, and its statements will name version 1`,
    );
  }
  const interactive = process.stderr.isTTY;
  let lastLine = 0;
  const onProgress = (progress: RebuildProgress) => {
    if (interactive) process.stderr.write(`\r${progressBar(progress)}`);
    else if (performance.now() - lastLine > 5_000) {
      lastLine = performance.now();
      process.stderr.write(`${progressBar(progress)}\n`);
    }
  };
  let report;
  try {
    report =
      from === 'kafka'
        ? await rebuildFromKafka({
            kafka: new Kafka({ clientId: 'rre-traceability-rebuild', brokers, logLevel: logLevel.WARN }),
            url,
            into,
            ledger,
            onProgress,
            mode,
            carryOverFrom,
          })
        : await rebuildFromOutboxes({ url, into, sources, ledger, onProgress, mode, carryOverFrom });
  } catch (error) {
    process.stderr.write(interactive ? '\n' : '');
    const refused =
      (error instanceof TraceabilityError && error.field === 'carryOverFrom') ||
      (error instanceof Error && error.message.includes('already holds a genealogy'));
    console.error(
      error instanceof Error ? error.message : error,
      mode === 'bulk' && !refused
        ? `\nschema "${into}" is partly written: drop it (DROP SCHEMA "${into}" CASCADE) before rebuilding into it, or rebuild with --per-event to park the events the live consumer would park`
        : '',
    );
    return 1;
  }
  process.stderr.write(interactive ? '\n' : '');
  console.info(
    `rebuilt ${report.events} of ${report.logEvents} events from ${from} (${mode}) into schema "${report.schema}" in ` +
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
