import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
// A cycle (the module imports the resolver, which imports these types), read lazily by registerIn.
import { TraceabilityModule } from '../traceability.module';

/** Traceability's types belong to its subgraph only (see @rre/graphql, "Extending an entity"). */
const IN_TRACEABILITY_SUBGRAPH = { registerIn: () => TraceabilityModule } as const;

@ObjectType('TraceabilityElementMass', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'An element and its mass, kg (exact)',
})
export class TraceabilityElementMassModel {
  @Field()
  element!: string;
  @Field({ description: 'kg, exact decimal' })
  massKg!: string;
}

@ObjectType('TraceabilityElementFraction', { ...IN_TRACEABILITY_SUBGRAPH })
export class TraceabilityElementFractionModel {
  @Field()
  element!: string;
  @Field({ description: 'Mass fraction as a plain fraction (0.25 = 25 %), exact decimal' })
  fraction!: string;
}

@ObjectType('TraceabilityRunLot', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: "A lot's part in a run: what it brought (inputs) or received (outputs) of each element",
})
export class TraceabilityRunLotModel {
  @Field(() => ID)
  lotId!: string;
  @Field({
    description:
      'Inputs: INPUT or OPENING_INVENTORY; outputs: PRODUCT, BY_PRODUCT, RESIDUE or IN_PROCESS_INVENTORY',
  })
  role!: string;
  @Field({ description: 'Inputs: net mass taken (taken minus returned); outputs: mass produced; kg, exact' })
  massKg!: string;
  @Field(() => [TraceabilityElementMassModel], {
    description: "Per element of the lot's current composition: mass x fraction, kg (exact)",
  })
  elements!: TraceabilityElementMassModel[];
}

@ObjectType('TraceabilityRun', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description:
    'A run in the genealogy: its inputs, its outputs (residues and closing inventory included) and losses',
})
export class TraceabilityRunModel {
  @Field(() => ID)
  runId!: string;
  @Field({ description: 'concentration, separation or reduction' })
  service!: string;
  @Field({ nullable: true })
  kind?: string;
  @Field({ description: 'PLANNED, STARTED, HELD, COMPLETED or ABORTED' })
  status!: string;
  @Field(() => [TraceabilityRunLotModel])
  inputs!: TraceabilityRunLotModel[];
  @Field(() => [TraceabilityRunLotModel])
  outputs!: TraceabilityRunLotModel[];
  @Field(() => [TraceabilityElementMassModel], {
    description: "Losses per element: the latest balance's, else the declared losses; kg (exact)",
  })
  losses!: TraceabilityElementMassModel[];
}

@ObjectType('TraceabilityRunPath', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'Runs from the source to the lot, first run first',
})
export class TraceabilityRunPathModel {
  @Field(() => [ID])
  runIds!: string[];
}

@ObjectType('TraceabilitySource', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: "One source's part of a lot's element mass",
})
export class TraceabilitySourceModel {
  @Field({
    description:
      "SOURCE_LOT; ANONYMOUS_SOURCES (other suppliers' lots, merged, for recyclers); UNATTRIBUTED (what runs put out beyond their inputs: not recycled)",
  })
  kind!: string;
  @Field(() => ID, { nullable: true })
  lotId?: string;
  @Field({ nullable: true })
  lotCode?: string;
  @Field({
    nullable: true,
    description: 'POST_CONSUMER, PRE_CONSUMER, PRIMARY or UNSPECIFIED; null when not registered at intake',
  })
  sourceCategory?: string;
  @Field({
    nullable: true,
    description: 'Who supplied the lot: auditors and admins, and the supplier itself',
  })
  supplierOrganisationId?: string;
  @Field({ nullable: true })
  countryOfOrigin?: string;
  @Field({ description: 'Attributed mass of the element, kg, at 1 mg by the stated rounding rule' })
  attributedKg!: string;
  @Field({
    description:
      "Share of the lot's element mass: exact when it terminates within 12 decimal places, else rounded half-even to 12",
  })
  share!: string;
  @Field(() => [TraceabilityRunPathModel])
  paths!: TraceabilityRunPathModel[];
}

