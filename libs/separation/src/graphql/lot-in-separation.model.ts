import { Directive, Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
// A cycle (the module imports the resolver, which imports these types), read lazily by registerIn.
import { SeparationModule } from '../separation.module';
import { FractionModel, OxideLotModel } from './separation.models';

/**
 * These types belong to separation's subgraph only: in the platform, intake's `Lot` is another
 * class of the same GraphQL name in the same process (see @rre/graphql, "Extending an entity").
 */
const IN_SEPARATION_SUBGRAPH = { registerIn: () => SeparationModule } as const;

@ObjectType('SeparationLotRun', { ...IN_SEPARATION_SUBGRAPH, description: 'A run that took from the lot' })
export class SeparationLotRunModel {
  @Field(() => ID)
  runId!: string;
  @Field({ description: 'SOLVENT_EXTRACTION, PRECIPITATION or CALCINATION' })
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

@ObjectType('SeparationLotRecord', {
  ...IN_SEPARATION_SUBGRAPH,
  description:
    'What separation knows of a lot: its custody and masses there, the runs that took from it, and the fraction or oxide it is when separation produced it',
})
export class SeparationLotRecordModel {
  @Field({ description: 'OFFERED, HELD, REFUSED, OFFERED_OUT or HANDED_OVER, in separation' })
  custody!: string;
  @Field({
    nullable: true,
    description: 'The service that handed it to separation; null for a lot separation produced',
  })
  receivedFrom?: string;
  @Field({ description: 'Mass when it entered separation or was produced, kg (exact)' })
  massKg!: string;
  @Field({ description: 'What runs and samples have not taken yet, kg (exact)' })
  remainingKg!: string;
  @Field(() => ID, { nullable: true, description: 'The separation run that produced it' })
  producedByRunId?: string;
  @Field(() => FractionModel, {
    nullable: true,
    description: 'The fraction of a solvent-extraction run it is (kind and purity)',
  })
  fraction?: FractionModel;
  @Field(() => OxideLotModel, {
    nullable: true,
    description: 'The oxide lot of a calcination run it is (oxide, element and purity)',
  })
  oxide?: OxideLotModel;
  @Field(() => [SeparationLotRunModel], { description: 'Runs that took from the lot, first take first' })
  runs!: SeparationLotRunModel[];
}

// The federated Lot (intake owns it) as separation extends it.
@ObjectType('Lot', IN_SEPARATION_SUBGRAPH)
@Directive('@key(fields: "id")')
export class LotInSeparationModel {
  @Field(() => ID)
  id!: string;
  @Field(() => SeparationLotRecordModel, {
    nullable: true,
    description:
      'What separation knows of the lot; null when it never heard of it, or the caller may not see it (separation cannot tell which organisation a lot came from: recyclers get null)',
  })
  separation?: SeparationLotRecordModel;
}
