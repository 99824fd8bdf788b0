import { randomBytes } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { SalesEventTypes, salesV1, Topics } from '@rre/contracts';
import type { EventPublisher } from '@rre/messaging';
import {
  type Idempotent,
  idempotentMutation,
  type ProcessRequest,
  type ProcessRuns,
} from '@rre/process-runs';
import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import { checkGrade, type Grade } from '../domain/grade';
import type { PackedContainer } from '../domain/order';
import { SalesError } from '../domain/sales-error';
import { cnCodeOf, gtinOf } from '../domain/product-identifiers';
import {
  codeOf,
  countryOf,
  currencyOf,
  dateOf,
  fractionOf,
  massKgOf,
  priceOf,
  readers,
} from '../domain/sales-readers';
import { CatalogueStore, tableOf } from '../persistence/sales-store';
import { OrderBook } from './order-book';

/** What a sales mutation touched: the ids a client reads the state with. */
export interface SalesOutcome {
  readonly ids: readonly string[];
}

export interface SalesCommandsOptions {
  readonly processRuns: () => ProcessRuns;
  readonly publisher: EventPublisher;
  readonly idempotencyTtlMs: number;
  readonly clock: () => Date;
  /** Years a passport is kept from its issue (the database refuses less than 10). */
  readonly passportRetentionYears: number;
}

export interface AddProductCommand {
  readonly code: string;
  readonly name: string;
  readonly element: string;
  readonly form: string;
  /** Default the element (a metal); an oxide's or alloy's formula must name the element. */
  readonly formula?: string;
  /** The element's mass share in the pure substance: 1 for a metal (the default), required for an oxide. */
  readonly elementShare?: string;
  readonly cnCode: string;
  readonly gtin: string;
}

export interface AcceptLotCommand {
  readonly lotId: string;
  readonly productCode: string;
  readonly receivedMassKg?: string;
}

export interface DefineGradeCommand {
  readonly productCode: string;
  readonly gradeCode: string;
  readonly minPurity: string;
  readonly maxImpurities: readonly { element: string; maxFraction: string }[];
  readonly listPricePerKg: string;
  readonly currency: string;
}

export interface RegisterCustomerCommand {
  readonly organisationId: string;
  readonly legalName: string;
  readonly country: string;
  readonly sites: readonly { name: string; address: string; country: string }[];
}

export interface PlaceOrderCommand {
  readonly customerId: string;
  readonly deliverySiteId: string;
  readonly currency: string;
  readonly customerReference?: string;
  readonly lines: readonly {
    productCode: string;
    gradeCode: string;
    quantityKg: string;
    pricePerKg?: string;
    requestedDate: string;
  }[];
}

export interface AllocateCommand {
  readonly orderLineId: string;
  readonly lotId: string;
  /** Default: what the line still needs, at most what the lot has left. */
  readonly massKg?: string;
}

export interface ShipOrderCommand {
  readonly orderId: string;
  readonly carrier: string;
  readonly trackingNumber?: string;
  readonly shippedAt: Date;
  readonly containers: readonly PackedContainer[];
}

const ELEMENT = /^[A-Z][a-z]?$/;

/** A passport id: 128 random bits, base64url (22 characters): it cannot be guessed. */
export function newPassportId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Every change sales makes, each in the caller's transaction under an idempotency key: custody of
 * product lots, the catalogue, customers, orders, allocation and shipment. A refusal throws a
 * SalesError and the caller's transaction rolls back: nothing is written, no event, no key.
 */
export class SalesCommands {
  private readonly catalogue = new CatalogueStore();
  private readonly book = new OrderBook();

  constructor(private readonly options: SalesCommandsOptions) {}

  private mutate<R extends SalesOutcome>(
    manager: EntityManager,
    request: ProcessRequest,
    operation: string,
    input: unknown,
    work: (now: Date) => Promise<R>,
  ): Promise<Idempotent<R>> {
    const now = this.options.clock();
    return idempotentMutation(
      manager,
      {
        client: request.actor.subject,
        key: request.idempotencyKey,
        operation: `sales.${operation}`,
        input,
        ttlMs: this.options.idempotencyTtlMs,
        now,
      },
      () => work(now),
    );
  }

