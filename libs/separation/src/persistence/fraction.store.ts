import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import type { FractionKind } from '../domain/fraction';

/** A fraction an SX run declared: the run library's output lot plus its kind and purity. */
export interface FractionRecord {
  readonly lotId: string;
  readonly runId: string;
  readonly kind: FractionKind;
  readonly purityPercent?: string;
  readonly purityUncertaintyPercent?: string;
  /** Target elements / rare earths in the assay x 100. */
  readonly assayPurityPercent?: string;
  readonly declaredAt: Date;
  readonly declaredBy: string;
}

interface Row {
  lot_id: string;
  run_id: string;
  kind: FractionKind;
  purity_percent: string | null;
  purity_uncertainty_percent: string | null;
  assay_purity_percent: string | null;
  declared_at: Date;
  declared_by: string;
}

const fromRow = (row: Row): FractionRecord => ({
  lotId: row.lot_id,
  runId: row.run_id,
  kind: row.kind,
  ...(row.purity_percent === null ? {} : { purityPercent: row.purity_percent }),
  ...(row.purity_uncertainty_percent === null
    ? {}
    : { purityUncertaintyPercent: row.purity_uncertainty_percent }),
  ...(row.assay_purity_percent === null ? {} : { assayPurityPercent: row.assay_purity_percent }),
  declaredAt: row.declared_at,
  declaredBy: row.declared_by,
});

const COLUMNS = `lot_id, run_id, kind, purity_percent::text AS purity_percent,
  purity_uncertainty_percent::text AS purity_uncertainty_percent, assay_purity_percent::text AS assay_purity_percent,
  declared_at, declared_by`;

export class FractionStore {
  async insert(manager: EntityManager, record: FractionRecord): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".fraction
         (lot_id, run_id, kind, purity_percent, purity_uncertainty_percent, assay_purity_percent, declared_at, declared_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        record.lotId,
        record.runId,
        record.kind,
        record.purityPercent ?? null,
        record.purityUncertaintyPercent ?? null,
        record.assayPurityPercent ?? null,
        record.declaredAt,
        record.declaredBy,
      ],
    );
  }

  async ofRun(manager: EntityManager, runId: string): Promise<FractionRecord[]> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM "${serviceSchema(manager)}".fraction WHERE run_id = $1 ORDER BY declared_at, lot_id`,
      [runId],
    )) as Row[];
    return rows.map(fromRow);
  }

  async get(manager: EntityManager, lotId: string): Promise<FractionRecord | undefined> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM "${serviceSchema(manager)}".fraction WHERE lot_id = $1`,
      [lotId],
    )) as Row[];
    return rows[0] && fromRow(rows[0]);
  }
}
