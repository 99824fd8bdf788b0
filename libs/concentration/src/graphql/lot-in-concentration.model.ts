import { Directive, Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
// A cycle (the module imports the resolver, which imports these types), read lazily by registerIn.
import { ConcentrationModule } from '../concentration.module';

/**
 * These types belong to concentration's subgraph only: in the platform, intake's `Lot` is another
 * class of the same GraphQL name in the same process (see @rre/graphql, "Extending an entity").
 */
const IN_CONCENTRATION_SUBGRAPH = { registerIn: () => ConcentrationModule } as const;

@ObjectType('ConcentrationLotRun', {
  ...IN_CONCENTRATION_SUBGRAPH,
  description: 'A run that took from the lot',
})
export class LotRunModel {
  @Field(() => ID)
  runId!: string;
  @Field({ description: 'LEACHING or ADSORPTION' })
  kind!: string;
  @Field({ description: 'PLANNED, STARTED, HELD, AWAITING_OVERRIDE_APPROVAL, COMPLETED or ABORTED' })
  status!: string;
  @Field({
    description: 'Taken from this lot (as input or opening inventory) minus returned to it, kg (exact)',
  })
  netTakenKg!: string;
  @Field(() => GraphQLISODateTime)
  firstTakenAt!: Date;
}

@ObjectType('ConcentrationLotRecord', {
  ...IN_CONCENTRATION_SUBGRAPH,
  description:
    'What concentration knows of a lot: the hand-over from intake, its custody, and the runs that took from it',
})
export class ConcentrationLotRecordModel {
  @Field({
    description:
      "AT_INTAKE, OFFERED or REFUSED (intake's hand-over to concentration), then HELD, OFFERED_OUT or HANDED_OVER",
  })
  custody!: string;
  @Field({ nullable: true, description: 'LEACHING (magnet scrap) or ADSORPTION (unused resources)' })
  route?: string;
  @Field({ nullable: true, description: 'Mass intake offered, kg' })
  offeredMassKg?: string;
  @Field({ nullable: true, description: 'Mass concentration received, kg' })
  receivedMassKg?: string;
  @Field(() => GraphQLISODateTime, { nullable: true })
  heldSince?: Date;
  @Field({
    nullable: true,
    description: 'What runs have not taken yet, kg; null until concentration holds the lot',
  })
  remainingKg?: string;
  @Field(() => [LotRunModel], { description: 'Runs that took from the lot, first take first' })
  runs!: LotRunModel[];
}

// The federated Lot (intake owns it) as concentration extends it.
@ObjectType('Lot', IN_CONCENTRATION_SUBGRAPH)
@Directive('@key(fields: "id")')
export class LotInConcentrationModel {
  @Field(() => ID)
  id!: string;
  @Field(() => ConcentrationLotRecordModel, {
    nullable: true,
    description:
      "What concentration knows of the lot; null when it never heard of it, or the caller may not see it (recyclers: other organisations' lots)",
  })
  concentration?: ConcentrationLotRecordModel;
}
