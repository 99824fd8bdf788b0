import { processV1 } from '@rre/contracts';
import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { tableAsOf } from '../as-of/as-of';
import { enumName, massKgOf, signedMassKgOf } from '../messaging/event-values';
import type {
  Actor,
  ImbalanceOverride,
  PublishedBalance,
  PublishedElementBalance,
} from './run-balance-facts';

type Queryable = DataSource | EntityManager;

interface BalanceRow {
  run_id: string;
  completed_at: Date | string;
  basis: string | null;
  coverage_factor: string | null;
  closes: boolean;
  elements: PublishedElementBalance[];
  stated_by: string;
  stated_at: Date | string;
}

interface OverrideRow {
  run_id: string;
  reason: string;
  overridden_by_subject: string | null;
  overridden_by_organisation: string | null;
  approved_by_subject: string | null;
  approved_by_organisation: string | null;
  overridden_at: Date | string;
}

/** A run's balance as `RunBalanceStore` writes it. */
export interface BalanceWrite {
  readonly runId: string;
  readonly at: Date;
  readonly basis: string | null;
  readonly coverageFactor: string | null;
  readonly closes: boolean;
  readonly elementsJson: string;
  readonly statedBy: string;
}

/** A run's imbalance override as `RunBalanceStore` writes it. */
export interface OverrideWrite {
  readonly runId: string;
  readonly reason: string;
  readonly overriddenBySubject: string | null;
  readonly overriddenByOrganisation: string | null;
  readonly approvedBySubject: string | null;
  readonly approvedByOrganisation: string | null;
  readonly at: Date;
}

/** The balances and overrides runs published (RunCompleted, RunFinalized, RunImbalanceOverridden, RunCorrected). */
export class RunBalanceStore {
  private table(source: Queryable, name: string): string {
    return `"${serviceSchema(source)}".${name}`;
  }

  /**
   * Applies one run event (in the run's own order, as the gate releases it): a balance replaces the
   * stored one; the first completion's time stays the run's completion time; an override is kept once.
   */
  async apply(
    manager: EntityManager,
    name: string,
    runId: string,
    message: unknown,
    at: Date,
  ): Promise<void> {
    if (name === 'RunCompleted' || name === 'RunFinalized' || name === 'RunImbalanceOverridden') {
      const event = message as
        processV1.RunCompleted | processV1.RunFinalized | processV1.RunImbalanceOverridden;
      const basis =
        name === 'RunCompleted'
          ? enumName(processV1.CompletionBasis, (event as processV1.RunCompleted).basis, 'COMPLETION_BASIS_')
          : name === 'RunFinalized'
            ? 'FINAL'
            : undefined;
      if (event.balance) await this.stateBalance(manager, runId, event.balance, name, at, basis);
      const override = (event as processV1.RunCompleted | processV1.RunImbalanceOverridden).override;
      if (name !== 'RunFinalized' && override) await this.recordOverride(manager, runId, override, at);
      return;
    }
    if (name === 'RunCorrected') {
      const corrected = message as processV1.RunCorrected;
      if (corrected.balanceAfter) await this.stateBalance(manager, runId, corrected.balanceAfter, name, at);
    }
  }

  private async stateBalance(
    manager: EntityManager,
    runId: string,
    balance: processV1.MassBalance,
    statedBy: string,
    at: Date,
    basis?: string,
  ): Promise<void> {
    const elements: PublishedElementBalance[] = balance.elements.map((element) => ({
      element: element.element,
      imbalanceKg: signedMassKgOf(element.imbalance, `balance.${element.element}.imbalance`),
      combinedUncertaintyKg: massKgOf(
        element.combinedUncertainty,
        `balance.${element.element}.combined_uncertainty`,
      ),
      toleranceKg: massKgOf(element.tolerance, `balance.${element.element}.tolerance`),
      closes: element.closes,
    }));
    await this.writeBalance(manager, {
      runId,
      at,
      basis: basis ?? null,
      coverageFactor: balance.coverageFactor || null,
      closes: balance.closes,
      elementsJson: JSON.stringify(elements),
      statedBy,
    });
  }

