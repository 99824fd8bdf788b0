import { Directive, Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
// A cycle (the module imports the resolver, which imports these types), read lazily by registerIn.
import { ReductionModule } from '../reduction.module';

/**
 * These types belong to reduction's subgraph only: in the platform, intake's `Lot` is another
 * class of the same GraphQL name in the same process (see @rre/graphql, "Extending an entity").
 */
const IN_REDUCTION_SUBGRAPH = { registerIn: () => ReductionModule } as const;

@ObjectType('ReductionLotRun', { ...IN_REDUCTION_SUBGRAPH, description: 'A run that took from the lot' })
export class ReductionLotRunModel {
  @Field(() => ID)
  runId!: string;
  @Field({ description: 'ELECTROLYSIS or VACUUM_DISTILLATION' })
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

@ObjectType('ReductionProducedLot', {
  ...IN_REDUCTION_SUBGRAPH,
  description:
    'What a lot reduction produced is: the metal or alloy of its run, with the purity its assay gives',
})
export class ReductionProducedLotModel {
  @Field(() => ID)
  runId!: string;
  @Field({ description: 'ELECTROLYSIS or VACUUM_DISTILLATION' })
  runKind!: string;
  @Field({ nullable: true, description: 'PRODUCT, BY_PRODUCT or RESIDUE' })
  role?: string;
  @Field({
    nullable: true,
    description:
      "METAL (a distillation's product) or ALLOY (an electrolysis's product); null for by-products and residues",
  })
  form?: string;
  @Field({ description: "The run's target element (Tb or Dy)" })
  element!: string;
  @Field({
    nullable: true,
    description:
      "The target element's share of the lot by its assay, % (6 places, half-even); null without an assay",
  })
  purityPercent?: string;
}

@ObjectType('ReductionLotRecord', {
  ...IN_REDUCTION_SUBGRAPH,
  description:
    'What reduction knows of a lot: its custody and masses there, the runs that took from it, and the metal or alloy it is when reduction produced it',
})
export class ReductionLotRecordModel {
  @Field({ description: 'OFFERED, HELD, REFUSED, OFFERED_OUT or HANDED_OVER, in reduction' })
  custody!: string;
  @Field({
    nullable: true,
    description: 'The service that handed it to reduction; null for a lot reduction produced or registered',
  })
  receivedFrom?: string;
  @Field({ description: 'Mass when it entered reduction or was produced, kg (exact)' })
  massKg!: string;
  @Field({ description: 'What runs and samples have not taken yet, kg (exact)' })
  remainingKg!: string;
  @Field(() => ReductionProducedLotModel, {
    nullable: true,
    description: 'Null for a lot reduction did not produce',
  })
  produced?: ReductionProducedLotModel;
  @Field(() => [ReductionLotRunModel], { description: 'Runs that took from the lot, first take first' })
  runs!: ReductionLotRunModel[];
}

// The federated Lot (intake owns it) as reduction extends it.
@ObjectType('Lot', IN_REDUCTION_SUBGRAPH)
@Directive('@key(fields: "id")')
export class LotInReductionModel {
  @Field(() => ID)
  id!: string;
  @Field(() => ReductionLotRecordModel, {
    nullable: true,
    description:
      'What reduction knows of the lot; null when it never heard of it, or the caller may not see it (reduction cannot tell which organisation a lot came from: recyclers get null)',
  })
  reduction?: ReductionLotRecordModel;
}
