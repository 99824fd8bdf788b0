import { EmbeddedEventConsumer, messagingTables, messagingTablesOf } from '@rre/messaging';
import { openServiceDatabase } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { LedgerApplication, type LedgerSettings } from '../ledger/ledger-application';
import {
  GENEALOGY_TOPICS,
  LOT_AND_RUN_EVENTS_CONSUMER,
  lotAndRunEventsConsumer,
} from '../messaging/lot-and-run-events.consumer';
import { traceabilityMigrations } from '../persistence/traceability-persistence';
import type { RebuildProgress } from './progress-bar';

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
}

export interface RebuildReport {
  readonly schema: string;
  /** Events in the logs (of the topics read) when the rebuild started, and events applied. */
  readonly logEvents: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Events still held by the gate (their predecessors are not in the log) and events parked. */
  readonly heldEvents: number;
  readonly parkedEvents: number;
}

/**
 * Rebuilds the genealogy (every traceability table: lots, runs, takes, shipments, statements,
 * ledger chains) from the event log, embedded: a fresh schema's consumer reads the producing
 * services' outboxes from position 0 in log order, until it has reached the positions they had
 * when the rebuild started. Statements are frozen again under the same ids (named by shipment and
 * lot) but not announced again: the rebuilt schema's outbox stays empty.
 */
export async function rebuildFromOutboxes(options: RebuildFromOutboxesOptions): Promise<RebuildReport> {
  const topics = options.topics ?? GENEALOGY_TOPICS;
  const dataSource = await openServiceDatabase({
    url: options.url,
    service: options.into,
    poolSize: 3,
    entities: [],
    migrations: traceabilityMigrations,
  });
  try {
    const [existing] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM "${options.into}".trace_position)::integer AS n`,
    )) as { n: number }[];
    if ((existing?.n ?? 0) > 0) {
      throw new Error(
        `rebuild into schema "${options.into}": it already holds a genealogy (${existing?.n} topic positions); rebuild into a fresh schema`,
      );
    }
    const ends = await logEnds(dataSource, options.sources, topics);
    const logEvents = ends.reduce((sum, end) => sum + end.events, 0);
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
      batchSize: 500,
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
    events = await eventsApplied(dataSource, options.into);
    options.onProgress?.({ events, total: logEvents, seconds: elapsed });
    const [counts] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM "${options.into}".gate_held)::integer AS held,
              (SELECT count(*) FROM "${options.into}".dead_letter WHERE status = 'parked')::integer AS parked`,
    )) as { held: number; parked: number }[];
    return {
      schema: options.into,
      logEvents,
      events,
      seconds: elapsed,
      eventsPerSecond: elapsed > 0 ? events / elapsed : 0,
      heldEvents: counts?.held ?? 0,
      parkedEvents: counts?.parked ?? 0,
    };
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

async function eventsApplied(dataSource: DataSource, schema: string): Promise<number> {
  const [row] = (await dataSource.query(
    `SELECT coalesce(sum(events), 0)::integer AS n FROM "${schema}".trace_position`,
  )) as { n: number }[];
  return row?.n ?? 0;
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
