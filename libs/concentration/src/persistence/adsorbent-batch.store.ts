import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import type { AdsorbentBatch, AdsorbentCapacityMeasurement } from '../domain/adsorbent-batch';

interface BatchRow {
  id: string;
  code: string;
  material: string;
  registered_at: Date;
  registered_by: string;
  retired_at: Date | null;
  retirement_reason: string | null;
  retired_by: string | null;
}

interface CapacityRow {
  batch_id: string;
  cycle_number: number;
  capacity_mg_per_g: string;
  measured_at: Date;
  run_id: string | null;
  recorded_by: string;
}

/** Adsorbent batches and their capacity per cycle, through the caller's transaction. */
export class AdsorbentBatchStore {
  async get(
    manager: EntityManager,
    idOrCode: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<AdsorbentBatch | undefined> {
    const s = serviceSchema(manager);
    const rows = (await manager.query(
      `SELECT * FROM "${s}".adsorbent_batch WHERE id = $1 OR code = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [idOrCode],
    )) as BatchRow[];
    if (!rows[0]) return undefined;
    const [batch] = await this.withMeasurements(manager, rows);
    return batch;
  }

  async list(manager: EntityManager, filter: { includeRetired: boolean; first: number; afterCode?: string }) {
    const s = serviceSchema(manager);
    const rows = (await manager.query(
      `SELECT * FROM "${s}".adsorbent_batch
        WHERE ($1::boolean OR retired_at IS NULL) AND ($2::text IS NULL OR code > $2)
        ORDER BY code LIMIT $3`,
      [filter.includeRetired, filter.afterCode ?? null, filter.first],
    )) as BatchRow[];
    return this.withMeasurements(manager, rows);
  }

  async insert(manager: EntityManager, batch: AdsorbentBatch): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".adsorbent_batch (id, code, material, registered_at, registered_by)
       VALUES ($1, $2, $3, $4, $5)`,
      [batch.id, batch.code, batch.material, batch.registeredAt, batch.registeredBy],
    );
  }

  async addMeasurement(
    manager: EntityManager,
    batchId: string,
    m: AdsorbentCapacityMeasurement,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".adsorbent_capacity
         (batch_id, cycle_number, capacity_mg_per_g, measured_at, run_id, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [batchId, m.cycleNumber, m.capacityMgPerG, m.measuredAt, m.runId ?? null, m.recordedBy],
    );
  }

  async retire(manager: EntityManager, batch: AdsorbentBatch): Promise<void> {
    await manager.query(
      `UPDATE "${serviceSchema(manager)}".adsorbent_batch SET retired_at = $2, retirement_reason = $3, retired_by = $4
        WHERE id = $1`,
      [batch.id, batch.retiredAt, batch.retirementReason, batch.retiredBy],
    );
  }

  private async withMeasurements(manager: EntityManager, rows: BatchRow[]): Promise<AdsorbentBatch[]> {
    if (rows.length === 0) return [];
    const measurements = (await manager.query(
      `SELECT * FROM "${serviceSchema(manager)}".adsorbent_capacity WHERE batch_id = ANY($1::text[])
        ORDER BY batch_id, cycle_number`,
      [rows.map((row) => row.id)],
    )) as CapacityRow[];
    return rows.map((row) => ({
      id: row.id,
      code: row.code,
      material: row.material,
      registeredAt: row.registered_at,
      registeredBy: row.registered_by,
      retiredAt: row.retired_at ?? undefined,
      retirementReason: row.retirement_reason ?? undefined,
      retiredBy: row.retired_by ?? undefined,
      measurements: measurements
        .filter((m) => m.batch_id === row.id)
        .map((m) => ({
          cycleNumber: Number(m.cycle_number),
          capacityMgPerG: m.capacity_mg_per_g,
          measuredAt: m.measured_at,
          runId: m.run_id ?? undefined,
          recordedBy: m.recorded_by,
        })),
    }));
  }
}
