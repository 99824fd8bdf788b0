import type { EntityManager } from 'typeorm';
import { type BalanceWrite, type OverrideWrite, RunBalanceStore } from '../reconciliation/run-balance.store';
import type { BufferedProjection, ProjectionRow } from './buffered-projection';

/** The run balances' writes of a bulk rebuild, in memory, with `RunBalanceStore`'s statements' rules. */
export class BufferedRunBalanceStore extends RunBalanceStore {
  constructor(private readonly projection: BufferedProjection) {
    super();
  }

  protected override async writeBalance(_manager: EntityManager, balance: BalanceWrite): Promise<void> {
    const inserted: ProjectionRow = {
      run_id: balance.runId,
      completed_at: balance.at,
      basis: balance.basis,
      coverage_factor: balance.coverageFactor,
      closes: balance.closes,
      elements: balance.elementsJson,
      stated_by: balance.statedBy,
      stated_at: balance.at,
    };
    if (this.projection.insert('trace_run_balance', inserted)) return;
    const stored = this.projection.row('trace_run_balance', balance.runId) as ProjectionRow;
    const completedAt = stored.completed_at as Date;
    this.projection.update('trace_run_balance', balance.runId, {
      ...inserted,
      completed_at: balance.at < completedAt ? balance.at : completedAt,
      basis: balance.basis ?? stored.basis,
      coverage_factor: balance.coverageFactor ?? stored.coverage_factor,
    });
  }

  protected override async writeOverride(_manager: EntityManager, override: OverrideWrite): Promise<void> {
    this.projection.insert('trace_run_override', {
      run_id: override.runId,
      reason: override.reason,
      overridden_by_subject: override.overriddenBySubject,
      overridden_by_organisation: override.overriddenByOrganisation,
      approved_by_subject: override.approvedBySubject,
      approved_by_organisation: override.approvedByOrganisation,
      overridden_at: override.at,
    });
  }
}
