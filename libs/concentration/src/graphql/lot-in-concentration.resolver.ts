import { Inject, UseFilters } from '@nestjs/common';
import { ResolveReference, Resolver } from '@nestjs/graphql';
import { describeResolveInfo, logDenied, principalOf, Roles } from '@rre/auth';
import type { GraphQLResolveInfo } from 'graphql';
import { type LotInConcentration, mayReadLotInConcentration } from '../application/lot-in-concentration';
import type { ConcentrationApplication } from '../concentration-application';
import { CONCENTRATION_APPLICATION } from '../concentration.di-tokens';
import { ConcentrationErrorFilter } from './concentration-error.filter';
import type { GraphqlContext } from '@rre/process-runs';
import { type ConcentrationLotRecordModel, LotInConcentrationModel } from './lot-in-concentration.model';

function recordModel(lot: LotInConcentration): ConcentrationLotRecordModel {
  return {
    custody: lot.custody,
    route: lot.route,
    offeredMassKg: lot.offeredMassKg,
    receivedMassKg: lot.receivedMassKg,
    heldSince: lot.heldSince,
    remainingKg: lot.remainingKg,
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
 * Concentration's fields on the federated `Lot`. The gateway reaches them only through entity
 * references (`_entities`), so the reference resolver is where the caller is checked, as intake
 * checks `lot(id)`: recyclers see only their own organisation's lots, and nothing concentration
 * cannot attribute to an organisation; auditors and the plant's staff see every lot.
 */
@Resolver(() => LotInConcentrationModel)
@UseFilters(ConcentrationErrorFilter)
@Roles('recycler', 'lab', 'operator', 'auditor', 'admin')
export class LotInConcentrationResolver {
  constructor(@Inject(CONCENTRATION_APPLICATION) private readonly concentration: ConcentrationApplication) {}

  /** Null (nothing, not even whether the lot exists here) when the caller may not see the lot. */
  @ResolveReference()
  async resolveReference(
    reference: { __typename: 'Lot'; id: string },
    context: GraphqlContext,
    info?: GraphQLResolveInfo,
  ): Promise<LotInConcentrationModel | null> {
    const principal = principalOf(context.req);
    if (!principal) return null;
    const lot = await this.concentration.lotInConcentration(reference.id);
    if (!mayReadLotInConcentration(principal, lot?.supplierOrganisationId)) {
      logDenied(
        'FORBIDDEN',
        lot?.supplierOrganisationId === undefined
          ? 'may not read a lot concentration cannot attribute to an organisation'
          : 'may not read data of another organisation',
        principal,
        {
          ...(info ? describeResolveInfo(info) : {}),
          targetOrganisationId: lot?.supplierOrganisationId,
          access: 'read',
        },
      );
      return null;
    }
    return { id: reference.id, concentration: lot && recordModel(lot) };
  }
}
