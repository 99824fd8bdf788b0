import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, GraphQLISODateTime, ID, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import { RECONCILIATION_CLOSING_RULE, type RunReconciliation } from '../reconciliation/reconcile-run';
import type { ReconciliationQueries } from '../reconciliation/reconciliation-queries';
import { RECONCILIATION_QUERIES } from '../reconciliation/reconciliation.di-token';
import { AS_OF_ARG } from '../as-of/as-of.args';
import { callerOf } from './caller';
import { TraceabilityErrorFilter } from './traceability-error.filter';
import {
  TraceabilityPlantReconciliationModel,
  TraceabilityRunReconciliationModel,
} from './reconciliation.models';

function runModel(run: RunReconciliation): TraceabilityRunReconciliationModel {
  return { ...run, closingRule: RECONCILIATION_CLOSING_RULE, elements: [...run.elements] };
}

/**
 * The mass-balance reconciliation: per run and per element, and per period for the whole plant.
 * Plant staff and auditors only, as runs are (a run names every supplier's lots); recyclers get
 * no plant-wide view.
 */
@Resolver()
@UseFilters(TraceabilityErrorFilter)
@Roles('lab', 'operator', 'auditor', 'sales', 'admin')
export class ReconciliationResolver {
  constructor(@Inject(RECONCILIATION_QUERIES) private readonly reconciliation: ReconciliationQueries) {}

  @Query(() => TraceabilityRunReconciliationModel, {
    nullable: true,
    description:
      "A run's inputs against outputs + losses per element, exact, and whether each closed within the run's published tolerance; null for a run the genealogy does not know",
  })
  async runReconciliation(
    @Args('runId', { type: () => ID }) runId: string,
    @Args('elements', {
      type: () => [String],
      nullable: true,
      description: 'Default: every element the run moved',
    })
    elements: string[] | undefined,
    @Args('asOf', AS_OF_ARG) asOf: Date | undefined,
    @Context() context: GraphqlContext,
  ): Promise<TraceabilityRunReconciliationModel | null> {
    callerOf(context);
    const run = await this.reconciliation.run(runId, elements ?? undefined, asOf ?? undefined);
    return run ? runModel(run) : null;
  }

  @Query(() => TraceabilityPlantReconciliationModel, {
    description:
      'The plant over [from, to): per element the totals in, out and lost and the unclosed difference of every run completed in it, the runs that did not close, and the overrides',
  })
  async plantReconciliation(
    @Args('from', { type: () => GraphQLISODateTime }) from: Date,
    @Args('to', { type: () => GraphQLISODateTime }) to: Date,
    @Args('elements', {
      type: () => [String],
      nullable: true,
      description: 'Default: every element of those runs',
    })
    elements: string[] | undefined,
    @Args('asOf', AS_OF_ARG) asOf: Date | undefined,
    @Context() context: GraphqlContext,
  ): Promise<TraceabilityPlantReconciliationModel> {
    callerOf(context);
    const plant = await this.reconciliation.plant(from, to, elements ?? undefined, asOf ?? undefined);
    return {
      ...plant,
      elements: [...plant.elements],
      runsNotClosed: plant.runsNotClosed.map((each) => ({
        run: runModel(each.run),
        elements: [...each.elements],
      })),
      overrides: [...plant.overrides],
    };
  }
}
