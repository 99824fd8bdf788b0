import type { EntityManager } from 'typeorm';
import type { RunEmissions } from '../domain/carbon-footprint';
import { RunEmissionStore } from '../persistence/run-emission.store';
import type { BufferedProjection } from './buffered-projection';

/** The runs' emissions of a bulk rebuild, in memory, with `RunEmissionStore.record`'s rule. */
export class BufferedRunEmissionStore extends RunEmissionStore {
  constructor(private readonly projection: BufferedProjection) {
    super();
  }

  override async record(
    _manager: EntityManager,
    runId: string,
    emissions: RunEmissions,
    at: Date,
  ): Promise<void> {
    const row = {
      run_id: runId,
      energy_kwh: emissions.energyKwh ?? null,
      co2e_kg: emissions.co2eKg,
      recorded_at: at,
    };
    if (this.projection.insert('trace_run_emission', row)) return;
    const stored = this.projection.row('trace_run_emission', runId);
    if (stored && (stored.recorded_at as Date) <= at)
      this.projection.update('trace_run_emission', runId, row);
  }
}
