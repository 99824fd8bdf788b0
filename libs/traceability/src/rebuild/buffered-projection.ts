import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { FACT_HISTORY_WRITTEN_BY_WRITER_SETTING } from '../as-of/1766300000000-let-bulk-rebuild-write-fact-history.migration';
import { FACT_HISTORIES, type HistoryOfTable, type TableWithHistory } from '../as-of/fact-history';

/** A row as stored: column name to value (text, decimal text, JSON text, boolean, Date or null). */
export type ProjectionRow = Record<string, string | boolean | Date | null>;

interface Snapshot {
  readonly row: ProjectionRow;
  /** Undefined: the transaction's time, as the history's column default. */
  readonly recordedAt: Date | undefined;
}

/** The tables a bulk rebuild keeps in memory and writes per batch (the genealogy, run balances and emissions). */
export const BUFFERED_TABLES = [
  'trace_lot',
  'trace_run',
  'trace_movement',
  'trace_loss',
  'trace_run_balance',
  'trace_run_override',
  'trace_run_emission',
] as const satisfies readonly TableWithHistory[];
export type BufferedTable = (typeof BUFFERED_TABLES)[number];

/**
 * One projection table held in memory during a bulk rebuild of a fresh schema: every row written
 * so far (the schema held none, and nothing else writes the table meanwhile), the rows changed
 * since the last flush, and the history rows its triggers would have written, in their order.
 */
class TableBuffer {
  readonly rows = new Map<string, ProjectionRow>();
  readonly dirty = new Set<string>();
  snapshots: Snapshot[] = [];

  constructor(readonly history: HistoryOfTable) {}

  keyOf(row: ProjectionRow): string {
    return this.history.key.map((column) => String(row[column])).join('\u0000');
  }

  /** What `INSERT` writes; false when the key exists (ON CONFLICT DO NOTHING). */
  insert(row: ProjectionRow, recordedAt: Date | undefined): boolean {
    const key = this.keyOf(row);
    if (this.rows.has(key)) return false;
    const stored = this.complete(row);
    this.rows.set(key, stored);
    this.dirty.add(key);
    this.snapshots.push({ row: stored, recordedAt });
    return true;
  }

  /**
   * What `UPDATE` writes to an existing row: the row is replaced, and the history keeps it when a
   * column of `changedWhen` is distinct from before (the update trigger's WHEN clause).
   */
  update(key: string, next: ProjectionRow, recordedAt: Date | undefined): void {
    const before = this.rows.get(key);
    if (!before) throw new Error(`bulk rebuild: no ${this.history.table} row ${key} to update`);
    const stored = this.complete(next);
    this.rows.set(key, stored);
    this.dirty.add(key);
    const changed = this.history.changedWhen.some(
      (column) => !sameValue(this.typeOf(column), before[column] ?? null, stored[column] ?? null),
    );
    if (changed) this.snapshots.push({ row: stored, recordedAt });
  }

  private complete(row: ProjectionRow): ProjectionRow {
    const stored: ProjectionRow = {};
    for (const { name } of this.history.columns) stored[name] = row[name] ?? null;
    return stored;
  }

  typeOf(column: string): string {
    const type = this.history.columns.find((each) => each.name === column)?.type;
    if (!type) throw new Error(`bulk rebuild: ${this.history.table} has no column ${column}`);
    return type;
  }
}

/**
 * The projection tables of a bulk rebuild in memory: the buffered stores (`BufferedGenealogyStore`,
 * `BufferedRunBalanceStore`) read and write rows here with the live statements' rules, and `flush`
 * writes the changed rows with one statement per table and the history rows the triggers would
 * have written (each at its event's recorded time, in the same order), with the triggers keeping
 * nothing for those statements only.
 */
export class BufferedProjection {
  private readonly tables = new Map<BufferedTable, TableBuffer>();
  /** The recorded time of the event being applied (the consumer sets it per event). */
  recordedAt: Date | undefined;

  constructor() {
    for (const table of BUFFERED_TABLES) {
      const history = FACT_HISTORIES.find((each) => each.table === table);
      if (!history) throw new Error(`bulk rebuild: ${table} has no fact history`);
      this.tables.set(table, new TableBuffer(history));
    }
  }

