import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';

@InputType('SalesAcceptLotInput')
export class AcceptLotInput {
  @Field(() => ID)
  lotId!: string;
  @Field({ description: 'Catalogue product the lot is sold as, e.g. TB-METAL, TB4O7' })
  productCode!: string;
  @Field({ nullable: true, description: 'Weighed on receipt, kg (decimal string); default the offered mass' })
  receivedMassKg?: string;
}

@InputType('SalesImpurityLimitInput')
export class ImpurityLimitInput {
  @Field({ description: 'Element symbol, e.g. Fe' })
  element!: string;
  @Field({ description: 'Largest mass fraction allowed, plain fraction (decimal string), e.g. "0.0005"' })
  maxFraction!: string;
}

@InputType('SalesAddProductInput')
export class AddProductInput {
  @Field({ description: '2 to 40 capitals, digits or hyphens, e.g. TB-METAL' })
  code!: string;
  @Field()
  name!: string;
  @Field({ description: 'Element symbol, e.g. Tb' })
  element!: string;
  @Field({ description: 'METAL, OXIDE or ALLOY' })
  form!: string;
  @Field(() => String, { nullable: true, description: 'Default the element; must contain it, e.g. Tb4O7' })
  formula?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "The element's mass share in the pure substance (plain fraction): 1 for a metal (default), required for an oxide, e.g. 0.8502155458",
  })
  elementShare?: string | null;
  @Field({ description: 'Combined Nomenclature code, e.g. 2805 30' })
  cnCode!: string;
  @Field({ description: 'GTIN-14 with its GS1 check digit, e.g. 00012345678905' })
  gtin!: string;
}

@InputType('SalesDefineGradeInput')
export class DefineGradeInput {
  @Field()
  productCode!: string;
  @Field({ description: 'e.g. 4N' })
  gradeCode!: string;
  @Field({ description: 'Least purity as the product, plain fraction (decimal string), e.g. "0.999"' })
  minPurity!: string;
  @Field(() => [ImpurityLimitInput])
  maxImpurities!: ImpurityLimitInput[];
  @Field({ description: 'List price per kg (decimal string)' })
  listPricePerKg!: string;
  @Field({ description: 'ISO 4217, e.g. JPY' })
  currency!: string;
}

@InputType('SalesDeliverySiteInput')
export class DeliverySiteInput {
  @Field()
  name!: string;
  @Field()
  address!: string;
  @Field({ description: 'ISO 3166-1 alpha-2' })
  country!: string;
}

@InputType('SalesRegisterCustomerInput')
export class RegisterCustomerInput {
  @Field({ description: "The buyer's organisation id (its people's tokens carry it)" })
  organisationId!: string;
  @Field()
  legalName!: string;
  @Field({ description: 'ISO 3166-1 alpha-2' })
  country!: string;
  @Field(() => [DeliverySiteInput])
  sites!: DeliverySiteInput[];
}

@InputType('SalesOrderLineInput')
export class OrderLineInput {
  @Field()
  productCode!: string;
  @Field()
  gradeCode!: string;
  @Field({ description: 'kg, decimal string above 0 (1 mg resolution)' })
  quantityKg!: string;
  @Field({
    nullable: true,
    description: "Price per kg in the order's currency; default the grade's list price",
  })
  pricePerKg?: string;
  @Field({ description: 'YYYY-MM-DD' })
  requestedDate!: string;
}

@InputType('SalesPlaceOrderInput')
export class PlaceOrderInput {
  @Field(() => ID)
  customerId!: string;
  @Field(() => ID)
  deliverySiteId!: string;
  @Field({ description: 'ISO 4217, e.g. JPY' })
  currency!: string;
  @Field({ nullable: true })
  customerReference?: string;
  @Field(() => [OrderLineInput])
  lines!: OrderLineInput[];
}

@InputType('SalesAllocateInput')
export class AllocateInput {
  @Field(() => ID)
  orderLineId!: string;
  @Field(() => ID)
  lotId!: string;
  @Field({
    nullable: true,
    description: 'kg; default what the line still needs, at most what the lot has left',
  })
  massKg?: string;
}

@InputType('SalesContainerInput')
export class ContainerInput {
  @Field()
  containerId!: string;
  @Field(() => ID)
  lotId!: string;
  @Field({ description: 'Net mass of the lot in this container, kg' })
  netMassKg!: string;
  @Field({ nullable: true, description: 'Gross mass, kg' })
  grossMassKg?: string;
}

@InputType('SalesShipInput')
export class ShipInput {
  @Field(() => ID)
  orderId!: string;
  @Field()
  carrier!: string;
  @Field({ nullable: true })
  trackingNumber?: string;
  @Field(() => GraphQLISODateTime)
  shippedAt!: Date;
  @Field(() => [ContainerInput])
  containers!: ContainerInput[];
}