@ObjectType('TraceabilityBackwardTrace', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: "A lot's element mass attributed to its source lots by physical proportional allocation",
})
export class TraceabilityBackwardTraceModel {
  @Field(() => ID)
  lotId!: string;
  @Field()
  element!: string;
  @Field({ description: "The lot's mass x its current fraction, rounded half-even to 1 mg, kg" })
  elementMassKg!: string;
  @Field({ description: 'The same, exact' })
  exactElementMassKg!: string;
  @Field()
  roundingRule!: string;
  @Field(() => [TraceabilitySourceModel], { description: 'Attributed masses sum exactly to elementMassKg' })
  sources!: TraceabilitySourceModel[];
}

@ObjectType('TraceabilityLotRecord', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'What the genealogy knows of a lot',
})
export class TraceabilityLotRecordModel {
  @Field(() => ID)
  lotId!: string;
  /** Not a field: the time the lot was asked as of, for its runs and trace. */
  asOf?: Date;
  @Field({ nullable: true })
  lotCode?: string;
  @Field({ nullable: true, description: 'For a lot registered at intake' })
  sourceCategory?: string;
  @Field({ nullable: true, description: 'Auditors, admins and the supplier itself only' })
  supplierOrganisationId?: string;
  @Field({ nullable: true })
  countryOfOrigin?: string;
  @Field({ nullable: true, description: 'Registered or produced mass, kg (exact)' })
  massKg?: string;
  @Field(() => [TraceabilityElementFractionModel], { description: 'Current composition' })
  composition!: TraceabilityElementFractionModel[];
  @Field({ description: 'The service that registered, received or produced it first' })
  service!: string;
  @Field(() => ID, { nullable: true, description: 'The run that produced it; null for a source lot' })
  producedByRunId?: string;
  @Field({ nullable: true })
  outputRole?: string;
}

// The federated Lot (intake owns it) as traceability extends it; traceLot returns it for any lot id.
@ObjectType('Lot', IN_TRACEABILITY_SUBGRAPH)
@Directive('@key(fields: "id")')
export class LotInTraceabilityModel {
  @Field(() => ID)
  id!: string;
  @Field(() => TraceabilityLotRecordModel, {
    nullable: true,
    description:
      'What the genealogy knows of the lot; null when it never heard of it or the caller may not trace it',
  })
  traceability?: TraceabilityLotRecordModel;
}

@ObjectType('TraceabilityTopicWatermark', { ...IN_TRACEABILITY_SUBGRAPH })
export class TraceabilityTopicWatermarkModel {
  @Field()
  topic!: string;
  @Field({ description: 'Kafka: the topic; embedded: the outbox schema read' })
  source!: string;
  @Field(() => Int)
  partition!: number;
  @Field({ description: 'Kafka offset or log position of the last event read' })
  position!: string;
  @Field({ description: 'Events read from this source' })
  events!: string;
  @Field(() => GraphQLISODateTime)
  lastEventTime!: Date;
}

@ObjectType('TraceabilityPendingStatement', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description:
    "A shipped lot whose recycled-content statement is not frozen yet: traceability has not caught up with every event of the lot's genealogy",
})
export class TraceabilityPendingStatementModel {
  @Field(() => ID)
  shipmentId!: string;
  @Field(() => ID)
  lotId!: string;
  @Field(() => [String], { description: 'The runs and lots (ids) whose events the statement waits for' })
  waitingFor!: string[];
  @Field(() => [String], { description: 'Why, one sentence per run or lot' })
  reasons!: string[];
  @Field(() => GraphQLISODateTime, { description: 'When the shipment was read' })
  since!: Date;
}

@ObjectType('TraceabilityWatermark', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'How far the genealogy has caught up with the event log',
})
export class TraceabilityWatermarkModel {
  @Field(() => [TraceabilityTopicWatermarkModel])
  topics!: TraceabilityTopicWatermarkModel[];
  @Field(() => Int, { description: 'Events read but held until their predecessors arrive' })
  heldEvents!: number;
  @Field(() => [TraceabilityPendingStatementModel], {
    description: 'Shipped lots whose statement waits for the genealogy upstream to be complete (frozen then)',
  })
  pendingStatements!: TraceabilityPendingStatementModel[];
}
