import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
// A cycle (the module imports the resolver, which imports these types), read lazily by registerIn.
import { TraceabilityModule } from '../traceability.module';

const IN_TRACEABILITY_SUBGRAPH = { registerIn: () => TraceabilityModule } as const;

export enum MassBalanceMethodValue {
  ROLLING_AVERAGE = 'ROLLING_AVERAGE',
  CREDIT = 'CREDIT',
}

registerEnumType(MassBalanceMethodValue, {
  name: 'MassBalanceMethod',
  description:
    "ROLLING_AVERAGE: the period's input shares applied to every shipment of the period; CREDIT: credits deposited per period, withdrawn by claims, never negative",
});

@ObjectType('MassBalanceCategory', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'One content category of one element over the period (kg as exact decimal text)',
})
export class MassBalanceCategoryModel {
  @Field({ description: 'POST_CONSUMER, PRE_CONSUMER, PRIMARY or UNATTRIBUTED' })
  category!: string;
  @Field({
    description: 'Element mass of source lots of the category taken into runs in the period; kg, exact',
  })
  inputKg!: string;
  @Field(() => String, {
    nullable: true,
    description: 'inputKg / all inputs of the element; 12 places; null when nothing came in',
  })
  share!: string | null;
  @Field({
    description: 'Process losses allocated in proportion to the inputs: inputKg - creditsKg; kg, exact',
  })
  lossesKg!: string;
  @Field({ description: 'What the period earns: inputKg - lossesKg, 1 mg (largest remainder)' })
  creditsKg!: string;
  @Field({
    description:
      'ROLLING_AVERAGE: what the period shipments carried of the category at the period shares; CREDIT: claims made in the period; kg',
  })
  outKg!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'ROLLING_AVERAGE: creditsKg - outKg (signed); CREDIT: the account balance now (null for UNATTRIBUTED, which earns no credit); kg',
  })
  balanceKg!: string | null;
}

@ObjectType('MassBalanceOutput', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'A shipment line of the period with the period shares applied (rolling average)',
})
export class MassBalanceOutputModel {
  @Field(() => ID)
  shipmentId!: string;
  @Field(() => ID)
  lotId!: string;
  @Field({ description: 'net mass shipped x the lot fraction, rounded half-even to 1 mg; kg' })
  elementKg!: string;
  @Field(() => [MassBalanceOutputCategoryModel])
  categories!: MassBalanceOutputCategoryModel[];
}

@ObjectType('MassBalanceOutputCategory', { ...IN_TRACEABILITY_SUBGRAPH })
export class MassBalanceOutputCategoryModel {
  @Field()
  category!: string;
  @Field({ description: 'kg, 1 mg; the categories sum exactly to elementKg' })
  kg!: string;
}

@ObjectType('MassBalanceElement', { ...IN_TRACEABILITY_SUBGRAPH })
export class MassBalanceElementModel {
  @Field()
  element!: string;
  @Field({ description: 'All inputs of the element; kg, exact' })
  inputKg!: string;
  @Field({
    description:
      "The period's runs' losses of the element (reconciliation), before the cap at the inputs; kg",
  })
  runLossesKg!: string;
  @Field({ description: 'Sum of the categories credits; kg, 1 mg' })
  creditsKg!: string;
  @Field({ description: 'Sum of the categories outKg; kg' })
  outKg!: string;
  @Field(() => Int, { description: 'Source lots whose takes in the period brought the element' })
  inputLots!: number;
  @Field({
    nullable: true,
    description: 'CREDIT: whether this exact period has been deposited for the element',
  })
  deposited?: boolean;
  @Field(() => [MassBalanceCategoryModel])
  categories!: MassBalanceCategoryModel[];
  @Field(() => [MassBalanceOutputModel], {
    description: 'ROLLING_AVERAGE: every shipment line of the period',
  })
  outputs!: MassBalanceOutputModel[];
}

