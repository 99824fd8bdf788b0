import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import type { Oxide } from '../domain/oxide';

/** An oxide lot a calcination run declared, with the conversion it was booked by. */
export interface OxideLotRecord {
  readonly lotId: string;
  readonly runId: string;
  readonly oxide: Oxide;
  readonly formula: string;
  readonly element: string;
  readonly oxideMassKg: string;
  readonly purityPercent: string;
  readonly purityUncertaintyPercent?: string;
  readonly elementFraction: string;
  readonly elementMassKg: string;
  readonly elementMolarMassGPerMol: string;
  readonly oxideMolarMassGPerMol: string;
  readonly declaredAt: Date;
  readonly declaredBy: string;
}

interface Row {
  lot_id: string;
  run_id: string;
  oxide: Oxide;
  formula: string;
  element: string;
  oxide_mass_kg: string;
  purity_percent: string;
  purity_uncertainty_percent: string | null;
  element_fraction: string;
  element_mass_kg: string;
  element_molar_mass_g_per_mol: string;
  oxide_molar_mass_g_per_mol: string;
  declared_at: Date;
  declared_by: string;
}

const fromRow = (row: Row): OxideLotRecord => ({
  lotId: row.lot_id,
  runId: row.run_id,
  oxide: row.oxide,
  formula: row.formula,
  element: row.element,
  oxideMassKg: row.oxide_mass_kg,
  purityPercent: row.purity_percent,
  ...(row.purity_uncertainty_percent === null
    ? {}
    : { purityUncertaintyPercent: row.purity_uncertainty_percent }),
  elementFraction: row.element_fraction,
  elementMassKg: row.element_mass_kg,
  elementMolarMassGPerMol: row.element_molar_mass_g_per_mol,
  oxideMolarMassGPerMol: row.oxide_molar_mass_g_per_mol,
  declaredAt: row.declared_at,
  declaredBy: row.declared_by,
});

const COLUMNS = `lot_id, run_id, oxide, formula, element, oxide_mass_kg::text AS oxide_mass_kg,
  purity_percent::text AS purity_percent, purity_uncertainty_percent::text AS purity_uncertainty_percent,
  element_fraction::text AS element_fraction, element_mass_kg::text AS element_mass_kg,
  element_molar_mass_g_per_mol::text AS element_molar_mass_g_per_mol,
  oxide_molar_mass_g_per_mol::text AS oxide_molar_mass_g_per_mol, declared_at, declared_by`;

export class OxideLotStore {
  async insert(manager: EntityManager, record: OxideLotRecord): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".oxide_lot
         (lot_id, run_id, oxide, formula, element, oxide_mass_kg, purity_percent, purity_uncertainty_percent,
          element_fraction, element_mass_kg, element_molar_mass_g_per_mol, oxide_molar_mass_g_per_mol,
          declared_at, declared_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        record.lotId,
        record.runId,
        record.oxide,
        record.formula,
        record.element,
        record.oxideMassKg,
        record.purityPercent,
        record.purityUncertaintyPercent ?? null,
        record.elementFraction,
        record.elementMassKg,
        record.elementMolarMassGPerMol,
        record.oxideMolarMassGPerMol,
        record.declaredAt,
        record.declaredBy,
      ],
    );
  }

  async get(manager: EntityManager, lotId: string): Promise<OxideLotRecord | undefined> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM "${serviceSchema(manager)}".oxide_lot WHERE lot_id = $1`,
      [lotId],
    )) as Row[];
    return rows[0] && fromRow(rows[0]);
  }

  async ofRun(manager: EntityManager, runId: string): Promise<OxideLotRecord[]> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM "${serviceSchema(manager)}".oxide_lot WHERE run_id = $1 ORDER BY declared_at, lot_id`,
      [runId],
    )) as Row[];
    return rows.map(fromRow);
  }
}
