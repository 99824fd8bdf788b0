import { Inject, UseFilters } from '@nestjs/common';
import { ResolveReference, Resolver } from '@nestjs/graphql';
import { describeResolveInfo, logDenied, principalOf, Roles } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import type { GraphQLResolveInfo } from 'graphql';
import { type LotInReduction, mayReadLotInReduction } from '../application/lot-in-reduction';
import type { ReductionApplication } from '../reduction-application';
import { REDUCTION_APPLICATION } from '../reduction.di-tokens';
import { LotInReductionModel, type ReductionLotRecordModel } from './lot-in-reduction.model';
import { ReductionErrorFilter } from './reduction-error.filter';

function recordModel(lot: LotInReduction): ReductionLotRecordModel {
  return {
    custody: lot.custody,
    receivedFrom: lot.receivedFromService,
    massKg: lot.massKg,
    remainingKg: lot.remainingKg,
    produced: lot.produced,
    runs: lot.runs.map((run) => ({
      runId: run.runId,
      kind: run.runKind,
      status: run.runStatus,
      netTakenKg: run.netTakenKg,
      firstTakenAt: run.firstTakenAt,
    })),
  };
}

/**
 * Reduction's fields on the federated `Lot`, reached by the gateway only through entity
 * references (`_entities`), so the caller is checked here. Reduction cannot attribute a lot to
 * the organisation that delivered its material: auditors and the plant's staff see every lot,
 * recyclers none (as concentration treats a lot it cannot attribute).
 */
@Resolver(() => LotInReductionModel)
@UseFilters(ReductionErrorFilter)
@Roles('recycler', 'lab', 'operator', 'auditor', 'admin')
export class LotInReductionResolver {
  constructor(@Inject(REDUCTION_APPLICATION) private readonly reduction: ReductionApplication) {}

  /** Null (nothing, not even whether the lot exists here) when the caller may not see the lot. */
  @ResolveReference()
  async resolveReference(
    reference: { __typename: 'Lot'; id: string },
    context: GraphqlContext,
    info?: GraphQLResolveInfo,
  ): Promise<LotInReductionModel | null> {
    const principal = principalOf(context.req);
    if (!principal) return null;
    if (!mayReadLotInReduction(principal)) {
      logDenied('FORBIDDEN', 'may not read a lot reduction cannot attribute to an organisation', principal, {
        ...(info ? describeResolveInfo(info) : {}),
        access: 'read',
      });
      return null;
    }
    const lot = await this.reduction.lotInReduction(reference.id);
    return { id: reference.id, reduction: lot && recordModel(lot) };
  }
}