  // ------------------------------------------------------------- custody

  /** Accepts a product lot offered by reduction or separation, as a catalogue product. */
  acceptLot(manager: EntityManager, request: ProcessRequest, input: AcceptLotCommand) {
    return this.mutate(manager, request, 'acceptLot', input, async (now) => {
      const lotId = readers.textOf(input.lotId, 'lotId', 100);
      const product = await this.catalogue.product(
        manager,
        readers.textOf(input.productCode, 'productCode', 40),
      );
      if (!product) {
        throw new SalesError({
          code: 'UNKNOWN_PRODUCT',
          field: 'productCode',
          value: JSON.stringify(input.productCode),
          rule: `must be a product of the catalogue (${(await this.catalogue.products(manager)).map((p) => p.code).join(', ')})`,
        });
      }
      const received =
        input.receivedMassKg === undefined
          ? undefined
          : toPlainString(massKgOf(input.receivedMassKg, 'receivedMassKg'));
      await this.options
        .processRuns()
        .acceptLot(
          manager,
          { ...request, idempotencyKey: undefined },
          { lotId, receivedMass: received === undefined ? undefined : { value: received, unit: 'KGM' } },
        );
      const lot = await this.options.processRuns().getLot(manager, lotId);
      if (!lot) throw new Error(`accepted lot ${lotId} vanished`);
      await manager.query(
        `INSERT INTO ${tableOf(manager, 'sales_lot_stock')} (lot_id, product_code, mass_kg, accepted_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (lot_id) DO UPDATE SET product_code = EXCLUDED.product_code, mass_kg = EXCLUDED.mass_kg,
           allocated_kg = 0, shipped_kg = 0, accepted_at = EXCLUDED.accepted_at`,
        [lotId, product.code, lot.remainingKg, now],
      );
      return { ids: [lotId] };
    });
  }

  /** Refuses a lot offered to sales, with a reason: it goes back to its sender. */
  refuseLot(manager: EntityManager, request: ProcessRequest, input: { lotId: string; reason: string }) {
    return this.mutate(manager, request, 'refuseLot', input, async () => {
      await this.options.processRuns().refuseLot(manager, { ...request, idempotencyKey: undefined }, input);
      return { ids: [input.lotId] };
    });
  }

  // ------------------------------------------------------------- catalogue

  /** Adds a product to the catalogue; products are never rewritten, so no order's price moves. */
  addProduct(manager: EntityManager, request: ProcessRequest, input: AddProductCommand) {
    return this.mutate(manager, request, 'addProduct', input, async () => {
      const code = codeOf(
        input.code,
        'code',
        /^[A-Z0-9][A-Z0-9-]{1,39}$/,
        'must be 2 to 40 capitals, digits or hyphens, e.g. TB-METAL',
      );
      const name = readers.textOf(input.name, 'name', 200);
      const element = codeOf(input.element, 'element', ELEMENT, 'must be an element symbol, e.g. Tb');
      const form = readers.oneOf(input.form, ['METAL', 'OXIDE', 'ALLOY'] as const, 'form');
      const formula = input.formula === undefined ? element : readers.textOf(input.formula, 'formula', 40);
      if (!new RegExp(`${element}(?![a-z])`).test(formula)) {
        throw new SalesError({
          code: 'INVALID_INPUT',
          field: 'formula',
          value: JSON.stringify(formula),
          rule: `must contain the element ${element}, e.g. ${element}4O7`,
        });
      }
      if (input.elementShare === undefined && form === 'OXIDE') {
        throw new SalesError({
          code: 'INVALID_INPUT',
          field: 'elementShare',
          value: 'none',
          rule: "is required for an oxide: the element's mass share in the pure substance, e.g. 0.8502155458",
        });
      }
      const elementShare = fractionOf(input.elementShare ?? '1', 'elementShare');
      if (form === 'METAL' && !elementShare.eq(1)) {
        throw new SalesError({
          code: 'INVALID_INPUT',
          field: 'elementShare',
          value: JSON.stringify(input.elementShare),
          rule: 'must be 1 for a metal',
        });
      }
      if (elementShare.decimalPlaces() > 10) {
        throw new SalesError({
          code: 'INVALID_DECIMAL',
          field: 'elementShare',
          value: JSON.stringify(input.elementShare),
          rule: 'must have at most 10 decimal places',
        });
      }
      const product = {
        code,
        name,
        form,
        element,
        formula,
        elementShare: toPlainString(elementShare),
        cnCode: cnCodeOf(input.cnCode, 'cnCode'),
        gtin: gtinOf(input.gtin, 'gtin'),
      };
      if (!(await this.catalogue.insertProduct(manager, product))) {
        const taken = await this.catalogue.product(manager, code);
        throw new SalesError({
          code: 'PRODUCT_EXISTS',
          field: taken ? 'code' : 'gtin',
          value: JSON.stringify(taken ? code : product.gtin),
          rule: taken
            ? 'must be new (products are not rewritten: add one under a new code)'
            : 'must be new: another product carries this GTIN',
        });
      }
      return { ids: [code] };
    });
  }

