import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, GraphQLISODateTime, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '@rre/auth';
import {
  type GraphqlContext,
  type ProcessRequest,
  processRequestOf,
  type ProcessLotView,
  withoutNulls,
} from '@rre/process-runs';
import type { LotStock, Order, Shipment } from '../domain/order';
import { SalesError } from '../domain/sales-error';
import type { SalesApplication } from '../sales-application';
import { SALES_APPLICATION } from '../sales.di-tokens';
import { SalesErrorFilter } from './sales-error.filter';
import {
  AcceptLotInput,
  AddProductInput,
  AllocateInput,
  DefineGradeInput,
  PlaceOrderInput,
  RegisterCustomerInput,
  ShipInput,
} from './sales.inputs';
import {
  AllocationModel,
  CustomerModel,
  GradeModel,
  LotModel,
  OrderModel,
  ProductModel,
  SalesKpisModel,
  SalesMutationPayloadModel,
  ShipmentModel,
} from './sales.models';
import { salesKpis } from '../application/sales-kpis';
import { passportUriOf } from '../application/passport-uri';

const IDEMPOTENCY_KEY = {
  nullable: true,
  description:
    'Client-chosen key (e.g. a UUID) kept 24 h per client: the same key with the same input returns the first result; with other input it is refused (IDEMPOTENCY_KEY_REUSED)',
} as const;

function requestOf(context: GraphqlContext, idempotencyKey: string | null | undefined): ProcessRequest {
  return processRequestOf(
    context,
    idempotencyKey,
    () =>
      new SalesError({
        code: 'INVALID_INPUT',
        field: 'authorization',
        value: 'none',
        rule: 'a bearer token is required',
      }),
  );
}

function compositionOf(composition: LotStock['composition'] | undefined) {
  return Object.entries(composition ?? {}).map(([element, c]) => ({
    element,
    fraction: c.fraction,
    uncertainty: c.uncertainty,
  }));
}

function stockModel(lot: LotStock): LotModel {
  return { ...lot, composition: compositionOf(lot.composition) };
}

function offeredModel(lot: ProcessLotView): LotModel {
  return {
    lotId: lot.id,
    lotCode: lot.code,
    custody: lot.custody,
    receivedFrom: lot.receivedFromService,
    massKg: lot.massKg,
    allocatedKg: '0',
    shippedKg: '0',
    availableKg: '0',
    compositionStatus: lot.compositionStatus,
    composition: compositionOf(lot.composition),
  };
}

function orderModel(order: Order): OrderModel {
  return { ...order, lines: order.lines.map((l) => ({ ...l })) };
}

/** Sales' GraphQL: custody of product lots, catalogue, customers, orders, allocation, shipment, KPIs. */
@Resolver()
@UseFilters(SalesErrorFilter)
export class SalesResolver {
  constructor(@Inject(SALES_APPLICATION) private readonly sales: SalesApplication) {}

  private shipmentModel(shipment: Shipment, gtin: string): ShipmentModel {
    return {
      ...shipment,
      containers: shipment.containers.map((c) => ({ ...c })),
      passportUri: passportUriOf(this.sales.settings.passport.baseUrl, gtin, shipment.passportId),
    };
  }

  private async run(
    context: GraphqlContext,
    key: string | undefined,
    work: (
      command: SalesApplication['commands'],
      m: Parameters<Parameters<SalesApplication['transaction']>[0]>[0],
      r: ProcessRequest,
    ) => Promise<{ ids: readonly string[]; replayed: boolean }>,
  ): Promise<SalesMutationPayloadModel> {
    const request = requestOf(context, key);
    const outcome = await this.sales.transaction((m) => work(this.sales.commands, m, request));
    return { ids: [...outcome.ids], replayed: outcome.replayed };
  }

  @Mutation(() => SalesMutationPayloadModel, {
    description: 'Accept a lot offered to sales as a catalogue product (sales, admin)',
  })
  @Roles('sales', 'admin')
  salesAcceptLot(
    @Args('input') input: AcceptLotInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ) {
    return this.run(context, idempotencyKey, (c, m, r) =>
      c.acceptLot(m, r, withoutNulls(input) as AcceptLotInput),
    );
  }

  @Mutation(() => SalesMutationPayloadModel, {
    description: 'Refuse a lot offered to sales, with a reason: it goes back (sales, admin)',
  })
  @Roles('sales', 'admin')
  salesRefuseLot(
    @Args('lotId', { type: () => ID }) lotId: string,
    @Args('reason') reason: string,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ) {
    return this.run(context, idempotencyKey, (c, m, r) => c.refuseLot(m, r, { lotId, reason }));
  }

