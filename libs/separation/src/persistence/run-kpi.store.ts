import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import type { RunKpiRecord } from '../domain/run-kpi-record';

interface Row {
  run_id: string;
  revision: number;
  kind: string;
  computed_at: Date;
  kpis: RunKpiRecord['kpis'];
}

const fromRow = (row: Row): RunKpiRecord => ({
  runId: row.run_id,
  revision: Number(row.revision),
  kind: row.kind,
  computedAt: row.computed_at,
  kpis: row.kpis,
});

/** Which runs a campaign holds: completed in [from, to), of an extractant (name or kind), in a contactor type. */
export interface CampaignFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly extractantName?: string;
  readonly extractantKind?: string;
  readonly contactorType?: string;
}

/** KPIs of completed runs, one revision per completion, finalization or correction (all kept). */
export class RunKpiStore {
  async append(manager: EntityManager, record: Omit<RunKpiRecord, 'revision'>): Promise<RunKpiRecord> {
    const table = `"${serviceSchema(manager)}".run_kpi`;
    const rows = (await manager.query(
      `INSERT INTO ${table} (run_id, revision, kind, computed_at, extractant_name, extractant_kind, contactor_type, kpis)
       SELECT $1, COALESCE(MAX(revision), 0) + 1, $2, $3, $4, $5, $6, $7 FROM ${table} WHERE run_id = $1
       RETURNING run_id, revision, kind, computed_at, kpis`,
      [
        record.runId,
        record.kind,
        record.computedAt,
        record.kpis.extractant?.name ?? null,
        record.kpis.extractant?.kind ?? null,
        record.kpis.contactor?.type ?? null,
        JSON.stringify(record.kpis),
      ],
    )) as Row[];
    return fromRow(rows[0]);
  }

  /** Every revision of a run's KPIs, oldest first. */
  async ofRun(manager: EntityManager, runId: string): Promise<RunKpiRecord[]> {
    const rows = (await manager.query(
      `SELECT run_id, revision, kind, computed_at, kpis FROM "${serviceSchema(manager)}".run_kpi
        WHERE run_id = $1 ORDER BY revision`,
      [runId],
    )) as Row[];
    return rows.map(fromRow);
  }

  /** The latest KPIs of each solvent-extraction run of a campaign, by completion time. */
  async campaign(manager: EntityManager, filter: CampaignFilter): Promise<RunKpiRecord[]> {
    const s = serviceSchema(manager);
    const rows = (await manager.query(
      `SELECT k.run_id, k.revision, k.kind, k.computed_at, k.kpis FROM "${s}".run_kpi k
        WHERE k.kind = 'SOLVENT_EXTRACTION'
          AND k.revision = (SELECT MAX(revision) FROM "${s}".run_kpi l WHERE l.run_id = k.run_id)
          AND ($1::timestamptz IS NULL OR (SELECT MIN(computed_at) FROM "${s}".run_kpi f WHERE f.run_id = k.run_id) >= $1)
          AND ($2::timestamptz IS NULL OR (SELECT MIN(computed_at) FROM "${s}".run_kpi f WHERE f.run_id = k.run_id) < $2)
          AND ($3::text IS NULL OR k.extractant_name = $3)
          AND ($4::text IS NULL OR k.extractant_kind = $4)
          AND ($5::text IS NULL OR k.contactor_type = $5)
        ORDER BY k.computed_at, k.run_id`,
      [
        filter.from ?? null,
        filter.to ?? null,
        filter.extractantName ?? null,
        filter.extractantKind ?? null,
        filter.contactorType ?? null,
      ],
    )) as Row[];
    return rows.map(fromRow);
  }
}
