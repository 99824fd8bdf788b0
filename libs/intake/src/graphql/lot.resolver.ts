import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, ID, Int, Query, ResolveReference, Resolver } from '@nestjs/graphql';
import { encodeLotCursor } from '../application/queries/list-lots.handler';
import type { IntakeApplication } from '../intake-application';
import { INTAKE_APPLICATION, INTAKE_CALLER_RESOLVER } from '../intake.di-tokens';
import { IntakeErrorFilter } from './intake-error.filter';
import { MayReadLots } from './intake-roles';
import {
  callerOf,
  type GraphqlContext,
  type IntakeCallerResolver,
  withoutNulls,
} from './intake-request.context';
import { LotFilterInput } from './lot-command.input';
import { LotConnectionModel, LotModel } from './lot.model';
import { lotView } from './lot.view';
import { calendarDateIn } from '../domain/lot-code';
import { type CalendarDate, daysBetween } from '../domain/waste-manifest';
import { OverdueManifestSlipsModel } from './waste-manifest.model';

@Resolver(() => LotModel)
@UseFilters(IntakeErrorFilter)
@MayReadLots()
export class LotResolver {
  constructor(
    @Inject(INTAKE_APPLICATION) private readonly intake: IntakeApplication,
    @Inject(INTAKE_CALLER_RESOLVER) private readonly resolveCaller: IntakeCallerResolver,
  ) {}

  @Query(() => LotModel, {
    nullable: true,
    description: 'A lot by id; null when it does not exist or belongs to another organisation (recyclers)',
  })
  async lot(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GraphqlContext,
  ): Promise<LotModel | null> {
    const lot = await this.intake.getLot.execute(id, await callerOf(this.resolveCaller, context));
    return lot ? lotView(lot, this.intake.policy, this.today()) : null;
  }

  /**
   * A Lot another subgraph refers to (`_entities`), authorised as `lot(id)` is: null when it does
   * not exist or the caller may not see it (a recycler, another organisation's lot).
   */
  @ResolveReference()
  async resolveReference(
    reference: { __typename: 'Lot'; id: string },
    context: GraphqlContext,
  ): Promise<LotModel | null> {
    return this.lot(reference.id, context);
  }

  @Query(() => OverdueManifestSlipsModel, {
    description: 'Manifest slips past their due date that have not come back (recyclers: their own lots)',
  })
  async overdueManifestSlips(
    @Context() context: GraphqlContext,
    @Args('asOf', { type: () => String, nullable: true, description: 'YYYY-MM-DD; default today' })
    asOf?: string | null,
  ): Promise<OverdueManifestSlipsModel> {
    const caller = await callerOf(this.resolveCaller, context);
    const overdue = await this.intake.listOverdueSlips.execute(asOf ?? undefined, caller);
    return {
      asOf: overdue.asOf,
      slips: overdue.slips.map((slip) => ({ ...slip, daysOverdue: daysBetween(slip.dueOn, overdue.asOf) })),
    };
  }

  private today(): CalendarDate {
    return calendarDateIn(this.intake.clock.now(), this.intake.policy.timeZone) as CalendarDate;
  }

  @Query(() => LotConnectionModel, {
    description: 'Lots in (receivedAt, id) order; recyclers see their own organisation only',
  })
  async lots(
    @Context() context: GraphqlContext,
    @Args('filter', { type: () => LotFilterInput, nullable: true }) filter?: LotFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 100, default 20' })
    first?: number | null,
    @Args('after', {
      type: () => String,
      nullable: true,
      description: 'pageInfo.endCursor of the previous page',
    })
    after?: string | null,
  ): Promise<LotConnectionModel> {
    const caller = await callerOf(this.resolveCaller, context);
    const page = await this.intake.listLots.execute(
      withoutNulls(filter ?? {}),
      { first: first ?? undefined, after: after ?? undefined },
      caller,
    );
    const edges = page.lots.map((lot) => ({
      cursor: encodeLotCursor({ receivedAt: lot.registration.receivedAt, id: lot.id }),
      node: lotView(lot, this.intake.policy, this.today()),
    }));
    return { edges, pageInfo: { endCursor: edges.at(-1)?.cursor, hasNextPage: page.hasNextPage } };
  }
}