  /** Upserts the run's balance: the first completion's time stays; the rest is the latest statement's. */
  protected async writeBalance(manager: EntityManager, balance: BalanceWrite): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'trace_run_balance')} AS b
         (run_id, completed_at, basis, coverage_factor, closes, elements, stated_by, stated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $2)
       ON CONFLICT (run_id) DO UPDATE SET
         completed_at = least(b.completed_at, excluded.completed_at),
         basis = coalesce(excluded.basis, b.basis),
         coverage_factor = coalesce(excluded.coverage_factor, b.coverage_factor),
         closes = excluded.closes,
         elements = excluded.elements,
         stated_by = excluded.stated_by,
         stated_at = excluded.stated_at`,
      [
        balance.runId,
        balance.at,
        balance.basis,
        balance.coverageFactor,
        balance.closes,
        balance.elementsJson,
        balance.statedBy,
      ],
    );
  }

  private async recordOverride(
    manager: EntityManager,
    runId: string,
    override: processV1.ImbalanceOverride,
    at: Date,
  ): Promise<void> {
    await this.writeOverride(manager, {
      runId,
      reason: override.reason,
      overriddenBySubject: override.overriddenBy?.subjectId || null,
      overriddenByOrganisation: override.overriddenBy?.organisationId || null,
      approvedBySubject: override.approvedBy?.subjectId || null,
      approvedByOrganisation: override.approvedBy?.organisationId || null,
      at,
    });
  }

  /** Keeps the run's first override. */
  protected async writeOverride(manager: EntityManager, override: OverrideWrite): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'trace_run_override')}
         (run_id, reason, overridden_by_subject, overridden_by_organisation, approved_by_subject, approved_by_organisation, overridden_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (run_id) DO NOTHING`,
      [
        override.runId,
        override.reason,
        override.overriddenBySubject,
        override.overriddenByOrganisation,
        override.approvedBySubject,
        override.approvedByOrganisation,
        override.at,
      ],
    );
  }

  async balances(
    source: Queryable,
    runIds: readonly string[],
    asOf?: Date,
  ): Promise<Map<string, PublishedBalance>> {
    if (runIds.length === 0) return new Map();
    const rows = (await source.query(
      `SELECT * FROM ${tableAsOf(serviceSchema(source), 'trace_run_balance', asOf)} WHERE run_id = ANY($1::text[])`,
      [runIds],
    )) as BalanceRow[];
    return new Map(rows.map((row) => [row.run_id, balanceOf(row)]));
  }

  async overrides(
    source: Queryable,
    runIds: readonly string[],
    asOf?: Date,
  ): Promise<Map<string, ImbalanceOverride>> {
    if (runIds.length === 0) return new Map();
    const rows = (await source.query(
      `SELECT * FROM ${tableAsOf(serviceSchema(source), 'trace_run_override', asOf)} WHERE run_id = ANY($1::text[])`,
      [runIds],
    )) as OverrideRow[];
    return new Map(rows.map((row) => [row.run_id, overrideOf(row)]));
  }

  /** The runs whose first completion falls in [from, to), by completion time. */
  async runIdsCompletedBetween(source: Queryable, from: Date, to: Date, asOf?: Date): Promise<string[]> {
    const rows = (await source.query(
      `SELECT run_id FROM ${tableAsOf(serviceSchema(source), 'trace_run_balance', asOf)}
       WHERE completed_at >= $1 AND completed_at < $2 ORDER BY completed_at, run_id`,
      [from, to],
    )) as { run_id: string }[];
    return rows.map((row) => row.run_id);
  }
}

function balanceOf(row: BalanceRow): PublishedBalance {
  return {
    completedAt: new Date(row.completed_at),
    statedBy: row.stated_by,
    statedAt: new Date(row.stated_at),
    basis: row.basis ?? undefined,
    coverageFactor: row.coverage_factor ?? undefined,
    closes: row.closes,
    elements: row.elements,
  };
}

function actorOf(subjectId: string | null, organisationId: string | null): Actor | undefined {
  return subjectId === null ? undefined : { subjectId, organisationId: organisationId ?? undefined };
}

function overrideOf(row: OverrideRow): ImbalanceOverride {
  return {
    runId: row.run_id,
    reason: row.reason,
    overriddenBy: actorOf(row.overridden_by_subject, row.overridden_by_organisation),
    approvedBy: actorOf(row.approved_by_subject, row.approved_by_organisation),
    at: new Date(row.overridden_at),
  };
}
