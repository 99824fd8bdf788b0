import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import type { DistributionRatio } from '../domain/distribution-ratios';

export interface RecordedDistributionRatio extends DistributionRatio {
  readonly revision: number;
  readonly recordedAt: Date;
  readonly recordedBy: string;
}

interface Row {
  element: string;
  revision: number;
  ratio: string;
  uncertainty: string | null;
  recorded_at: Date;
  recorded_by: string;
}

/** Measured distribution ratios per run and element; a new recording of an element is its next revision. */
export class DistributionRatioStore {
  async append(
    manager: EntityManager,
    runId: string,
    ratios: readonly DistributionRatio[],
    recorded: { at: Date; by: string },
  ): Promise<void> {
    const table = `"${serviceSchema(manager)}".distribution_ratio`;
    for (const ratio of ratios) {
      await manager.query(
        `INSERT INTO ${table} (run_id, element, revision, ratio, uncertainty, recorded_at, recorded_by)
         SELECT $1, $2, COALESCE(MAX(revision), 0) + 1, $3, $4, $5, $6 FROM ${table} WHERE run_id = $1 AND element = $2`,
        [runId, ratio.element, ratio.ratio, ratio.uncertainty ?? null, recorded.at, recorded.by],
      );
    }
  }

  /** The latest ratio of each element of the run, by element. */
  async latest(manager: EntityManager, runId: string): Promise<RecordedDistributionRatio[]> {
    const rows = (await manager.query(
      `SELECT DISTINCT ON (element) element, revision, ratio::text AS ratio, uncertainty::text AS uncertainty,
              recorded_at, recorded_by
         FROM "${serviceSchema(manager)}".distribution_ratio WHERE run_id = $1
        ORDER BY element, revision DESC`,
      [runId],
    )) as Row[];
    return rows.map((row) => ({
      element: row.element,
      ratio: row.ratio,
      ...(row.uncertainty === null ? {} : { uncertainty: row.uncertainty }),
      revision: Number(row.revision),
      recordedAt: row.recorded_at,
      recordedBy: row.recorded_by,
    }));
  }

  async count(manager: EntityManager, runId: string): Promise<number> {
    const rows = (await manager.query(
      `SELECT count(*)::int AS n FROM "${serviceSchema(manager)}".distribution_ratio WHERE run_id = $1`,
      [runId],
    )) as { n: number }[];
    return Number(rows[0]?.n ?? 0);
  }
}