  defineGrade(manager: EntityManager, request: ProcessRequest, input: DefineGradeCommand) {
    return this.mutate(manager, request, 'defineGrade', input, async (now) => {
      const productCode = readers.textOf(input.productCode, 'productCode', 40);
      if (!(await this.catalogue.product(manager, productCode))) {
        throw new SalesError({
          code: 'UNKNOWN_PRODUCT',
          field: 'productCode',
          value: JSON.stringify(productCode),
          rule: 'must be a product of the catalogue',
        });
      }
      const code = readers.textOf(input.gradeCode, 'gradeCode', 40);
      const maxImpurities: Record<string, string> = {};
      input.maxImpurities.forEach((impurity, i) => {
        const field = `maxImpurities[${i}]`;
        if (!ELEMENT.test(impurity.element) || impurity.element in maxImpurities) {
          throw new SalesError({
            code: 'INVALID_INPUT',
            field: `${field}.element`,
            value: JSON.stringify(impurity.element),
            rule: 'must be an element symbol (e.g. Fe), each once',
          });
        }
        maxImpurities[impurity.element] = toPlainString(
          fractionOf(impurity.maxFraction, `${field}.maxFraction`, true),
        );
      });
      const grade: Grade = {
        productCode,
        code,
        minPurity: toPlainString(fractionOf(input.minPurity, 'minPurity')),
        maxImpurities,
        listPricePerKg: toPlainString(priceOf(input.listPricePerKg, 'listPricePerKg')),
        currency: currencyOf(input.currency, 'currency'),
      };
      if (!(await this.catalogue.insertGrade(manager, grade, now))) {
        throw new SalesError({
          code: 'GRADE_EXISTS',
          field: 'gradeCode',
          value: JSON.stringify(code),
          rule: `must be new for ${productCode} (grades are not rewritten: define a new one)`,
        });
      }
      return { ids: [`${productCode}/${code}`] };
    });
  }

  // ------------------------------------------------------------- customers