  /** Refuses a schema whose buffered tables hold rows or have columns the history does not list. */
  async load(dataSource: DataSource): Promise<void> {
    const s = serviceSchema(dataSource);
    for (const [table, buffer] of this.tables) {
      const [{ n }] = (await dataSource.query(
        `SELECT count(*)::integer AS n FROM (SELECT 1 FROM "${s}".${table} LIMIT 1) t`,
      )) as [{ n: number }];
      if (n > 0)
        throw new Error(`bulk rebuild: ${s}.${table} holds rows; a bulk rebuild needs a fresh schema`);
      const columns = (
        (await dataSource.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
          [s, table],
        )) as { column_name: string }[]
      )
        .map((row) => row.column_name)
        .sort();
      const listed = buffer.history.columns.map((column) => column.name).sort();
      if (columns.join() !== listed.join())
        throw new Error(
          `bulk rebuild: ${s}.${table} has columns ${columns.join(', ')}, its history lists ${listed.join(', ')}; the bulk writer writes the listed ones`,
        );
    }
  }

  row(table: BufferedTable, key: string): ProjectionRow | undefined {
    return this.buffer(table).rows.get(key);
  }

  insert(table: BufferedTable, row: ProjectionRow): boolean {
    return this.buffer(table).insert(row, this.recordedAt);
  }

  update(table: BufferedTable, key: string, next: ProjectionRow): void {
    this.buffer(table).update(key, next, this.recordedAt);
  }

  /** Writes the changed rows and the history rows of every table, in the caller's transaction. */
  async flush(manager: EntityManager): Promise<void> {
    await writeProjection(manager, this.drain());
  }

  /**
   * Takes what changed since the last drain (the rows as they are now, the history rows in their
   * order), for `writeProjection`: later changes in memory do not alter what was taken.
   */
  drain(): ProjectionWrites {
    const writes: TableWrites[] = [];
    for (const buffer of this.tables.values()) {
      if (buffer.dirty.size === 0 && buffer.snapshots.length === 0) continue;
      writes.push({
        history: buffer.history,
        rows: [...buffer.dirty].map((each) => buffer.rows.get(each) as ProjectionRow),
        snapshots: buffer.snapshots,
      });
      buffer.dirty.clear();
      buffer.snapshots = [];
    }
    return writes;
  }

  private buffer(table: BufferedTable): TableBuffer {
    return this.tables.get(table) as TableBuffer;
  }
}

interface TableWrites {
  readonly history: HistoryOfTable;
  readonly rows: readonly ProjectionRow[];
  readonly snapshots: readonly Snapshot[];
}

/** What a drain took from the buffered projection, table by table. */
export type ProjectionWrites = readonly TableWrites[];

/**
 * Writes drained rows with one statement per table, and their history rows with one more; the
 * history triggers keep nothing for these statements (LetBulkRebuildWriteFactHistory1766300000000).
 */
export async function writeProjection(manager: EntityManager, writes: ProjectionWrites): Promise<void> {
  if (writes.length === 0) return;
  const s = serviceSchema(manager);
  await manager.query(`SELECT set_config('${FACT_HISTORY_WRITTEN_BY_WRITER_SETTING}', 'on', true)`);
  // The rows go as one JSON document per statement (JSON.stringify and PostgreSQL's JSON parser
  // are far cheaper than the driver's text-array literals, escaped element by element).
  for (const { history: table, rows, snapshots } of writes) {
    const { columns, key } = table;
    const name = table.table;
    const names = columns.map((column) => column.name).join(', ');
    const cast = columns.map((column) => `${column.name}::${column.type}`).join(', ');
    const record = columns.map((column) => `${column.name} text`).join(', ');
    if (rows.length > 0)
      await manager.query(
        `INSERT INTO "${s}".${name} (${names})
         SELECT ${cast} FROM json_to_recordset($1::json) AS r(${record})
         ON CONFLICT (${key.join(', ')}) DO UPDATE SET
           ${columns
             .filter((column) => !key.includes(column.name))
             .map((column) => `${column.name} = excluded.${column.name}`)
             .join(', ')}`,
        [JSON.stringify(rows)],
      );
    if (snapshots.length > 0)
      await manager.query(
        `INSERT INTO "${s}".${name}_history (${names}, fact_recorded_at)
         SELECT ${cast}, coalesce(rre_recorded_at::timestamptz, now())
         FROM ROWS FROM (json_to_recordset($1::json) AS (${record}, rre_recorded_at text))
           WITH ORDINALITY AS h(${names}, rre_recorded_at, rre_n)
         ORDER BY rre_n`,
        [
          JSON.stringify(
            snapshots.map((each) => ({ ...each.row, rre_recorded_at: each.recordedAt ?? null })),
          ),
        ],
      );
  }
  await manager.query(`SELECT set_config('${FACT_HISTORY_WRITTEN_BY_WRITER_SETTING}', '', true)`);
}

/** `IS NOT DISTINCT FROM` for the column's type: numeric by value, jsonb by structure, times by instant. */
function sameValue(
  type: string,
  a: string | boolean | Date | null,
  b: string | boolean | Date | null,
): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (type === 'numeric') return canonicalDecimal(String(a)) === canonicalDecimal(String(b));
  if (type === 'jsonb') return canonicalJson(JSON.parse(String(a))) === canonicalJson(JSON.parse(String(b)));
  return a === b;
}

function canonicalDecimal(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return text;
  const whole = (match[2] ?? '').replace(/^0+/, '') || '0';
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const digits = fraction ? `${whole}.${fraction}` : whole;
  return digits === '0' || match[1] !== '-' ? digits : `-${digits}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