@ObjectType('MassBalancePeriod', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'The plant-level mass balance over [from, to), per element and content category',
})
export class MassBalancePeriodModel {
  @Field(() => GraphQLISODateTime)
  from!: Date;
  @Field(() => GraphQLISODateTime)
  to!: Date;
  @Field(() => MassBalanceMethodValue)
  method!: MassBalanceMethodValue;
  @Field()
  methodVersion!: string;
  @Field({
    description:
      'e.g. "mass balance: credit method, period 2026-11-01T00:00:00.000Z/2026-12-01T00:00:00.000Z"',
  })
  chainOfCustodyModel!: string;
  @Field(() => [String], { description: 'The rules: inputs, losses, credits, outputs' })
  rules!: string[];
  @Field(() => [MassBalanceElementModel])
  elements!: MassBalanceElementModel[];
}

@ObjectType('CreditDraw', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'What a claim drew from one period deposit',
})
export class CreditDrawModel {
  @Field(() => ID)
  depositEntryId!: string;
  @Field(() => GraphQLISODateTime)
  periodFrom!: Date;
  @Field(() => GraphQLISODateTime)
  periodTo!: Date;
  @Field({ description: 'kg' })
  kg!: string;
}

@ObjectType('CreditLedgerEntry', { ...IN_TRACEABILITY_SUBGRAPH, description: 'A deposit or a claim' })
export class CreditLedgerEntryModel {
  @Field(() => Int)
  entryNo!: number;
  @Field(() => ID)
  entryId!: string;
  @Field()
  element!: string;
  @Field()
  category!: string;
  @Field({ description: 'DEPOSIT or CLAIM' })
  kind!: string;
  @Field({ description: 'kg, positive' })
  kg!: string;
  @Field({ description: "The account's balance after this entry; kg, never negative" })
  balanceAfterKg!: string;
  @Field({ nullable: true, description: 'DEPOSIT: what no claim has drawn yet; kg' })
  remainingKg?: string;
  @Field(() => GraphQLISODateTime, { nullable: true })
  periodFrom?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true })
  periodTo?: Date;
  @Field(() => ID, { nullable: true })
  shipmentId?: string;
  @Field(() => ID, { nullable: true })
  lotId?: string;
  @Field({ nullable: true })
  actorSubject?: string;
  @Field(() => GraphQLISODateTime)
  at!: Date;
}

@ObjectType('CreditLedger', { ...IN_TRACEABILITY_SUBGRAPH })
export class CreditLedgerModel {
  @Field()
  element!: string;
  @Field()
  category!: string;
  @Field({ description: 'kg, never negative' })
  balanceKg!: string;
  @Field(() => [CreditLedgerEntryModel])
  entries!: CreditLedgerEntryModel[];
}

@ObjectType('RecycledCreditClaim', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'A mass-balance (credit method) statement: credits withdrawn for a shipped lot',
})
export class RecycledCreditClaimModel {
  @Field(() => ID)
  claimId!: string;
  @Field(() => ID, { nullable: true, description: 'null for a claim on a lot without a shipment' })
  shipmentId!: string | null;
  @Field(() => ID)
  lotId!: string;
  @Field()
  element!: string;
  @Field()
  category!: string;
  @Field({ description: 'kg' })
  kg!: string;
  @Field({ description: "The account's balance after the claim; kg" })
  balanceAfterKg!: string;
  @Field({
    description:
      'e.g. "mass balance: credit method, period 2026-11-01T00:00:00.000Z/2026-12-01T00:00:00.000Z"',
  })
  chainOfCustodyModel!: string;
  @Field(() => [CreditDrawModel], { description: 'The deposits drawn, oldest period first' })
  draws!: CreditDrawModel[];
  @Field({ nullable: true })
  claimedBy?: string;
  @Field(() => GraphQLISODateTime)
  at!: Date;
  @Field({ description: 'true: an earlier claim with the same idempotency key (nothing withdrawn again)' })
  replayed!: boolean;
}
