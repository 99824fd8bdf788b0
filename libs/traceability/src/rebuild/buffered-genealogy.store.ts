import type { EntityManager } from 'typeorm';
import {
  type ElementFraction,
  GenealogyStore,
  type LotPatch,
  type RunPatch,
} from '../persistence/genealogy.store';
import type { BufferedProjection, ProjectionRow } from './buffered-projection';

/**
 * The genealogy's writes of a bulk rebuild, in memory (`BufferedProjection`): each method does to
 * the row what `GenealogyStore`'s statement of the same name does to it (rebuild.integration-spec
 * and bulk-rebuild-equivalence.integration-spec compare both, history included). Reads go to the
 * database, which the rebuild flushes to first.
 */
export class BufferedGenealogyStore extends GenealogyStore {
  constructor(private readonly projection: BufferedProjection) {
    super();
  }

  override async noteLot(
    _manager: EntityManager,
    lotId: string,
    service: string,
    at: Date,
    patch: LotPatch = {},
  ): Promise<void> {
    const inserted: ProjectionRow = {
      lot_id: lotId,
      lot_code: patch.lotCode ?? null,
      source_category: patch.sourceCategory ?? null,
      supplier_organisation_id: patch.supplierOrganisationId || null,
      country_of_origin: patch.countryOfOrigin || null,
      material_kind: patch.materialKind ?? null,
      mass_kg: patch.firstMassKg ?? null,
      composition: '[]',
      composition_at: null,
      composition_is_assay: false,
      produced_by_run_id: null,
      output_role: null,
      first_service: service,
      first_seen_at: at,
      updated_at: at,
    };
    if (this.projection.insert('trace_lot', inserted)) return;
    const lot = this.projection.row('trace_lot', lotId) as ProjectionRow;
    const firstSeenAt = lot.first_seen_at as Date;
    const updatedAt = lot.updated_at as Date;
    this.projection.update('trace_lot', lotId, {
      ...lot,
      lot_code: inserted.lot_code || lot.lot_code,
      source_category: inserted.source_category ?? lot.source_category,
      supplier_organisation_id: inserted.supplier_organisation_id ?? lot.supplier_organisation_id,
      country_of_origin: inserted.country_of_origin ?? lot.country_of_origin,
      material_kind: inserted.material_kind ?? lot.material_kind,
      mass_kg: lot.mass_kg ?? inserted.mass_kg,
      first_service: at < firstSeenAt ? service : lot.first_service,
      first_seen_at: at < firstSeenAt ? at : firstSeenAt,
      updated_at: at > updatedAt ? at : updatedAt,
    });
  }

  override async setRegisteredMass(_manager: EntityManager, lotId: string, massKg: string): Promise<void> {
    const lot = this.projection.row('trace_lot', lotId);
    if (lot && lot.produced_by_run_id === null)
      this.projection.update('trace_lot', lotId, { ...lot, mass_kg: massKg });
  }

  override async stateComposition(
    _manager: EntityManager,
    lotId: string,
    composition: readonly ElementFraction[],
    at: Date,
    isAssay: boolean,
  ): Promise<void> {
    const lot = this.projection.row('trace_lot', lotId);
    if (!lot) return;
    const statedAt = lot.composition_at as Date | null;
    const wasAssay = lot.composition_is_assay as boolean;
    if (statedAt === null || (isAssay && !wasAssay) || (isAssay === wasAssay && statedAt <= at))
      this.projection.update('trace_lot', lotId, {
        ...lot,
        composition: JSON.stringify(composition),
        composition_at: at,
        composition_is_assay: isAssay,
      });
  }

  override async recordProduced(
    _manager: EntityManager,
    lotId: string,
    runId: string,
    role: string,
    massKg: string,
  ): Promise<void> {
    const lot = this.projection.row('trace_lot', lotId);
    if (lot)
      this.projection.update('trace_lot', lotId, {
        ...lot,
        produced_by_run_id: runId,
        output_role: role,
        mass_kg: massKg,
      });
  }

  override async correctMass(_manager: EntityManager, lotId: string, massKg: string): Promise<void> {
    const lot = this.projection.row('trace_lot', lotId);
    if (lot) this.projection.update('trace_lot', lotId, { ...lot, mass_kg: massKg });
  }

  override async recordMovement(
    _manager: EntityManager,
    movement: { movementId: string; runId: string; lotId: string; kind: string; massKg: string; at: Date },
  ): Promise<void> {
    if (movement.massKg.trim().startsWith('-'))
      throw new Error(
        `movement ${movement.movementId}: mass_kg ${movement.massKg} violates trace_movement's CHECK (mass_kg >= 0)`,
      );
    this.projection.insert('trace_movement', {
      movement_id: movement.movementId,
      run_id: movement.runId,
      lot_id: movement.lotId,
      kind: movement.kind,
      mass_kg: movement.massKg,
      at: movement.at,
    });
  }

  override async noteRun(
    _manager: EntityManager,
    runId: string,
    service: string,
    at: Date,
    patch: RunPatch = {},
  ): Promise<void> {
    const inserted: ProjectionRow = {
      run_id: runId,
      service,
      kind: patch.kind || null,
      equipment_id: patch.equipmentId || null,
      work_order: patch.workOrder || null,
      status: patch.status ?? 'PLANNED',
      balance_losses: null,
      updated_at: at,
    };
    if (this.projection.insert('trace_run', inserted)) return;
    const run = this.projection.row('trace_run', runId) as ProjectionRow;
    const updatedAt = run.updated_at as Date;
    this.projection.update('trace_run', runId, {
      ...run,
      kind: inserted.kind ?? run.kind,
      equipment_id: inserted.equipment_id ?? run.equipment_id,
      work_order: inserted.work_order ?? run.work_order,
      status: patch.status ?? run.status,
      updated_at: at > updatedAt ? at : updatedAt,
    });
  }

  override async recordLoss(
    _manager: EntityManager,
    loss: { runId: string; lossId: string; element: string; massKg: string },
  ): Promise<void> {
    this.projection.insert('trace_loss', {
      run_id: loss.runId,
      loss_id: loss.lossId,
      element: loss.element,
      mass_kg: loss.massKg,
    });
  }

  override async setBalanceLosses(
    _manager: EntityManager,
    runId: string,
    lossesKg: Record<string, string>,
  ): Promise<void> {
    const run = this.projection.row('trace_run', runId);
    if (run) this.projection.update('trace_run', runId, { ...run, balance_losses: JSON.stringify(lossesKg) });
  }
}
