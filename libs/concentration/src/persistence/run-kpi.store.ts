import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import type { RunKpiRecord } from '../domain/run-kpi-record';

interface RunKpiRow {
  run_id: string;
  revision: number;
  kind: string;
  computed_at: Date;
  kpis: RunKpiRecord['kpis'];
}

const fromRow = (row: RunKpiRow): RunKpiRecord => ({
  runId: row.run_id,
  revision: Number(row.revision),
  kind: row.kind,
  computedAt: row.computed_at,
  kpis: row.kpis,
});

/** KPIs of completed runs, one revision per completion, finalization or correction (all kept). */
export class RunKpiStore {
  async append(manager: EntityManager, record: Omit<RunKpiRecord, 'revision'>): Promise<RunKpiRecord> {
    const rows = (await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".run_kpi (run_id, revision, kind, computed_at, kpis)
       SELECT $1, COALESCE(MAX(revision), 0) + 1, $2, $3, $4 FROM "${serviceSchema(manager)}".run_kpi WHERE run_id = $1
       RETURNING *`,
      [record.runId, record.kind, record.computedAt, JSON.stringify(record.kpis)],
    )) as RunKpiRow[];
    return fromRow(rows[0]);
  }

  /** Every revision of a run's KPIs, oldest first. */
  async ofRun(manager: EntityManager, runId: string): Promise<RunKpiRecord[]> {
    const rows = (await manager.query(
      `SELECT * FROM "${serviceSchema(manager)}".run_kpi WHERE run_id = $1 ORDER BY revision`,
      [runId],
    )) as RunKpiRow[];
    return rows.map(fromRow);
  }

  /** The latest KPIs of each run computed in [from, to), by computation time, after a cursor. */
  async page(
    manager: EntityManager,
    filter: {
      from?: Date;
      to?: Date;
      kind?: string;
      first: number;
      after?: { computedAt: Date; runId: string };
    },
  ): Promise<RunKpiRecord[]> {
    const rows = (await manager.query(
      `SELECT k.* FROM "${serviceSchema(manager)}".run_kpi k
        WHERE k.revision = (SELECT MAX(revision) FROM "${serviceSchema(manager)}".run_kpi l WHERE l.run_id = k.run_id)
          AND ($1::timestamptz IS NULL OR k.computed_at >= $1)
          AND ($2::timestamptz IS NULL OR k.computed_at < $2)
          AND ($3::text IS NULL OR k.kind = $3)
          AND ($4::timestamptz IS NULL OR (k.computed_at, k.run_id) > ($4, $5::text))
        ORDER BY k.computed_at, k.run_id
        LIMIT $6`,
      [
        filter.from ?? null,
        filter.to ?? null,
        filter.kind ?? null,
        filter.after?.computedAt ?? null,
        filter.after?.runId ?? null,
        filter.first,
      ],
    )) as RunKpiRow[];
    return rows.map(fromRow);
  }
}
