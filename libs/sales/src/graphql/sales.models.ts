import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('SalesMutationPayload')
export class SalesMutationPayloadModel {
  @Field(() => [ID], {
    description:
      'What the mutation created or touched (e.g. order id then line ids; shipment id then passport id)',
  })
  ids!: string[];
  @Field({ description: 'True when an earlier request with the same idempotency key did it' })
  replayed!: boolean;
}

@ObjectType('SalesProduct')
export class ProductModel {
  @Field() code!: string;
  @Field() name!: string;
  @Field({ description: 'METAL, OXIDE or ALLOY' }) form!: string;
  @Field() element!: string;
  @Field() formula!: string;
  @Field({ description: "The element's mass share in the pure substance (1 for a metal)" })
  elementShare!: string;
  @Field({ description: 'Combined Nomenclature code (2805 30 metals and alloys, 2846 90 compounds)' })
  cnCode!: string;
  @Field() gtin!: string;
}

@ObjectType('SalesImpurityLimit')
export class ImpurityLimitModel {
  @Field() element!: string;
  @Field() maxFraction!: string;
}

@ObjectType('SalesGrade')
export class GradeModel {
  @Field() productCode!: string;
  @Field() code!: string;
  @Field() minPurity!: string;
  @Field(() => [ImpurityLimitModel]) maxImpurities!: ImpurityLimitModel[];
  @Field() listPricePerKg!: string;
  @Field() currency!: string;
}

@ObjectType('SalesDeliverySite')
export class DeliverySiteModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() address!: string;
  @Field() country!: string;
}

@ObjectType('SalesCustomer')
export class CustomerModel {
  @Field(() => ID) id!: string;
  @Field() organisationId!: string;
  @Field() legalName!: string;
  @Field() country!: string;
  @Field(() => [DeliverySiteModel]) sites!: DeliverySiteModel[];
}

@ObjectType('SalesAllocation')
export class AllocationModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) orderLineId!: string;
  @Field(() => ID) lotId!: string;
  @Field() massKg!: string;
  @Field({ description: 'ALLOCATED, SHIPPED or RELEASED' }) status!: string;
  @Field(() => ID, { nullable: true }) shipmentId?: string;
  @Field({ description: 'Purity of the lot as the product when allocated, plain fraction' }) purity!: string;
  @Field(() => GraphQLISODateTime) allocatedAt!: Date;
}

@ObjectType('SalesOrderLine')
export class OrderLineModel {
  @Field(() => ID) id!: string;
  @Field(() => Int) lineNumber!: number;
  @Field() productCode!: string;
  @Field() gradeCode!: string;
  @Field() quantityKg!: string;
  @Field() pricePerKg!: string;
  @Field() requestedDate!: string;
  @Field() allocatedKg!: string;
  @Field() shippedKg!: string;
}

@ObjectType('SalesOrder')
export class OrderModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => ID) deliverySiteId!: string;
  @Field({ nullable: true }) customerReference?: string;
  @Field() currency!: string;
  @Field({ description: 'OPEN, ALLOCATED, SHIPPED, INVOICED or CANCELLED' }) status!: string;
  @Field({ nullable: true }) cancellationReason?: string;
  @Field({ nullable: true }) invoiceNumber?: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => [OrderLineModel]) lines!: OrderLineModel[];
}

@ObjectType('SalesElementContent')
export class ElementContentModel {
  @Field() element!: string;
  @Field({ description: 'Plain fraction' }) fraction!: string;
  @Field({ nullable: true }) uncertainty?: string;
}

@ObjectType('SalesLot')
export class LotModel {
  @Field(() => ID) lotId!: string;
  @Field() lotCode!: string;
  @Field({ nullable: true, description: 'Catalogue product (null while offered)' }) productCode?: string;
  @Field({ description: 'OFFERED, HELD, REFUSED or HANDED_OVER (shipped)' }) custody!: string;
  @Field({ nullable: true }) receivedFrom?: string;
  @Field() massKg!: string;
  @Field() allocatedKg!: string;
  @Field() shippedKg!: string;
  @Field() availableKg!: string;
  @Field({ nullable: true }) compositionStatus?: string;
  @Field(() => [ElementContentModel]) composition!: ElementContentModel[];
}

@ObjectType('SalesContainer')
export class ContainerModel {
  @Field() containerId!: string;
  @Field(() => ID) lotId!: string;
  @Field() netMassKg!: string;
  @Field({ nullable: true }) grossMassKg?: string;
}

@ObjectType('SalesShipment')
export class ShipmentModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) orderId!: string;
  @Field() carrier!: string;
  @Field({ nullable: true }) trackingNumber?: string;
  @Field(() => GraphQLISODateTime) shippedAt!: Date;
  @Field() netMassKg!: string;
  @Field(() => [ContainerModel]) containers!: ContainerModel[];
  @Field({ description: 'The passport id (128 random bits, base64url)' }) passportId!: string;
  @Field({ description: "The passport's GS1 Digital Link URI" }) passportUri!: string;
  @Field(() => GraphQLISODateTime, {
    description:
      'The passport and shipment note are kept (the database refuses deletion) until then: issue + at least 10 years',
  })
  retainUntil!: Date;
}

@ObjectType('SalesProductShipped')
export class ProductShippedModel {
  @Field() productCode!: string;
  @Field() shippedKg!: string;
  @Field({ description: 'kg of the product element (Tb, Dy) in it' }) elementKg!: string;
}

@ObjectType('SalesRevenue')
export class RevenueModel {
  @Field() currency!: string;
  @Field() amount!: string;
}

@ObjectType('SalesRecycledShare', {
  description:
    "Recycled content of the element shipped, from traceability's frozen statements (shipped element kg x the statement's share); element kg without a statement yet counts as not recycled",
})
export class RecycledShareModel {
  @Field() postConsumerKg!: string;
  @Field() preConsumerKg!: string;
  @Field({ nullable: true, description: 'Of every kg of element shipped in the period, percent' })
  postConsumerPercent?: string;
  @Field({ nullable: true }) preConsumerPercent?: string;
  @Field() withoutStatementKg!: string;
}

@ObjectType('SalesKpis')
export class SalesKpisModel {
  @Field(() => GraphQLISODateTime, { nullable: true }) from?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) to?: Date;
  @Field(() => Int) shipments!: number;
  @Field(() => [ProductShippedModel]) products!: ProductShippedModel[];
  @Field(() => [RevenueModel]) revenue!: RevenueModel[];
  @Field() heavyRareEarthKg!: string;
  @Field({ nullable: true }) heavyRareEarthTargetKg?: string;
  @Field({ nullable: true }) heavyRareEarthProgressPercent?: string;
  @Field({ nullable: true }) revenueTargetJpy?: string;
  @Field({ nullable: true }) revenueProgressPercent?: string;
  @Field(() => RecycledShareModel) recycledShare!: RecycledShareModel;
}
