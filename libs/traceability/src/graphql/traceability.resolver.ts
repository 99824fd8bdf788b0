import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, ID, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { hasRole, type Principal, principalOf, Roles } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import type { TraceabilityApplication } from '../traceability-application';
import { TRACEABILITY_APPLICATION } from '../traceability.di-tokens';
import { AS_OF_ARG } from '../as-of/as-of.args';
import { callerOf } from './caller';
import { TraceabilityErrorFilter } from './traceability-error.filter';
import { backwardTraceModel, lotRecordModel, runModel } from './traceability-models.mapping';
import {
  LotInTraceabilityModel,
  TraceabilityBackwardTraceModel,
  TraceabilityLotRecordModel,
  TraceabilityRunModel,
  TraceabilityWatermarkModel,
} from './traceability.models';

const ELEMENT_ARG = {
  type: () => String,
  nullable: true,
  description: "An element symbol (Tb, Dy, ...); null: every element of the lot's current composition",
} as const;

/** Only the plant's staff and auditors see runs: a run names other suppliers' lots. */
function mayReadRuns(principal: Principal): boolean {
  return hasRole(principal, 'auditor', 'admin', 'operator', 'lab', 'sales');
}

/**
 * Traceability's read-only API: any lot by id (the entry point to lots the process services
 * produced), its genealogy, its backward trace, and how far the genealogy has caught up.
 */
@Resolver()
@UseFilters(TraceabilityErrorFilter)
@Roles('recycler', 'lab', 'operator', 'auditor', 'sales', 'admin')
export class TraceabilityResolver {
  constructor(@Inject(TRACEABILITY_APPLICATION) private readonly traceability: TraceabilityApplication) {}

  @Query(() => LotInTraceabilityModel, {
    nullable: true,
    description:
      'Any lot the traceability service knows (registered, received or produced by any service); null when unknown or the caller may not trace it. Recyclers: lots their own source lots went into.',
  })
  async traceLot(
    @Args('id', { type: () => ID }) id: string,
    @Args('asOf', AS_OF_ARG) asOf: Date | undefined,
    @Context() context: GraphqlContext,
  ): Promise<LotInTraceabilityModel | null> {
    const principal = callerOf(context);
    const lot = await this.traceability.lot(principal, id, asOf ?? undefined);
    return lot ? { id, traceability: { ...lotRecordModel(principal, lot), asOf: asOf ?? undefined } } : null;
  }

  @Query(() => [TraceabilityBackwardTraceModel], {
    description:
      "attributeToSources: the lot's element mass (or each element's) attributed to every source lot, with the run paths, summing exactly to the element mass at 1 mg",
  })
  async backwardTrace(
    @Args('lotId', { type: () => ID }) lotId: string,
    @Args('element', ELEMENT_ARG) element: string | undefined,
    @Args('asOf', AS_OF_ARG) asOf: Date | undefined,
    @Context() context: GraphqlContext,
  ): Promise<TraceabilityBackwardTraceModel[]> {
    const views = await this.traceability.backwardTrace(
      callerOf(context),
      lotId,
      element ?? undefined,
      asOf ?? undefined,
    );
    return views.map(backwardTraceModel);
  }

  @Query(() => TraceabilityRunModel, {
    nullable: true,
    description:
      'A run of the genealogy with per-element inputs, outputs and losses (plant staff and auditors)',
  })
  @Roles('lab', 'operator', 'auditor', 'sales', 'admin')
  async traceabilityRun(
    @Args('runId', { type: () => ID }) runId: string,
    @Args('asOf', AS_OF_ARG) asOf: Date | undefined,
  ): Promise<TraceabilityRunModel | null> {
    const run = await this.traceability.run(runId, asOf ?? undefined);
    return run ? runModel(run, await this.traceability.genealogyAround(run, asOf ?? undefined)) : null;
  }

  @Query(() => TraceabilityWatermarkModel, {
    description: 'How far the genealogy has read each topic, and how many events wait for their predecessors',
  })
  @Roles('lab', 'operator', 'auditor', 'sales', 'admin')
  async traceabilityWatermark(): Promise<TraceabilityWatermarkModel> {
    const watermark = await this.traceability.watermark();
    return {
      topics: watermark.topics.map((topic) => ({ ...topic })),
      heldEvents: watermark.heldEvents,
      pendingStatements: watermark.pendingStatements.map((pending) => ({
        shipmentId: pending.shipmentId,
        lotId: pending.lotId,
        waitingFor: [...pending.waitingFor],
        reasons: [...pending.reasons],
        since: pending.since,
      })),
    };
  }
}

/** Traceability's field on the federated `Lot`, reached through `_entities`: authorised here again. */
@Resolver(() => LotInTraceabilityModel)
@UseFilters(TraceabilityErrorFilter)
@Roles('recycler', 'lab', 'operator', 'auditor', 'sales', 'admin')
export class LotInTraceabilityResolver {
  constructor(@Inject(TRACEABILITY_APPLICATION) private readonly traceability: TraceabilityApplication) {}

  @ResolveReference()
  async resolveReference(
    reference: { __typename: 'Lot'; id: string },
    context: GraphqlContext,
  ): Promise<LotInTraceabilityModel | null> {
    const principal = principalOf(context.req);
    if (!principal) return null;
    const lot = await this.traceability.lot(principal, reference.id);
    return { id: reference.id, traceability: lot && lotRecordModel(principal, lot) };
  }
}

/** The genealogy behind a lot record: the run that produced it, the runs that took from it, its trace. */
@Resolver(() => TraceabilityLotRecordModel)
@UseFilters(TraceabilityErrorFilter)
@Roles('recycler', 'lab', 'operator', 'auditor', 'sales', 'admin')
export class TraceabilityLotRecordResolver {
  constructor(@Inject(TRACEABILITY_APPLICATION) private readonly traceability: TraceabilityApplication) {}

  @ResolveField(() => TraceabilityRunModel, {
    nullable: true,
    description: 'The run that produced the lot; null for a source lot, and for recyclers',
  })
  async producedBy(
    @Parent() lot: TraceabilityLotRecordModel,
    @Context() context: GraphqlContext,
  ): Promise<TraceabilityRunModel | null> {
    if (lot.producedByRunId === undefined || !mayReadRuns(callerOf(context))) return null;
    const run = await this.traceability.run(lot.producedByRunId, lot.asOf);
    return run ? runModel(run, await this.traceability.genealogyAround(run, lot.asOf)) : null;
  }

  @ResolveField(() => [ID], { description: 'Runs that took from the lot (empty for recyclers)' })
  async takenByRunIds(
    @Parent() lot: TraceabilityLotRecordModel,
    @Context() context: GraphqlContext,
  ): Promise<string[]> {
    return mayReadRuns(callerOf(context)) ? this.traceability.runIdsTaking(lot.lotId, lot.asOf) : [];
  }

  @ResolveField(() => [TraceabilityBackwardTraceModel], {
    description: 'The backward trace of the lot, as the root field backwardTrace',
  })
  async backwardTrace(
    @Parent() lot: TraceabilityLotRecordModel,
    @Args('element', ELEMENT_ARG) element: string | undefined,
    @Context() context: GraphqlContext,
  ): Promise<TraceabilityBackwardTraceModel[]> {
    const views = await this.traceability.backwardTrace(
      callerOf(context),
      lot.lotId,
      element ?? undefined,
      lot.asOf,
    );
    return views.map(backwardTraceModel);
  }
}
