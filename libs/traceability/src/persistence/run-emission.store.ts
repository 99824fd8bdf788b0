import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { tableAsOf } from '../as-of/as-of';
import type { RunEmissions } from '../domain/carbon-footprint';

type Queryable = DataSource | EntityManager;

/** The process energy and emissions runs recorded (`RunEnergyRecorded`); a run's latest figure replaces the earlier. */
export class RunEmissionStore {
  /** Replaces the run's figure unless the stored one was recorded later. */
  async record(manager: EntityManager, runId: string, emissions: RunEmissions, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".trace_run_emission AS e (run_id, energy_kwh, co2e_kg, recorded_at)
       VALUES ($1, $2::numeric, $3::numeric, $4)
       ON CONFLICT (run_id) DO UPDATE SET energy_kwh = excluded.energy_kwh, co2e_kg = excluded.co2e_kg,
         recorded_at = excluded.recorded_at WHERE e.recorded_at <= excluded.recorded_at`,
      [runId, emissions.energyKwh ?? null, emissions.co2eKg, at],
    );
  }

  async of(source: Queryable, runIds: readonly string[], asOf?: Date): Promise<Map<string, RunEmissions>> {
    if (runIds.length === 0) return new Map();
    const rows = (await source.query(
      `SELECT run_id, energy_kwh::text AS energy_kwh, co2e_kg::text AS co2e_kg
       FROM ${tableAsOf(serviceSchema(source), 'trace_run_emission', asOf)} WHERE run_id = ANY($1::text[])`,
      [runIds],
    )) as { run_id: string; energy_kwh: string | null; co2e_kg: string }[];
    return new Map(
      rows.map((row) => [
        row.run_id,
        { co2eKg: row.co2e_kg, ...(row.energy_kwh === null ? {} : { energyKwh: row.energy_kwh }) },
      ]),
    );
  }
}
