import type { DataSource } from 'typeorm';
import { genealogyOf } from '../domain/genealogy';
import { TraceabilityError } from '../domain/traceability-error';
import { GenealogyStore } from '../persistence/genealogy.store';
import { type PlantReconciliation, reconcilePlant } from './reconcile-plant';
import { type RunReconciliation, reconcileRun } from './reconcile-run';
import { RunBalanceStore } from './run-balance.store';

const ELEMENT_SYMBOL = /^[A-Z][a-z]?$/;

/** The mass-balance reconciliation of one run, or of the whole plant over a period (issue 9, item 5). */
export class ReconciliationQueries {
  private readonly genealogy = new GenealogyStore();
  private readonly balances = new RunBalanceStore();

  constructor(private readonly dataSource: DataSource) {}

  /** One run per element; undefined when the genealogy does not know the run. */
  async run(
    runId: string,
    elements?: readonly string[],
    asOf?: Date,
  ): Promise<RunReconciliation | undefined> {
    const wanted = elements === undefined ? undefined : checkedElements(elements);
    const [reconciliation] = await this.reconcile([runId], wanted, asOf);
    return reconciliation;
  }

  /** Every run whose first completion falls in [from, to), per element, with the runs that did not close and the overrides. */
  async plant(from: Date, to: Date, elements?: readonly string[], asOf?: Date): Promise<PlantReconciliation> {
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (Number.isNaN(value.getTime())) {
        throw new TraceabilityError({
          code: 'INVALID_INPUT',
          field,
          value: String(value),
          rule: 'must be a date-time',
        });
      }
    }
    if (from.getTime() >= to.getTime()) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'to',
        value: to.toISOString(),
        rule: `must be after from (${from.toISOString()})`,
      });
    }
    const wanted = elements === undefined ? undefined : checkedElements(elements);
    const runIds = await this.balances.runIdsCompletedBetween(this.dataSource, from, to, asOf);
    return reconcilePlant({ from, to }, await this.reconcile(runIds, wanted, asOf), wanted);
  }

  private async reconcile(
    runIds: readonly string[],
    elements?: readonly string[],
    asOf?: Date,
  ): Promise<RunReconciliation[]> {
    const runs = await this.genealogy.runs(this.dataSource, runIds, asOf);
    const lots = await this.genealogy.lots(
      this.dataSource,
      [...new Set(runs.flatMap((run) => [...run.inputs, ...run.outputs].map((each) => each.lotId)))],
      asOf,
    );
    const genealogy = genealogyOf(lots, runs);
    const balances = await this.balances.balances(this.dataSource, runIds, asOf);
    const overrides = await this.balances.overrides(this.dataSource, runIds, asOf);
    return runs.map((run) =>
      reconcileRun(genealogy, run, {
        balance: balances.get(run.runId),
        override: overrides.get(run.runId),
        elements,
      }),
    );
  }
}

function checkedElements(elements: readonly string[]): string[] {
  for (const element of elements) {
    if (!ELEMENT_SYMBOL.test(element)) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'elements',
        value: JSON.stringify(element),
        rule: 'each must be an element symbol such as "Tb" or "Dy"',
      });
    }
  }
  return [...new Set(elements)].sort();
}
