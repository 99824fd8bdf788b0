import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import type { ResidueScreening } from '../domain/residue-screening';

export interface ResidueScreeningRecord extends ResidueScreening {
  readonly lotId: string;
  readonly runId: string;
  readonly screenedAt: Date;
}

interface Row {
  lot_id: string;
  run_id: string;
  uranium_ppm: string;
  thorium_ppm: string;
  sum_of_ratios: string;
  threshold: string;
  outcome: ResidueScreening['outcome'];
  screened_at: Date;
}

/** The radioactivity screening of each residue lot a run declared (the latest one counts). */
export class ResidueScreeningStore {
  async save(manager: EntityManager, record: ResidueScreeningRecord): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".residue_screening
         (lot_id, run_id, uranium_ppm, thorium_ppm, sum_of_ratios, threshold, outcome, screened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (lot_id) DO UPDATE SET run_id = EXCLUDED.run_id, uranium_ppm = EXCLUDED.uranium_ppm,
         thorium_ppm = EXCLUDED.thorium_ppm, sum_of_ratios = EXCLUDED.sum_of_ratios, threshold = EXCLUDED.threshold,
         outcome = EXCLUDED.outcome, screened_at = EXCLUDED.screened_at`,
      [
        record.lotId,
        record.runId,
        record.uraniumPpm,
        record.thoriumPpm,
        record.sumOfRatios,
        record.threshold,
        record.outcome,
        record.screenedAt,
      ],
    );
  }

  async ofLots(manager: EntityManager, lotIds: readonly string[]): Promise<ResidueScreeningRecord[]> {
    if (lotIds.length === 0) return [];
    const rows = (await manager.query(
      `SELECT * FROM "${serviceSchema(manager)}".residue_screening WHERE lot_id = ANY($1::text[]) ORDER BY lot_id`,
      [lotIds],
    )) as Row[];
    return rows.map((row) => ({
      lotId: row.lot_id,
      runId: row.run_id,
      uraniumPpm: row.uranium_ppm,
      thoriumPpm: row.thorium_ppm,
      sumOfRatios: row.sum_of_ratios,
      threshold: row.threshold,
      outcome: row.outcome,
      screenedAt: row.screened_at,
    }));
  }
}