  @Mutation(() => SalesMutationPayloadModel, {
    description:
      'Add a product to the catalogue (code, name, element, form, CN code, GTIN); products are never rewritten; ids: the code (admin)',
  })
  @Roles('admin')
  salesAddProduct(
    @Args('input') input: AddProductInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ) {
    return this.run(context, idempotencyKey, (c, m, r) =>
      c.addProduct(
        m,
        r,
        withoutNulls(input) as AddProductInput & { formula?: string; elementShare?: string },
      ),
    );
  }

  @Mutation(() => SalesMutationPayloadModel, {
    description: 'Define a grade of a product with its list price (sales, admin)',
  })
  @Roles('sales', 'admin')
  salesDefineGrade(
    @Args('input') input: DefineGradeInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ) {
    return this.run(context, idempotencyKey, (c, m, r) => c.defineGrade(m, r, input));
  }

  @Mutation(() => SalesMutationPayloadModel, {
    description: 'Register a customer and its delivery sites; ids: customer, then sites (sales, admin)',
  })
  @Roles('sales', 'admin')
  salesRegisterCustomer(
    @Args('input') input: RegisterCustomerInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ) {
    return this.run(context, idempotencyKey, (c, m, r) => c.registerCustomer(m, r, input));
  }

  @Mutation(() => SalesMutationPayloadModel, {
    description: 'Place an order; ids: order, then its lines (sales, admin)',
  })
  @Roles('sales', 'admin')
  salesPlaceOrder(
    @Args('input') input: PlaceOrderInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ) {
    return this.run(context, idempotencyKey, (c, m, r) =>
      c.placeOrder(m, r, withoutNulls(input) as PlaceOrderInput),
    );
  }

  @Mutation(() => SalesMutationPayloadModel, {
    description: 'Allocate (part of) a held lot to an order line; ids: the allocation (sales, admin)',
  })
  @Roles('sales', 'admin')
  salesAllocate(
    @Args('input') input: AllocateInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ) {
    return this.run(context, idempotencyKey, (c, m, r) =>
      c.allocate(m, r, withoutNulls(input) as AllocateInput),
    );
  }

  @Mutation(() => SalesMutationPayloadModel, {
    description:
      'Cancel an open or allocated order with a reason; its allocations are released (sales, admin)',
  })
  @Roles('sales', 'admin')
  salesCancelOrder(
    @Args('orderId', { type: () => ID }) orderId: string,
    @Args('reason') reason: string,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ) {
    return this.run(context, idempotencyKey, (c, m, r) => c.cancelOrder(m, r, { orderId, reason }));
  }

  @Mutation(() => SalesMutationPayloadModel, {
    description: 'Ship allocated lots of an order in containers; ids: shipment, passport (sales, admin)',
  })
  @Roles('sales', 'admin')
  salesShip(
    @Args('input') input: ShipInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ) {
    return this.run(context, idempotencyKey, (c, m, r) => c.ship(m, r, withoutNulls(input) as ShipInput));
  }

  @Mutation(() => SalesMutationPayloadModel, { description: 'Invoice a shipped order (sales, admin)' })
  @Roles('sales', 'admin')
  salesInvoiceOrder(
    @Args('orderId', { type: () => ID }) orderId: string,
    @Args('invoiceNumber') invoiceNumber: string,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ) {
    return this.run(context, idempotencyKey, (c, m, r) => c.invoiceOrder(m, r, { orderId, invoiceNumber }));
  }

  @Query(() => [ProductModel], { description: 'The catalogue (sales, auditor, admin)' })
  @Roles('sales', 'auditor', 'admin')
  async salesProducts(): Promise<ProductModel[]> {
    return this.sales.read((m) => this.sales.catalogue.products(m));
  }

  @Query(() => [GradeModel], { description: 'Grades and list prices (sales, auditor, admin)' })
  @Roles('sales', 'auditor', 'admin')
  async salesGrades(@Args('productCode', { nullable: true }) productCode?: string): Promise<GradeModel[]> {
    const grades = await this.sales.read((m) => this.sales.catalogue.grades(m, productCode ?? undefined));
    return grades.map((g) => ({
      ...g,
      maxImpurities: Object.entries(g.maxImpurities).map(([element, maxFraction]) => ({
        element,
        maxFraction,
      })),
    }));
  }

