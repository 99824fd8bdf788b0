import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { TraceabilityActorModel } from '../graphql/reconciliation.models';
import { RecycledContentStatementModel } from '../graphql/statement.models';
// A cycle (the module imports the resolver, which imports these types), read lazily by registerIn.
import { TraceabilityModule } from '../traceability.module';

const IN_TRACEABILITY_SUBGRAPH = { registerIn: () => TraceabilityModule } as const;

@ObjectType('TraceabilityConfigurationVersion', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'One version of the settings statements are computed under; the highest is in force',
})
export class TraceabilityConfigurationVersionModel {
  @Field(() => Int)
  version!: number;
  @Field()
  methodVersion!: string;
  @Field({ description: 'Code of the rounding rule (roundingRuleDescription says it in words)' })
  roundingRule!: string;
  @Field()
  roundingRuleDescription!: string;
  @Field({ description: "k of the closing rule's tolerance (k x combined standard uncertainty), decimal" })
  closingCoverageFactor!: string;
  @Field(() => String, { nullable: true, description: 'kg CO2e per kWh, decimal; null: none' })
  defaultGridFactorKgCo2ePerKwh!: string | null;
  @Field(() => TraceabilityActorModel)
  changedBy!: TraceabilityActorModel;
  @Field(() => GraphQLISODateTime)
  changedAt!: Date;
  @Field()
  reason!: string;
}

@ObjectType('TraceabilityStatementFigureChange', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description:
    "A figure of a restated statement that changed: an element's kg (category TOTAL) or a category's kg and share",
})
export class StatementFigureChangeModel {
  @Field()
  element!: string;
  @Field({ description: 'POST_CONSUMER, PRE_CONSUMER, PRIMARY, UNATTRIBUTED, or TOTAL (the element)' })
  category!: string;
  @Field()
  beforeKg!: string;
  @Field()
  afterKg!: string;
  @Field({ description: 'after - before, kg, 6 places' })
  differenceKg!: string;
  @Field(() => String, { nullable: true })
  beforeShare!: string | null;
  @Field(() => String, { nullable: true })
  afterShare!: string | null;
  @Field(() => String, { nullable: true, description: 'after - before, 12 places' })
  differenceShare!: string | null;
}

@ObjectType('TraceabilityCountryChange', { ...IN_TRACEABILITY_SUBGRAPH })
export class CountryChangeModel {
  @Field()
  element!: string;
  @Field(() => String, { nullable: true })
  country!: string | null;
  @Field()
  beforeKg!: string;
  @Field()
  afterKg!: string;
  @Field()
  differenceKg!: string;
}

@ObjectType('TraceabilityRestatementTrigger', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'An event applied in the transaction that changed the facts',
})
export class RestatementTriggerModel {
  @Field(() => ID)
  eventId!: string;
  @Field()
  type!: string;
  @Field()
  subject!: string;
}

@ObjectType('TraceabilityRestatement', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description:
    'An issued statement computed anew after a fact it stood on changed (the issued statement stays as it was)',
})
export class RestatementModel {
  @Field(() => ID)
  restatementId!: string;
  @Field(() => ID)
  statementId!: string;
  @Field(() => Int, { description: '1 for the first restatement of the statement, then 2, ...' })
  sequence!: number;
  @Field(() => ID)
  lotId!: string;
  @Field(() => GraphQLISODateTime)
  restatedAt!: Date;
  @Field(() => Int)
  configurationVersion!: number;
  @Field(() => RecycledContentStatementModel, { description: 'The figures as computed anew' })
  figures!: RecycledContentStatementModel;
  @Field(() => [StatementFigureChangeModel], {
    description: 'Against the figures before (as issued, or the previous restatement)',
  })
  changes!: StatementFigureChangeModel[];
  @Field(() => [CountryChangeModel])
  countryChanges!: CountryChangeModel[];
  @Field(() => String, { nullable: true, description: 'Set when the footprint changed' })
  co2eKgPerKgBefore!: string | null;
  @Field(() => String, { nullable: true, description: 'Set when the footprint changed' })
  co2eKgPerKgAfter!: string | null;
  @Field(() => [RestatementTriggerModel])
  triggeredBy!: RestatementTriggerModel[];
}
