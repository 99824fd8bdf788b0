import { inTransaction } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { TraceabilityError } from '../domain/traceability-error';

/**
 * The traceability records that no event announces, so a rebuild from the event log cannot derive
 * them: the configuration's versions (admin mutations) and the mass-balance credit ledger
 * (deposits, claims with their idempotency keys, draws, balances). In insertion order: a table's
 * foreign keys point only at tables before it.
 */
export const CARRIED_OVER_TABLES = [
  'trace_configuration_version',
  'mb_credit_account',
  'mb_deposit_period',
  'mb_credit_entry',
  'mb_claim_draw',
] as const;

export type CarriedOverTable = (typeof CARRIED_OVER_TABLES)[number];

/** What was carried over: rows copied per table. */
export interface CarryOverReport {
  readonly from: string;
  readonly rows: Readonly<Record<CarriedOverTable, number>>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Copies the records a rebuild cannot derive from the schema it replaces (`from`, same database)
 * into the fresh schema `into`, before any event is applied, so that statements frozen during the
 * rebuild name the configuration version live ones named. Every column verbatim (ids, who, when,
 * why); the fresh schema's seeded configuration version 1 is replaced by the live history; serial
 * columns continue after the copied ids. One transaction on one snapshot of `from` (a claim
 * committed meanwhile is either wholly in or wholly out); refused, with nothing written, when `from`
 * is not a schema holding these tables or `into` already holds credits.
 */
export async function carryOver(
  dataSource: DataSource,
  from: string,
  into: string,
): Promise<CarryOverReport> {
  const refuse = (rule: string): never => {
    throw new TraceabilityError({ code: 'INVALID_INPUT', field: 'carryOverFrom', value: `"${from}"`, rule });
  };
  if (!SCHEMA_NAME.test(from)) refuse(`must be a schema name matching ${SCHEMA_NAME}`);
  if (from === into) refuse(`must name the schema the rebuild replaces, not "${into}", the one it writes`);
  return inTransaction(
    dataSource,
    async (manager) => {
      const [schema] = (await manager.query(`SELECT 1 AS found FROM pg_namespace WHERE nspname = $1`, [
        from,
      ])) as unknown[];
      if (!schema)
        refuse('must name an existing schema of the database (the traceability schema being replaced)');
      const sourceColumns = await columnsOf(manager, from);
      const missing = CARRIED_OVER_TABLES.filter((table) => !sourceColumns.has(table));
      if (missing.length > 0) {
        refuse(
          `must hold the traceability tables ${CARRIED_OVER_TABLES.join(', ')}; it lacks ${missing.join(', ')} (not a traceability schema, or not migrated)`,
        );
      }
      const targetColumns = await columnsOf(manager, into);
      for (const table of CARRIED_OVER_TABLES) {
        const source = (sourceColumns.get(table) ?? []).map((column) => column.name).join(', ');
        const target = (targetColumns.get(table) ?? []).map((column) => column.name).join(', ');
        if (source !== target) {
          refuse(
            `must have the columns of the schema rebuilt into (migrate it first): ${table} has (${source}), "${into}" has (${target})`,
          );
        }
      }
      const [held] = (await manager.query(
        `SELECT (SELECT count(*) FROM "${into}".mb_credit_account)::integer
              + (SELECT count(*) FROM "${into}".mb_credit_entry)::integer
              + (SELECT count(*) FROM "${into}".mb_deposit_period)::integer AS n,
                (SELECT count(*) FROM "${into}".trace_statement)::integer AS statements`,
      )) as { n: number; statements: number }[];
      if ((held?.n ?? 0) > 0 || (held?.statements ?? 0) > 0) {
        refuse(
          `cannot be carried into schema "${into}": it already holds ${held?.n} credit rows and ${held?.statements} statements; rebuild into a fresh schema`,
        );
      }
      await manager.query(`DELETE FROM "${into}".trace_configuration_version`);
      const rows = {} as Record<CarriedOverTable, number>;
      for (const table of CARRIED_OVER_TABLES) {
        const columns = targetColumns.get(table) ?? [];
        const list = columns.map((column) => `"${column.name}"`).join(', ');
        const overriding = columns.some((column) => column.identityAlways) ? 'OVERRIDING SYSTEM VALUE' : '';
        const [inserted] = (await manager.query(
          `WITH copied AS (INSERT INTO "${into}".${table} (${list}) ${overriding}
                           SELECT ${list} FROM "${from}".${table} RETURNING 1)
           SELECT count(*)::integer AS n FROM copied`,
        )) as { n: number }[];
        rows[table] = inserted?.n ?? 0;
        for (const column of columns) await continueSequence(manager, into, table, column.name);
      }
      return { from, rows };
    },
    // One snapshot of `from` for every table: live claims may commit while the copy runs.
    { isolationLevel: 'REPEATABLE READ' },
  );
}

interface Column {
  readonly name: string;
  readonly identityAlways: boolean;
}

/** The carried-over tables' insertable columns (generated ones are computed again), by table. */
async function columnsOf(manager: EntityManager, schema: string): Promise<Map<string, Column[]>> {
  const found = (await manager.query(
    `SELECT table_name, column_name, identity_generation
     FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = ANY($2::text[]) AND is_generated = 'NEVER'
     ORDER BY table_name, column_name`,
    [schema, [...CARRIED_OVER_TABLES]],
  )) as { table_name: string; column_name: string; identity_generation: string | null }[];
  const columns = new Map<string, Column[]>();
  for (const row of found) {
    const list = columns.get(row.table_name) ?? [];
    list.push({ name: row.column_name, identityAlways: row.identity_generation === 'ALWAYS' });
    columns.set(row.table_name, list);
  }
  return columns;
}

/** Moves a serial or identity column's sequence past the largest copied value, so later inserts do not collide. */
async function continueSequence(manager: EntityManager, schema: string, table: string, column: string) {
  const [row] = (await manager.query(`SELECT pg_get_serial_sequence($1, $2) AS sequence`, [
    `"${schema}".${table}`,
    column,
  ])) as { sequence: string | null }[];
  if (!row?.sequence) return;
  await manager.query(
    `SELECT setval($1::regclass, coalesce(max, 1), max IS NOT NULL)
     FROM (SELECT max("${column}") AS max FROM "${schema}".${table}) AS copied`,
    [row.sequence],
  );
}