  @Query(() => [CustomerModel], { description: 'Customers with their delivery sites (sales, admin)' })
  @Roles('sales', 'admin')
  async salesCustomers(): Promise<CustomerModel[]> {
    const customers = await this.sales.read((m) => this.sales.book.customers(m));
    return customers.map((c) => ({ ...c, sites: c.sites.map((s) => ({ ...s })) }));
  }

  @Query(() => OrderModel, { nullable: true, description: 'An order with its lines (sales, auditor, admin)' })
  @Roles('sales', 'auditor', 'admin')
  async salesOrder(@Args('id', { type: () => ID }) id: string): Promise<OrderModel | undefined> {
    const order = await this.sales.read((m) => this.sales.book.order(m, id));
    return order && orderModel(order);
  }

  @Query(() => [OrderModel], { description: 'Orders, oldest first, at most 500 (sales, auditor, admin)' })
  @Roles('sales', 'auditor', 'admin')
  async salesOrders(
    @Args('status', { nullable: true }) status?: string,
    @Args('customerId', { type: () => ID, nullable: true }) customerId?: string,
  ): Promise<OrderModel[]> {
    const orders = await this.sales.read((m) =>
      this.sales.book.orders(m, { status: status ?? undefined, customerId: customerId ?? undefined }),
    );
    return orders.map(orderModel);
  }

  @Query(() => [AllocationModel], { description: "An order's allocations (sales, auditor, admin)" })
  @Roles('sales', 'auditor', 'admin')
  async salesAllocations(@Args('orderId', { type: () => ID }) orderId: string): Promise<AllocationModel[]> {
    const allocations = await this.sales.read((m) => this.sales.book.allocations(m, { orderId }));
    return allocations.map((a) => ({ ...a }));
  }

  @Query(() => [LotModel], {
    description:
      'Lots offered to sales (custody OFFERED) or held by it, with what of them is allocated and shipped (sales, auditor, admin)',
  })
  @Roles('sales', 'auditor', 'admin')
  async salesLots(
    @Args('custody', {
      nullable: true,
      description: 'OFFERED: the offers waiting for an answer; default the accepted lots',
    })
    custody?: string,
    @Args('productCode', { nullable: true }) productCode?: string,
    @Args('available', { nullable: true, description: 'Only held lots with kilograms left to allocate' })
    available?: boolean,
  ): Promise<LotModel[]> {
    if (custody === 'OFFERED') {
      const page = await this.sales.read((m) =>
        this.sales.processRuns.listLots(m, { custody: 'OFFERED', first: 100 }),
      );
      return page.items.map(offeredModel);
    }
    const lots = await this.sales.read((m) =>
      this.sales.book.lots(m, { productCode: productCode ?? undefined, available: available ?? false }),
    );
    return lots.map(stockModel);
  }

  @Query(() => [ShipmentModel], { description: 'Shipments, of one order or all (sales, auditor, admin)' })
  @Roles('sales', 'auditor', 'admin')
  async salesShipments(
    @Args('orderId', { type: () => ID, nullable: true }) orderId?: string,
  ): Promise<ShipmentModel[]> {
    return this.sales.read(async (m) => {
      const shipments = await this.sales.book.shipments(m, orderId ?? undefined);
      const models: ShipmentModel[] = [];
      for (const shipment of shipments) {
        const order = await this.sales.book.order(m, shipment.orderId);
        const product = await this.sales.catalogue.product(m, order?.lines[0]?.productCode ?? '');
        models.push(this.shipmentModel(shipment, product?.gtin ?? '00000000000000'));
      }
      return models;
    });
  }

  @Query(() => SalesKpisModel, {
    description:
      'Programme KPIs of the shipments in [from, to): kg per product, revenue, progress toward the 2040 targets (sales, auditor, admin)',
  })
  @Roles('sales', 'auditor', 'admin')
  async salesKpis(
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from?: Date,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to?: Date,
  ): Promise<SalesKpisModel> {
    if (from && to && to <= from) {
      throw new SalesError({
        code: 'INVALID_INPUT',
        field: 'to',
        value: to.toISOString(),
        rule: `must be after from (${from.toISOString()})`,
      });
    }
    const kpis = await this.sales.read((m) =>
      salesKpis(m, this.sales.settings, { from: from ?? undefined, to: to ?? undefined }),
    );
    return {
      ...kpis,
      products: kpis.products.map((p) => ({ ...p })),
      revenue: kpis.revenue.map((r) => ({ ...r })),
    };
  }
}