  registerCustomer(manager: EntityManager, request: ProcessRequest, input: RegisterCustomerCommand) {
    return this.mutate(manager, request, 'registerCustomer', input, async (now) => {
      const organisationId = readers.textOf(input.organisationId, 'organisationId', 100);
      const legalName = readers.textOf(input.legalName, 'legalName', 200);
      const country = countryOf(input.country, 'country');
      if (input.sites.length === 0) {
        throw new SalesError({
          code: 'INVALID_INPUT',
          field: 'sites',
          value: '[]',
          rule: 'must list at least one delivery site',
        });
      }
      const sites = input.sites.map((site, i) => ({
        id: ulid(),
        name: readers.textOf(site.name, `sites[${i}].name`, 200),
        address: readers.textOf(site.address, `sites[${i}].address`, 500),
        country: countryOf(site.country, `sites[${i}].country`),
      }));
      const id = ulid();
      const inserted = (await manager.query(
        `INSERT INTO ${tableOf(manager, 'sales_customer')} (id, organisation_id, legal_name, country, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organisation_id) DO NOTHING RETURNING id`,
        [id, organisationId, legalName, country, now],
      )) as unknown[];
      if (inserted.length === 0) {
        throw new SalesError({
          code: 'CUSTOMER_EXISTS',
          field: 'organisationId',
          value: JSON.stringify(organisationId),
          rule: 'must not be a customer already',
        });
      }
      for (const site of sites) {
        await manager.query(
          `INSERT INTO ${tableOf(manager, 'sales_delivery_site')} (id, customer_id, name, address, country) VALUES ($1, $2, $3, $4, $5)`,
          [site.id, id, site.name, site.address, site.country],
        );
      }
      return { ids: [id, ...sites.map((s) => s.id)] };
    });
  }

  // ------------------------------------------------------------- orders

