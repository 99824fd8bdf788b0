import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
// A cycle (the module imports the resolver, which imports these types), read lazily by registerIn.
import { TraceabilityModule } from '../traceability.module';
import { TraceabilityRunPathModel } from './traceability.models';

const IN_TRACEABILITY_SUBGRAPH = { registerIn: () => TraceabilityModule } as const;

@ObjectType('ForwardTraceLot', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'A lot made from the source lot, and what the source gave it of the element',
})
export class ForwardTraceLotModel {
  @Field(() => ID)
  lotId!: string;
  @Field(() => String, { nullable: true })
  lotCode?: string | null;
  @Field(() => String, { nullable: true })
  outputRole?: string | null;
  @Field({ description: "The lot's element mass, kg, 1 mg" })
  elementMassKg!: string;
  @Field({ description: "The source's line of this lot's backward trace, kg, 1 mg" })
  attributedKg!: string;
  @Field({ description: 'Fraction of one, 12 places' })
  share!: string;
  @Field(() => [TraceabilityRunPathModel], { description: 'Empty for recyclers' })
  paths!: TraceabilityRunPathModel[];
}

@ObjectType('TraceabilityShipment', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'A shipped lot; customer, site and order only for the plant and auditors',
})
export class TraceabilityShipmentModel {
  @Field(() => ID)
  shipmentId!: string;
  @Field(() => ID)
  lotId!: string;
  @Field(() => String, { nullable: true })
  orderId?: string | null;
  @Field(() => String, { nullable: true })
  customerOrganisationId?: string | null;
  @Field(() => String, { nullable: true })
  deliverySiteId?: string | null;
  @Field({ description: 'Net mass of the lot in the shipment, kg' })
  netMassKg!: string;
  @Field(() => GraphQLISODateTime)
  shippedAt!: Date;
  @Field(() => String, { nullable: true })
  productCode?: string | null;
}

@ObjectType('ForwardTraceShipment', { ...IN_TRACEABILITY_SUBGRAPH })
export class ForwardTraceShipmentModel {
  @Field(() => TraceabilityShipmentModel)
  shipment!: TraceabilityShipmentModel;
  @Field({ description: 'Net mass x fraction x share, rounded half-even to 1 mg, kg' })
  attributedKg!: string;
  @Field({ description: 'Fraction of one, 12 places' })
  share!: string;
}

@ObjectType('ForwardTrace', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: "Where a source lot's element went: every downstream lot and shipment, exact allocation",
})
export class ForwardTraceModel {
  @Field(() => ID)
  sourceLotId!: string;
  @Field()
  element!: string;
  @Field({ description: "The source lot's own element mass, kg, 1 mg" })
  sourceElementMassKg!: string;
  @Field(() => [ForwardTraceLotModel])
  lots!: ForwardTraceLotModel[];
  @Field(() => [ForwardTraceShipmentModel])
  shipments!: ForwardTraceShipmentModel[];
}

@ObjectType('RecallElementMass', { ...IN_TRACEABILITY_SUBGRAPH })
export class RecallElementMassModel {
  @Field()
  element!: string;
  @Field({ description: 'kg, 1 mg' })
  attributedKg!: string;
}

@ObjectType('RecallShipment', { ...IN_TRACEABILITY_SUBGRAPH })
export class RecallShipmentModel {
  @Field(() => TraceabilityShipmentModel)
  shipment!: TraceabilityShipmentModel;
  @Field(() => [RecallElementMassModel])
  elements!: RecallElementMassModel[];
}

@ObjectType('RecallReport', {
  ...IN_TRACEABILITY_SUBGRAPH,
  description: 'A source lot recalled: every shipment it reached and what each carried of its elements',
})
export class RecallReportModel {
  @Field(() => ID)
  sourceLotId!: string;
  @Field(() => [RecallShipmentModel])
  affectedShipments!: RecallShipmentModel[];
  @Field(() => [ForwardTraceModel])
  traces!: ForwardTraceModel[];
}
