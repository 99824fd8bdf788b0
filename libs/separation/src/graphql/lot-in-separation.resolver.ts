import { Inject, UseFilters } from '@nestjs/common';
import { ResolveReference, Resolver } from '@nestjs/graphql';
import { describeResolveInfo, logDenied, principalOf, Roles } from '@rre/auth';
import type { GraphqlContext } from '@rre/process-runs';
import type { GraphQLResolveInfo } from 'graphql';
import { type LotInSeparation, mayReadLotInSeparation } from '../application/lot-in-separation';
import type { SeparationApplication } from '../separation-application';
import { SEPARATION_APPLICATION } from '../separation.di-tokens';
import { LotInSeparationModel, type SeparationLotRecordModel } from './lot-in-separation.model';
import { SeparationErrorFilter } from './separation-error.filter';

function recordModel(lot: LotInSeparation): SeparationLotRecordModel {
  return {
    custody: lot.custody,
    receivedFrom: lot.receivedFromService,
    massKg: lot.massKg,
    remainingKg: lot.remainingKg,
    producedByRunId: lot.producedByRunId,
    fraction: lot.fraction,
    oxide: lot.oxide,
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
 * Separation's fields on the federated `Lot`, reached by the gateway only through entity
 * references (`_entities`), so the caller is checked here. Separation cannot attribute a lot to
 * the organisation that delivered its material: auditors and the plant's staff see every lot,
 * recyclers none (as concentration treats a lot it cannot attribute).
 */
@Resolver(() => LotInSeparationModel)
@UseFilters(SeparationErrorFilter)
@Roles('recycler', 'lab', 'operator', 'auditor', 'admin')
export class LotInSeparationResolver {
  constructor(@Inject(SEPARATION_APPLICATION) private readonly separation: SeparationApplication) {}

  /** Null (nothing, not even whether the lot exists here) when the caller may not see the lot. */
  @ResolveReference()
  async resolveReference(
    reference: { __typename: 'Lot'; id: string },
    context: GraphqlContext,
    info?: GraphQLResolveInfo,
  ): Promise<LotInSeparationModel | null> {
    const principal = principalOf(context.req);
    if (!principal) return null;
    if (!mayReadLotInSeparation(principal)) {
      logDenied('FORBIDDEN', 'may not read a lot separation cannot attribute to an organisation', principal, {
        ...(info ? describeResolveInfo(info) : {}),
        access: 'read',
      });
      return null;
    }
    const lot = await this.separation.lotInSeparation(reference.id);
    return { id: reference.id, separation: lot && recordModel(lot) };
  }
}
