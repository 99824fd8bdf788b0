import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
// A cycle (the module imports the resolver, which imports these types), read lazily by registerIn.
import { TraceabilityModule } from '../traceability.module';

const IN_TRACEABILITY_SUBGRAPH = { registerIn: () => TraceabilityModule } as const;
const KG = { description: 'kg, exact decimal' } as const;

@ObjectType('TraceabilityActor', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'A person, by pseudonymous subject id',
})
export class TraceabilityActorModel {
  @Field()
  subjectId!: string;
  @Field({ nullable: true })
  organisationId?: string;
}

@ObjectType('TraceabilityImbalanceOverride', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'A run completed although its balance did not close: who, who approved, why, when',
})
export class TraceabilityImbalanceOverrideModel {
  @Field(() => ID)
  runId!: string;
  @Field()
  reason!: string;
  @Field(() => TraceabilityActorModel, { nullable: true })
  overriddenBy?: TraceabilityActorModel;
  @Field(() => TraceabilityActorModel, {
    nullable: true,
    description: 'The second person, when one approved',
  })
  approvedBy?: TraceabilityActorModel;
  @Field(() => GraphQLISODateTime)
  at!: Date;
}

@ObjectType('TraceabilityElementReconciliation', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description:
    "One element of a run: opening inventory + inputs against products + by-products + residues + closing inventory + losses, on the genealogy's current figures",
})
export class TraceabilityElementReconciliationModel {
  @Field()
  element!: string;
  @Field(KG)
  openingInventoryKg!: string;
  @Field(KG)
  inputsKg!: string;
  @Field({ description: 'Opening inventory + inputs; kg, exact' })
  totalInKg!: string;
  @Field(KG)
  productsKg!: string;
  @Field(KG)
  byProductsKg!: string;
  @Field(KG)
  residuesKg!: string;
  @Field(KG)
  closingInventoryKg!: string;
  @Field({ description: 'Products + by-products + residues + closing inventory; kg, exact' })
  outputsKg!: string;
  @Field({ description: "The latest balance's losses, else the declared losses; kg, exact" })
  lossesKg!: string;
  @Field({ description: 'Outputs + losses; kg, exact' })
  totalOutKg!: string;
  @Field({ description: 'totalIn - totalOut, signed; kg, exact' })
  differenceKg!: string;
  @Field({ nullable: true, description: 'The tolerance the run published (k x combined uncertainty); kg' })
  toleranceKg?: string;
  @Field({ description: '|difference| <= tolerance (exactly zero without a tolerance)' })
  closes!: boolean;
  @Field({ nullable: true, description: 'The imbalance the run published on the figures it knew then; kg' })
  publishedImbalanceKg?: string;
  @Field({ nullable: true })
  publishedCloses?: boolean;
}

@ObjectType('TraceabilityRunReconciliation', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: "A run's mass-balance reconciliation per element",
})
export class TraceabilityRunReconciliationModel {
  @Field(() => ID)
  runId!: string;
  @Field()
  service!: string;
  @Field({ nullable: true })
  kind?: string;
  @Field({ description: 'The run: PLANNED, STARTED, HELD, COMPLETED or ABORTED' })
  runStatus!: string;
  @Field({ description: 'OPEN (no balance yet), CLOSED, NOT_CLOSED or OVERRIDDEN' })
  status!: string;
  @Field()
  closes!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'First completion' })
  completedAt?: Date;
  @Field({ nullable: true, description: 'PROVISIONAL or FINAL' })
  basis?: string;
  @Field({ nullable: true })
  coverageFactor?: string;
  @Field()
  closingRule!: string;
  @Field(() => [TraceabilityElementReconciliationModel])
  elements!: TraceabilityElementReconciliationModel[];
  @Field(() => TraceabilityImbalanceOverrideModel, { nullable: true })
  override?: TraceabilityImbalanceOverrideModel;
}

@ObjectType('TraceabilityPlantElementReconciliation', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: "One element summed over the period's completed runs",
})
export class TraceabilityPlantElementReconciliationModel {
  @Field()
  element!: string;
  @Field(() => Int)
  runs!: number;
  @Field(KG)
  openingInventoryKg!: string;
  @Field(KG)
  inputsKg!: string;
  @Field(KG)
  totalInKg!: string;
  @Field(KG)
  productsKg!: string;
  @Field(KG)
  byProductsKg!: string;
  @Field(KG)
  residuesKg!: string;
  @Field(KG)
  closingInventoryKg!: string;
  @Field(KG)
  outputsKg!: string;
  @Field(KG)
  lossesKg!: string;
  @Field(KG)
  totalOutKg!: string;
  @Field({ description: "Sum of every run's difference; kg, exact" })
  differenceKg!: string;
  @Field({
    description: 'Sum of the differences of the runs that did not close (overridden included); kg, exact',
  })
  unclosedDifferenceKg!: string;
  @Field(() => Int)
  runsNotClosed!: number;
}

@ObjectType('TraceabilityUnclosedRun', { ...IN_TRACEABILITY_SUBGRAPH })
export class TraceabilityUnclosedRunModel {
  @Field(() => TraceabilityRunReconciliationModel)
  run!: TraceabilityRunReconciliationModel;
  @Field(() => [String], { description: 'The elements that did not close' })
  elements!: string[];
}

@ObjectType('TraceabilityPlantReconciliation', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'The plant over [from, to): every run whose first completion falls in it',
})
export class TraceabilityPlantReconciliationModel {
  @Field(() => GraphQLISODateTime)
  from!: Date;
  @Field(() => GraphQLISODateTime)
  to!: Date;
  @Field(() => Int)
  runCount!: number;
  @Field(() => [TraceabilityPlantElementReconciliationModel])
  elements!: TraceabilityPlantElementReconciliationModel[];
  @Field(() => [TraceabilityUnclosedRunModel])
  runsNotClosed!: TraceabilityUnclosedRunModel[];
  @Field(() => [TraceabilityImbalanceOverrideModel])
  overrides!: TraceabilityImbalanceOverrideModel[];
}
