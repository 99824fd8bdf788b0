import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import type {
  LotComposition,
  LotCorrectionNote,
  ReceivedLot,
  ReceivedLotCustody,
} from '../domain/received-lot';

interface ReceivedLotRow {
  lot_id: string;
  lot_code: string;
  supplier_organisation_id: string | null;
  material_kind: string;
  source_category: string;
  route: ReceivedLot['route'];
  weighed_net_mass_kg: string | null;
  declared_composition: LotComposition | null;
  current_assay_id: string | null;
  current_composition: LotComposition | null;
  custody: ReceivedLotCustody;
  transfer_id: string | null;
  offered_mass_kg: string | null;
  received_mass_kg: string | null;
  held_since: Date | null;
  corrections: LotCorrectionNote[];
}

function fromRow(row: ReceivedLotRow): ReceivedLot {
  return {
    lotId: row.lot_id,
    lotCode: row.lot_code,
    supplierOrganisationId: row.supplier_organisation_id ?? undefined,
    materialKind: row.material_kind,
    sourceCategory: row.source_category,
    route: row.route,
    weighedNetMassKg: row.weighed_net_mass_kg ?? undefined,
    declaredComposition: row.declared_composition ?? undefined,
    currentAssayId: row.current_assay_id ?? undefined,
    currentComposition: row.current_composition ?? undefined,
    custody: row.custody,
    transferId: row.transfer_id ?? undefined,
    offeredMassKg: row.offered_mass_kg ?? undefined,
    receivedMassKg: row.received_mass_kg ?? undefined,
    heldSince: row.held_since ?? undefined,
    corrections: row.corrections,
  };
}

/** Concentration's copy of intake's lots (`intake_lot`), read and written through the caller's transaction. */
export class ReceivedLotStore {
  async get(
    manager: EntityManager,
    lotId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<ReceivedLot | undefined> {
    const rows = (await manager.query(
      `SELECT * FROM "${serviceSchema(manager)}".intake_lot WHERE lot_id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [lotId],
    )) as ReceivedLotRow[];
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async list(
    manager: EntityManager,
    filter: { custody?: ReceivedLotCustody; first: number; afterLotCode?: string },
  ): Promise<ReceivedLot[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (filter.custody) {
      parameters.push(filter.custody);
      conditions.push(`custody = $${parameters.length}`);
    }
    if (filter.afterLotCode) {
      parameters.push(filter.afterLotCode);
      conditions.push(`lot_code > $${parameters.length}`);
    }
    parameters.push(filter.first);
    const rows = (await manager.query(
      `SELECT * FROM "${serviceSchema(manager)}".intake_lot ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY lot_code LIMIT $${parameters.length}`,
      parameters,
    )) as ReceivedLotRow[];
    return rows.map(fromRow);
  }

  async save(manager: EntityManager, lot: ReceivedLot, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".intake_lot
         (lot_id, lot_code, material_kind, source_category, route, weighed_net_mass_kg, declared_composition,
          current_assay_id, current_composition, custody, transfer_id, offered_mass_kg, received_mass_kg,
          held_since, corrections, updated_at, supplier_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (lot_id) DO UPDATE SET
         lot_code = EXCLUDED.lot_code, material_kind = EXCLUDED.material_kind,
         source_category = EXCLUDED.source_category, route = EXCLUDED.route,
         weighed_net_mass_kg = EXCLUDED.weighed_net_mass_kg, declared_composition = EXCLUDED.declared_composition,
         current_assay_id = EXCLUDED.current_assay_id, current_composition = EXCLUDED.current_composition,
         custody = EXCLUDED.custody, transfer_id = EXCLUDED.transfer_id, offered_mass_kg = EXCLUDED.offered_mass_kg,
         received_mass_kg = EXCLUDED.received_mass_kg, held_since = EXCLUDED.held_since,
         corrections = EXCLUDED.corrections, updated_at = EXCLUDED.updated_at,
         supplier_organisation_id = EXCLUDED.supplier_organisation_id`,
      [
        lot.lotId,
        lot.lotCode,
        lot.materialKind,
        lot.sourceCategory,
        lot.route,
        lot.weighedNetMassKg ?? null,
        lot.declaredComposition ? JSON.stringify(lot.declaredComposition) : null,
        lot.currentAssayId ?? null,
        lot.currentComposition ? JSON.stringify(lot.currentComposition) : null,
        lot.custody,
        lot.transferId ?? null,
        lot.offeredMassKg ?? null,
        lot.receivedMassKg ?? null,
        lot.heldSince ?? null,
        JSON.stringify(lot.corrections),
        now,
        lot.supplierOrganisationId ?? null,
      ],
    );
  }
}
