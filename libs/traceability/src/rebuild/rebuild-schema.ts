import { openServiceDatabase } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { traceabilityMigrations } from '../persistence/traceability-persistence';

/** What a rebuild did (from the outboxes or from Kafka). */
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

/** Opens (migrating) the schema a rebuild writes into; refused if it already holds a genealogy. */
export async function openFreshRebuildSchema(url: string, into: string, poolSize = 3): Promise<DataSource> {
  const dataSource = await openServiceDatabase({
    url,
    service: into,
    poolSize,
    entities: [],
    migrations: traceabilityMigrations,
  });
  const [existing] = (await dataSource.query(
    `SELECT (SELECT count(*) FROM "${into}".trace_position)::integer AS n`,
  )) as { n: number }[];
  if ((existing?.n ?? 0) > 0) {
    await dataSource.destroy();
    throw new Error(
      `rebuild into schema "${into}": it already holds a genealogy (${existing?.n} topic positions); rebuild into a fresh schema`,
    );
  }
  return dataSource;
}

/** Events applied so far: the watermark's count. */
export async function eventsApplied(dataSource: DataSource, schema: string): Promise<number> {
  const [row] = (await dataSource.query(
    `SELECT coalesce(sum(events), 0)::integer AS n FROM "${schema}".trace_position`,
  )) as { n: number }[];
  return row?.n ?? 0;
}

/** The report at the end: events applied, rate, events held by the gate and parked. */
export async function rebuildReportOf(
  dataSource: DataSource,
  schema: string,
  logEvents: number,
  seconds: number,
): Promise<RebuildReport> {
  const events = await eventsApplied(dataSource, schema);
  const [counts] = (await dataSource.query(
    `SELECT (SELECT count(*) FROM "${schema}".gate_held)::integer AS held,
            (SELECT count(*) FROM "${schema}".dead_letter WHERE status = 'parked')::integer AS parked`,
  )) as { held: number; parked: number }[];
  return {
    schema,
    logEvents,
    events,
    seconds,
    eventsPerSecond: seconds > 0 ? events / seconds : 0,
    heldEvents: counts?.held ?? 0,
    parkedEvents: counts?.parked ?? 0,
  };
}
