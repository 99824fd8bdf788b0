import { EmbeddedEventConsumer, messagingTables, messagingTablesOf } from '@rre/messaging';
import type { DataSource } from 'typeorm';
import { LedgerApplication, type LedgerSettings } from '../ledger/ledger-application';
import {
  GENEALOGY_TOPICS,
  LOT_AND_RUN_EVENTS_CONSUMER,
  lotAndRunEventsConsumer,
} from '../messaging/lot-and-run-events.consumer';
import { bulkRebuildFromOutboxes } from './bulk-rebuild-from-outboxes';
import { carryOver } from './carry-over';
import type { RebuildProgress } from './progress-bar';
import { eventsApplied, openFreshRebuildSchema, type RebuildReport, rebuildReportOf } from './rebuild-schema';

export type { RebuildReport } from './rebuild-schema';

export interface RebuildFromOutboxesOptions {
  /** The database holding the producing services' schemas (embedded mode: one database). */
  readonly url: string;
  /** A fresh schema to rebuild into; refused if it already holds a genealogy. */
  readonly into: string;
  /** Schemas of the producing services whose outboxes (logs) are read, in log-position order. */
  readonly sources: readonly string[];
  /** Topics read (default: every genealogy topic). */
  readonly topics?: readonly string[];
  readonly ledger?: LedgerSettings;
  readonly clock?: () => Date;
  /** Called about every `progressIntervalMs` (default 500) and once at the end. */
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly progressIntervalMs?: number;
  /** Gives up when no event is applied for this long (default 60 s). */
  readonly stallTimeoutMs?: number;
  /**
   * `per-event` (default): the live consumer, each event through the stored inbox, gate, watermark
   * and ledger. `bulk`: the same handler with those and the projection's rows kept in memory and
   * written per batch (`bulk-apply.ts`).
   */
  readonly mode?: RebuildMode;
  /** Rows read from a source at a time, before the next source's (default 500; both modes read alike). */
  readonly readBatch?: number;
  /**
   * The schema being replaced (same database): its configuration versions and credit ledger, which
   * no event announces, are copied into `into` before any event is applied (`carry-over.ts`).
   */
  readonly carryOverFrom?: string;
}

/** How a rebuild applies the events (see RebuildFromOutboxesOptions.mode). */
export type RebuildMode = 'per-event' | 'bulk';

/**
 * Rebuilds the genealogy (every traceability table: lots, runs, takes, shipments, statements,
 * ledger chains) from the event log, embedded: a fresh schema's consumer reads the producing
 * services' outboxes from position 0 in log order, until it has reached the positions they had
 * when the rebuild started. Statements are frozen again under the same ids (named by shipment and
 * lot) but not announced again: the rebuilt schema's outbox stays empty.
 */
export async function rebuildFromOutboxes(options: RebuildFromOutboxesOptions): Promise<RebuildReport> {
  const topics = options.topics ?? GENEALOGY_TOPICS;
  const dataSource = await openFreshRebuildSchema(options.url, options.into);
  try {
    if (options.carryOverFrom !== undefined) await carryOver(dataSource, options.carryOverFrom, options.into);
    const ends = await logEnds(dataSource, options.sources, topics);
    const logEvents = ends.reduce((sum, end) => sum + end.events, 0);
    if (options.mode === 'bulk') {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      let lastProgress = 0;
      await bulkRebuildFromOutboxes(dataSource, {
        sources: options.sources,
        topics,
        ends,
        ledger: options.ledger,
        clock: options.clock,
        readBatch: options.readBatch,
        onEvents: (events) => {
          if (performance.now() - lastProgress < (options.progressIntervalMs ?? 500)) return;
          lastProgress = performance.now();
          options.onProgress?.({ events, total: logEvents, seconds: seconds() });
        },
      });
      const elapsed = seconds();
      const report = await rebuildReportOf(dataSource, options.into, logEvents, elapsed);
      options.onProgress?.({ events: report.events, total: logEvents, seconds: elapsed });
      return report;
    }
    const consumer = new EmbeddedEventConsumer({
      dataSource,
      definition: lotAndRunEventsConsumer({
        topics,
        clock: options.clock,
        ledger: new LedgerApplication(dataSource, options.ledger, options.clock),
        publishStatements: false,
      }),
      sources: options.sources,
      pollIntervalMs: 20,
      batchSize: options.readBatch ?? 500,
    });
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    consumer.start();
    let events = 0;
    try {
      let lastEvents = -1;
      let lastChange = performance.now();
      for (;;) {
        events = await eventsApplied(dataSource, options.into);
        options.onProgress?.({ events, total: logEvents, seconds: seconds() });
        if (await reached(dataSource, ends)) break;
        if (events !== lastEvents) {
          lastEvents = events;
          lastChange = performance.now();
        } else if (performance.now() - lastChange > (options.stallTimeoutMs ?? 60_000)) {
          throw new Error(`rebuild into "${options.into}" stalled at ${events} of ${logEvents} events`);
        }
        await new Promise((resolve) => setTimeout(resolve, options.progressIntervalMs ?? 500));
      }
    } finally {
      await consumer.stop();
    }
    const elapsed = seconds();
    const report = await rebuildReportOf(dataSource, options.into, logEvents, elapsed);
    options.onProgress?.({ events: report.events, total: logEvents, seconds: elapsed });
    return report;
  } finally {
    await dataSource.destroy();
  }
}

interface LogEnd {
  readonly source: string;
  readonly position: string;
  readonly events: number;
}

async function logEnds(
  dataSource: DataSource,
  sources: readonly string[],
  topics: readonly string[],
): Promise<LogEnd[]> {
  const ends: LogEnd[] = [];
  for (const source of sources) {
    const [row] = (await dataSource.query(
      `SELECT coalesce(max(log_position), 0)::text AS position, count(*)::integer AS events
       FROM ${messagingTables(source).outbox} WHERE log_position IS NOT NULL AND topic = ANY($1::text[])`,
      [[...topics]],
    )) as { position: string; events: number }[];
    ends.push({ source, position: row?.position ?? '0', events: row?.events ?? 0 });
  }
  return ends;
}

/** Whether the consumer's offset has reached every source's end as of the start. */
async function reached(dataSource: DataSource, ends: readonly LogEnd[]): Promise<boolean> {
  const offsets = (await dataSource.query(
    `SELECT source, position::text AS position FROM ${messagingTablesOf(dataSource).consumerOffset}
     WHERE consumer = $1`,
    [LOT_AND_RUN_EVENTS_CONSUMER],
  )) as { source: string; position: string }[];
  const at = new Map(offsets.map((row) => [row.source, BigInt(row.position)]));
  return ends.every((end) => end.position === '0' || (at.get(end.source) ?? 0n) >= BigInt(end.position));
}
