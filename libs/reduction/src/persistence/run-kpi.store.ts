import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import type { RunKpiRecord } from '../domain/run-kpi-record';

interface KpiRow {
  run_id: string;
  revision: number;
  kind: RunKpiRecord['kind'];
  completed_at: Date;
  computed_at: Date;
  kpis: RunKpiRecord['kpis'];
}

function recordOf(row: KpiRow): RunKpiRecord {
  return {
    runId: row.run_id,
    revision: Number(row.revision),
    kind: row.kind,
    completedAt: new Date(row.completed_at),
    computedAt: new Date(row.computed_at),
    kpis: row.kpis,
  };
}

export interface KpiPeriodFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly kind?: RunKpiRecord['kind'];
}

/** KPI revisions of reduction runs (all kept); periods read each run's latest. */
export class RunKpiStore {
  async append(manager: EntityManager, record: Omit<RunKpiRecord, 'revision'>): Promise<RunKpiRecord> {
    const table = `"${serviceSchema(manager)}".reduction_run_kpi`;
    const [row] = (await manager.query(
      `INSERT INTO ${table} (run_id, revision, kind, completed_at, computed_at, kpis)
       VALUES ($1, (SELECT COALESCE(MAX(revision), 0) + 1 FROM ${table} WHERE run_id = $1), $2, $3, $4, $5::jsonb)
       RETURNING *`,
      [record.runId, record.kind, record.completedAt, record.computedAt, JSON.stringify(record.kpis)],
    )) as KpiRow[];
    return recordOf(row);
  }

  /** Every revision of a run's KPIs, oldest first. */
  async revisions(manager: EntityManager, runId: string): Promise<RunKpiRecord[]> {
    const rows = (await manager.query(
      `SELECT * FROM "${serviceSchema(manager)}".reduction_run_kpi WHERE run_id = $1 ORDER BY revision`,
      [runId],
    )) as KpiRow[];
    return rows.map(recordOf);
  }

  /**
   * The latest revision of each run completed in [from, to), in completion order; `first` and
   * `after` page through them.
   */
  async latest(
    manager: EntityManager,
    filter: KpiPeriodFilter & { first?: number; after?: { completedAt: Date; runId: string } },
  ): Promise<RunKpiRecord[]> {
    const table = `"${serviceSchema(manager)}".reduction_run_kpi`;
    const rows = (await manager.query(
      `SELECT DISTINCT ON (k.completed_at, k.run_id) k.* FROM ${table} k
        WHERE ($1::timestamptz IS NULL OR k.completed_at >= $1)
          AND ($2::timestamptz IS NULL OR k.completed_at < $2)
          AND ($3::text IS NULL OR k.kind = $3)
          AND ($4::timestamptz IS NULL OR (k.completed_at, k.run_id) > ($4::timestamptz, $5::text))
        ORDER BY k.completed_at, k.run_id, k.revision DESC
        ${filter.first === undefined ? '' : `LIMIT ${Number(filter.first)}`}`,
      [
        filter.from ?? null,
        filter.to ?? null,
        filter.kind ?? null,
        filter.after?.completedAt ?? null,
        filter.after?.runId ?? null,
      ],
    )) as KpiRow[];
    return rows.map(recordOf);
  }
}