  placeOrder(manager: EntityManager, request: ProcessRequest, input: PlaceOrderCommand) {
    return this.mutate(manager, request, 'placeOrder', input, async (now) => {
      const customer = await this.book.customer(manager, readers.textOf(input.customerId, 'customerId', 100));
      if (!customer) {
        throw new SalesError({
          code: 'UNKNOWN_CUSTOMER',
          field: 'customerId',
          value: JSON.stringify(input.customerId),
          rule: 'must be a registered customer (salesRegisterCustomer)',
        });
      }
      if (!customer.sites.some((site) => site.id === input.deliverySiteId)) {
        throw new SalesError({
          code: 'UNKNOWN_DELIVERY_SITE',
          field: 'deliverySiteId',
          value: JSON.stringify(input.deliverySiteId),
          rule: `must be a delivery site of ${customer.legalName}`,
        });
      }
      const currency = currencyOf(input.currency, 'currency');
      if (input.lines.length === 0 || input.lines.length > 100) {
        throw new SalesError({
          code: 'INVALID_INPUT',
          field: 'lines',
          value: String(input.lines.length),
          rule: 'must have 1 to 100 lines',
        });
      }
      const lines = [];
      for (const [i, line] of input.lines.entries()) {
        const field = `lines[${i}]`;
        const grade = await this.catalogue.grade(manager, line.productCode, line.gradeCode);
        if (!grade) {
          throw new SalesError({
            code: 'UNKNOWN_GRADE',
            field: `${field}.gradeCode`,
            value: JSON.stringify(`${line.productCode} ${line.gradeCode}`),
            rule: 'must be a grade of the product in the catalogue',
          });
        }
        const quantity = massKgOf(line.quantityKg, `${field}.quantityKg`);
        let price: Decimal;
        if (line.pricePerKg === undefined) {
          if (grade.currency !== currency) {
            throw new SalesError({
              code: 'INVALID_INPUT',
              field: `${field}.pricePerKg`,
              value: 'none',
              rule: `must be given: the list price is in ${grade.currency}, the order in ${currency}`,
            });
          }
          price = parseDecimal(grade.listPricePerKg);
        } else price = priceOf(line.pricePerKg, `${field}.pricePerKg`);
        lines.push({
          id: ulid(),
          productCode: grade.productCode,
          gradeCode: grade.code,
          quantity: toPlainString(quantity),
          price: toPlainString(price),
          requestedDate: dateOf(line.requestedDate, `${field}.requestedDate`),
        });
      }
      const id = ulid();
      await manager.query(
        `INSERT INTO ${tableOf(manager, 'sales_order')} (id, customer_id, delivery_site_id, customer_reference, currency, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'OPEN', $6, $6)`,
        [id, customer.id, input.deliverySiteId, input.customerReference ?? null, currency, now],
      );
      for (const [i, line] of lines.entries()) {
        await manager.query(
          `INSERT INTO ${tableOf(manager, 'sales_order_line')} (id, order_id, line_number, product_code, grade_code, quantity_kg, price_per_kg, requested_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            line.id,
            id,
            i + 1,
            line.productCode,
            line.gradeCode,
            line.quantity,
            line.price,
            line.requestedDate,
          ],
        );
      }
      return { ids: [id, ...lines.map((l) => l.id)] };
    });
  }

  cancelOrder(manager: EntityManager, request: ProcessRequest, input: { orderId: string; reason: string }) {
    return this.mutate(manager, request, 'cancelOrder', input, async (now) => {
      const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
      if (reason === '') {
        throw new SalesError({
          code: 'REASON_REQUIRED',
          field: 'reason',
          value: '""',
          rule: 'must say why the order is cancelled',
        });
      }
      const order = await this.lockedOrder(manager, input.orderId, ['OPEN', 'ALLOCATED'], 'be cancelled');
      const allocations = await this.book.allocations(manager, { orderId: order.id, status: 'ALLOCATED' });
      for (const allocation of [...allocations].sort((a, b) => a.lotId.localeCompare(b.lotId))) {
        await manager.query(
          `UPDATE ${tableOf(manager, 'sales_lot_stock')} SET allocated_kg = allocated_kg - $2 WHERE lot_id = $1`,
          [allocation.lotId, allocation.massKg],
        );
        await manager.query(
          `UPDATE ${tableOf(manager, 'sales_order_line')} SET allocated_kg = allocated_kg - $2 WHERE id = $1`,
          [allocation.orderLineId, allocation.massKg],
        );
        await manager.query(
          `UPDATE ${tableOf(manager, 'sales_allocation')} SET status = 'RELEASED' WHERE id = $1`,
          [allocation.id],
        );
      }
      await manager.query(
        `UPDATE ${tableOf(manager, 'sales_order')} SET status = 'CANCELLED', cancellation_reason = $2, updated_at = $3 WHERE id = $1`,
        [order.id, reason, now],
      );
      return { ids: [order.id, ...allocations.map((a) => a.id)] };
    });
  }

  invoiceOrder(
    manager: EntityManager,
    request: ProcessRequest,
    input: { orderId: string; invoiceNumber: string },
  ) {
    return this.mutate(manager, request, 'invoiceOrder', input, async (now) => {
      const invoice = readers.textOf(input.invoiceNumber, 'invoiceNumber', 100);
      const order = await this.lockedOrder(manager, input.orderId, ['SHIPPED'], 'be invoiced');
      await manager.query(
        `UPDATE ${tableOf(manager, 'sales_order')} SET status = 'INVOICED', invoice_number = $2, updated_at = $3 WHERE id = $1`,
        [order.id, invoice, now],
      );
      return { ids: [order.id] };
    });
  }

  private async lockedOrder(
    manager: EntityManager,
    orderId: string,
    allowed: readonly string[],
    what: string,
  ) {
    const order = await this.book.order(manager, readers.textOf(orderId, 'orderId', 100), true);
    if (!order) {
      throw new SalesError({
        code: 'UNKNOWN_ORDER',
        field: 'orderId',
        value: JSON.stringify(orderId),
        rule: 'must be an order of sales',
      });
    }
    if (!allowed.includes(order.status)) {
      throw new SalesError({
        code: 'INVALID_ORDER_STATUS',
        field: 'orderId',
        value: `${order.id} (${order.status})`,
        rule: `must be ${allowed.join(' or ')} to ${what}`,
      });
    }
    return order;
  }

  // ------------------------------------------------------------- allocation

  /**
   * Allocates (part of) a held lot to an order line. The line's row and then the lot's stock row
   * are locked (FOR UPDATE) for the transaction, so a concurrent allocation of the same lot waits
   * and then sees what this one took; the CHECKs on `allocated_kg <= mass_kg` refuse an
   * over-allocation even if that order of locks were ever broken.
   */
  allocate(manager: EntityManager, request: ProcessRequest, input: AllocateCommand) {
    return this.mutate(manager, request, 'allocate', input, async (now) => {
      const line = await this.book.line(manager, readers.textOf(input.orderLineId, 'orderLineId', 100), true);
      if (!line) {
        throw new SalesError({
          code: 'UNKNOWN_ORDER_LINE',
          field: 'orderLineId',
          value: JSON.stringify(input.orderLineId),
          rule: 'must be a line of an order',
        });
      }
      const order = await this.lockedOrder(manager, line.orderId, ['OPEN', 'ALLOCATED'], 'take allocations');
      const lot = await this.book.lot(manager, readers.textOf(input.lotId, 'lotId', 100), true);
      if (!lot) {
        throw new SalesError({
          code: 'UNKNOWN_LOT',
          field: 'lotId',
          value: JSON.stringify(input.lotId),
          rule: 'must be a product lot sales accepted',
        });
      }
      if (lot.custody !== 'HELD') {
        throw new SalesError({
          code: 'NOT_IN_CUSTODY',
          field: 'lotId',
          value: `${lot.lotCode} (${lot.custody})`,
          rule: 'must be held by sales',
        });
      }
      if (lot.productCode !== line.productCode) {
        throw new SalesError({
          code: 'WRONG_PRODUCT',
          field: 'lotId',
          value: `${lot.lotCode} (${lot.productCode})`,
          rule: `must be ${line.productCode}, the product of line ${line.lineNumber}`,
        });
      }
      const product = await this.catalogue.product(manager, line.productCode);
      const grade = await this.catalogue.grade(manager, line.productCode, line.gradeCode);
      if (!product || !grade) throw new Error(`line ${line.id}: product or grade vanished`);
      const purity = checkGrade(lot.lotCode, product, grade, lot.composition);
      const lineOpen = parseDecimal(line.quantityKg).minus(parseDecimal(line.allocatedKg));
      const available = parseDecimal(lot.availableKg);
      const mass =
        input.massKg === undefined ? DecimalMin(lineOpen, available) : massKgOf(input.massKg, 'massKg');
      if (mass.lte(0)) {
        throw new SalesError({
          code: lineOpen.lte(0) ? 'MORE_THAN_ORDERED' : 'MORE_THAN_REMAINS',
          field: 'massKg',
          value: '0 kg',
          rule: lineOpen.lte(0)
            ? `line ${line.lineNumber} is wholly allocated already`
            : `lot ${lot.lotCode} has nothing left to allocate`,
        });
      }
      if (mass.gt(available)) {
        throw new SalesError({
          code: 'MORE_THAN_REMAINS',
          field: 'massKg',
          value: `${toPlainString(mass)} kg`,
          rule: `must be at most the ${toPlainString(available)} kg of lot ${lot.lotCode} not allocated yet`,
        });
      }
      if (mass.gt(lineOpen)) {
        throw new SalesError({
          code: 'MORE_THAN_ORDERED',
          field: 'massKg',
          value: `${toPlainString(mass)} kg`,
          rule: `must be at most the ${toPlainString(lineOpen)} kg line ${line.lineNumber} still needs`,
        });
      }
      const kg = toPlainString(mass);
      await manager.query(
        `UPDATE ${tableOf(manager, 'sales_lot_stock')} SET allocated_kg = allocated_kg + $2 WHERE lot_id = $1`,
        [lot.lotId, kg],
      );
      await manager.query(
        `UPDATE ${tableOf(manager, 'sales_order_line')} SET allocated_kg = allocated_kg + $2 WHERE id = $1`,
        [line.id, kg],
      );
      const id = ulid();
      await manager.query(
        `INSERT INTO ${tableOf(manager, 'sales_allocation')} (id, order_line_id, lot_id, mass_kg, status, purity, allocated_at)
         VALUES ($1, $2, $3, $4, 'ALLOCATED', $5, $6)`,
        [id, line.id, lot.lotId, kg, toPlainString(purity.toDecimalPlaces(10)), now],
      );
      await this.settleOrderStatus(manager, order.id, now);
      return { ids: [id] };
    });
  }

  private async settleOrderStatus(manager: EntityManager, orderId: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE ${tableOf(manager, 'sales_order')} o SET updated_at = $2, status = CASE
          WHEN NOT EXISTS (SELECT 1 FROM ${tableOf(manager, 'sales_order_line')} l WHERE l.order_id = o.id AND l.shipped_kg < l.quantity_kg) THEN 'SHIPPED'
          WHEN NOT EXISTS (SELECT 1 FROM ${tableOf(manager, 'sales_order_line')} l WHERE l.order_id = o.id AND l.allocated_kg < l.quantity_kg) THEN 'ALLOCATED'
          ELSE 'OPEN' END
        WHERE id = $1`,
      [orderId, now],
    );
  }

  // ------------------------------------------------------------- shipment

  /**
   * Ships allocated lots of an order: the containers' net masses per lot must equal what is
   * allocated of that lot to the order; each lot's allocations become SHIPPED, the plant's custody
   * of that mass ends (the lot is HANDED_OVER once nothing of it remains) and one `LotShipped` per
   * allocation goes out through the outbox. The shipment gets its passport id.
   */
  ship(manager: EntityManager, request: ProcessRequest, input: ShipOrderCommand) {
    return this.mutate(
      manager,
      request,
      'ship',
      { ...input, shippedAt: input.shippedAt.toISOString() },
      async (now) => {
        const carrier = readers.textOf(input.carrier, 'carrier', 200);
        if (
          Number.isNaN(input.shippedAt.getTime()) ||
          input.shippedAt.getTime() > now.getTime() + 5 * 60_000
        ) {
          throw new SalesError({
            code: 'INVALID_INPUT',
            field: 'shippedAt',
            value: String(input.shippedAt),
            rule: 'must be a time not in the future',
          });
        }
        if (input.containers.length === 0) {
          throw new SalesError({
            code: 'INVALID_INPUT',
            field: 'containers',
            value: '[]',
            rule: 'must list at least one packed container',
          });
        }
        const order = await this.lockedOrder(manager, input.orderId, ['OPEN', 'ALLOCATED'], 'be shipped');
        const packed = new Map<string, Decimal>();
        const containers: PackedContainer[] = input.containers.map((c, i) => {
          const net = massKgOf(c.netMassKg, `containers[${i}].netMassKg`);
          const gross =
            c.grossMassKg === undefined ? undefined : massKgOf(c.grossMassKg, `containers[${i}].grossMassKg`);
          if (gross !== undefined && gross.lt(net)) {
            throw new SalesError({
              code: 'OUT_OF_RANGE',
              field: `containers[${i}].grossMassKg`,
              value: `${toPlainString(gross)} kg`,
              rule: `must be at least the net mass ${toPlainString(net)} kg`,
            });
          }
          const lotId = readers.textOf(c.lotId, `containers[${i}].lotId`, 100);
          packed.set(lotId, (packed.get(lotId) ?? parseDecimal('0')).plus(net));
          return {
            containerId: readers.textOf(c.containerId, `containers[${i}].containerId`, 100),
            lotId,
            netMassKg: toPlainString(net),
            ...(gross === undefined ? {} : { grossMassKg: toPlainString(gross) }),
          };
        });
        const allocations = await this.book.allocations(manager, { orderId: order.id, status: 'ALLOCATED' });
        const lotIds = [...packed.keys()].sort();
        let total = parseDecimal('0');
        for (const lotId of lotIds) {
          const ofLot = allocations.filter((a) => a.lotId === lotId);
          if (ofLot.length === 0) {
            throw new SalesError({
              code: 'LOT_NOT_ALLOCATED',
              field: 'containers.lotId',
              value: JSON.stringify(lotId),
              rule: `must be allocated to order ${order.id} (and not shipped yet) before it is shipped`,
            });
          }
          const allocated = ofLot.reduce((sum, a) => sum.plus(parseDecimal(a.massKg)), parseDecimal('0'));
          const net = packed.get(lotId) ?? parseDecimal('0');
          if (!allocated.eq(net)) {
            throw new SalesError({
              code: 'PACKED_MASS_MISMATCH',
              field: 'containers.netMassKg',
              value: `${toPlainString(net)} kg of lot ${lotId}`,
              rule: `must equal the ${toPlainString(allocated)} kg of it allocated to the order`,
            });
          }
          total = total.plus(net);
        }
        const shipmentId = ulid();
        const passportId = newPassportId();
        await manager.query(
          `INSERT INTO ${tableOf(manager, 'sales_shipment')} (id, order_id, carrier, tracking_number, shipped_at, net_mass_kg, containers, passport_id, created_at, retain_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $9::timestamptz + $10::int * interval '1 year')`,
          [
            shipmentId,
            order.id,
            carrier,
            input.trackingNumber ?? null,
            input.shippedAt,
            toPlainString(total),
            JSON.stringify(containers),
            passportId,
            now,
            this.options.passportRetentionYears,
          ],
        );
        const customer = await this.book.customer(manager, order.customerId);
        const lineById = new Map(order.lines.map((l) => [l.id, l]));
        for (const lotId of lotIds) {
          const lot = await this.book.lot(manager, lotId, true);
          if (!lot) throw new Error(`allocated lot ${lotId} has no stock row`);
          const net = toPlainString(packed.get(lotId) ?? parseDecimal('0'));
          await manager.query(
            `UPDATE ${tableOf(manager, 'sales_lot_stock')} SET shipped_kg = shipped_kg + $2 WHERE lot_id = $1`,
            [lotId, net],
          );
          // The run library's lot row: the shipped mass leaves the plant; custody ends with the last kilogram.
          await manager.query(
            `UPDATE ${tableOf(manager, 'process_lot')} SET remaining_kg = remaining_kg - $2,
             custody = CASE WHEN remaining_kg - $2 = 0 THEN 'HANDED_OVER' ELSE custody END, updated_at = $3
           WHERE id = $1`,
            [lotId, net, now],
          );
          for (const allocation of allocations.filter((a) => a.lotId === lotId)) {
            await manager.query(
              `UPDATE ${tableOf(manager, 'sales_allocation')} SET status = 'SHIPPED', shipment_id = $2 WHERE id = $1`,
              [allocation.id, shipmentId],
            );
            await manager.query(
              `UPDATE ${tableOf(manager, 'sales_order_line')} SET shipped_kg = shipped_kg + $2 WHERE id = $1`,
              [allocation.orderLineId, allocation.massKg],
            );
            const line = lineById.get(allocation.orderLineId);
            await this.options.publisher.publish(manager, {
              topic: Topics.SalesLotEvents,
              type: SalesEventTypes.LotShipped,
              subject: lotId,
              data: {
                schema: salesV1.LotShippedSchema,
                message: create(salesV1.LotShippedSchema, {
                  lot: { lotId, lotCode: lot.lotCode },
                  shipmentId,
                  orderId: order.id,
                  orderLineId: allocation.orderLineId,
                  customer: { organisationId: customer?.organisationId ?? '' },
                  deliverySite: {
                    siteId: order.deliverySiteId,
                    organisationId: customer?.organisationId ?? '',
                  },
                  netMass: { value: allocation.massKg, unitCode: 'KGM' },
                  shippedAt: timestampFromDate(input.shippedAt),
                  productCode: line?.productCode ?? lot.productCode,
                  passportId,
                }),
              },
              correlationId: request.correlationId,
              causationId: request.requestId,
              actor: { sub: request.actor.subject, org: request.actor.organisationId },
            });
          }
        }
        await this.settleOrderStatus(manager, order.id, now);
        return { ids: [shipmentId, passportId] };
      },
    );
  }
}

function DecimalMin(a: Decimal, b: Decimal): Decimal {
  return a.lt(b) ? a : b;
}
