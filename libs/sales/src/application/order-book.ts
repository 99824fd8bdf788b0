import { parseDecimal, toPlainString } from '@rre/quantities';
import type { EntityManager } from 'typeorm';
import type {
  Allocation,
  Customer,
  DeliverySite,
  LotStock,
  Order,
  OrderLine,
  Shipment,
} from '../domain/order';
import { plain, tableOf } from '../persistence/sales-store';

interface OrderRow {
  id: string;
  customer_id: string;
  delivery_site_id: string;
  customer_reference: string | null;
  currency: string;
  status: Order['status'];
  cancellation_reason: string | null;
  invoice_number: string | null;
  created_at: Date;
  updated_at: Date;
}

interface LineRow {
  id: string;
  order_id: string;
  line_number: number;
  product_code: string;
  grade_code: string;
  quantity_kg: string;
  price_per_kg: string;
  requested_date: string | Date;
  allocated_kg: string;
  shipped_kg: string;
}

interface AllocationRow {
  id: string;
  order_line_id: string;
  lot_id: string;
  mass_kg: string;
  status: Allocation['status'];
  shipment_id: string | null;
  purity: string;
  allocated_at: Date;
}

interface StockRow {
  lot_id: string;
  code: string;
  product_code: string;
  custody: string;
  received_from_service: string | null;
  mass_kg: string;
  allocated_kg: string;
  shipped_kg: string;
  composition: LotStock['composition'] | null;
  composition_status: string | null;
}

interface ShipmentRow {
  id: string;
  order_id: string;
  carrier: string;
  tracking_number: string | null;
  shipped_at: Date;
  net_mass_kg: string;
  containers: Shipment['containers'];
  passport_id: string;
  retain_until: Date;
}

const dateText = (value: string | Date) =>
  typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

export function lineOf(row: LineRow): OrderLine {
  return {
    id: row.id,
    orderId: row.order_id,
    lineNumber: Number(row.line_number),
    productCode: row.product_code,
    gradeCode: row.grade_code,
    quantityKg: plain(row.quantity_kg),
    pricePerKg: plain(row.price_per_kg),
    requestedDate: dateText(row.requested_date),
    allocatedKg: plain(row.allocated_kg),
    shippedKg: plain(row.shipped_kg),
  };
}

export function allocationOf(row: AllocationRow): Allocation {
  return {
    id: row.id,
    orderLineId: row.order_line_id,
    lotId: row.lot_id,
    massKg: plain(row.mass_kg),
    status: row.status,
    shipmentId: row.shipment_id ?? undefined,
    purity: plain(row.purity),
    allocatedAt: new Date(row.allocated_at),
  };
}

function stockOf(row: StockRow): LotStock {
  const mass = plain(row.mass_kg);
  return {
    lotId: row.lot_id,
    lotCode: row.code,
    productCode: row.product_code,
    custody: row.custody,
    receivedFrom: row.received_from_service ?? undefined,
    massKg: mass,
    allocatedKg: plain(row.allocated_kg),
    shippedKg: plain(row.shipped_kg),
    availableKg: toPlainString(parseDecimal(row.mass_kg).minus(parseDecimal(row.allocated_kg))),
    composition: row.composition ?? {},
    compositionStatus: row.composition_status ?? undefined,
  };
}

/** Reads of customers, orders, lines, allocations, lots and shipments (SQL on the sales schema). */
export class OrderBook {
  async customer(manager: EntityManager, id: string): Promise<Customer | undefined> {
    const [row] = (await manager.query(`SELECT * FROM ${tableOf(manager, 'sales_customer')} WHERE id = $1`, [
      id,
    ])) as { id: string; organisation_id: string; legal_name: string; country: string }[];
    if (!row) return undefined;
    return {
      id: row.id,
      organisationId: row.organisation_id,
      legalName: row.legal_name,
      country: row.country,
      sites: await this.sites(manager, id),
    };
  }

  async customers(manager: EntityManager): Promise<Customer[]> {
    const rows = (await manager.query(
      `SELECT id FROM ${tableOf(manager, 'sales_customer')} ORDER BY legal_name, id`,
    )) as {
      id: string;
    }[];
    const customers: Customer[] = [];
    for (const row of rows) {
      const customer = await this.customer(manager, row.id);
      if (customer) customers.push(customer);
    }
    return customers;
  }

  async sites(manager: EntityManager, customerId: string): Promise<DeliverySite[]> {
    const rows = (await manager.query(
      `SELECT * FROM ${tableOf(manager, 'sales_delivery_site')} WHERE customer_id = $1 ORDER BY id`,
      [customerId],
    )) as { id: string; customer_id: string; name: string; address: string; country: string }[];
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      name: r.name,
      address: r.address,
      country: r.country,
    }));
  }

  async order(manager: EntityManager, id: string, lock = false): Promise<Order | undefined> {
    const [row] = (await manager.query(
      `SELECT * FROM ${tableOf(manager, 'sales_order')} WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    )) as OrderRow[];
    if (!row) return undefined;
    return {
      id: row.id,
      customerId: row.customer_id,
      deliverySiteId: row.delivery_site_id,
      customerReference: row.customer_reference ?? undefined,
      currency: row.currency,
      status: row.status,
      cancellationReason: row.cancellation_reason ?? undefined,
      invoiceNumber: row.invoice_number ?? undefined,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      lines: await this.lines(manager, id),
    };
  }

  async orders(manager: EntityManager, filter: { status?: string; customerId?: string }): Promise<Order[]> {
    const rows = (await manager.query(
      `SELECT id FROM ${tableOf(manager, 'sales_order')}
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR customer_id = $2)
        ORDER BY created_at, id LIMIT 500`,
      [filter.status ?? null, filter.customerId ?? null],
    )) as { id: string }[];
    const orders: Order[] = [];
    for (const row of rows) {
      const order = await this.order(manager, row.id);
      if (order) orders.push(order);
    }
    return orders;
  }

  async lines(manager: EntityManager, orderId: string): Promise<OrderLine[]> {
    const rows = (await manager.query(
      `SELECT * FROM ${tableOf(manager, 'sales_order_line')} WHERE order_id = $1 ORDER BY line_number`,
      [orderId],
    )) as LineRow[];
    return rows.map(lineOf);
  }

  async line(manager: EntityManager, id: string, lock = false): Promise<OrderLine | undefined> {
    const [row] = (await manager.query(
      `SELECT * FROM ${tableOf(manager, 'sales_order_line')} WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    )) as LineRow[];
    return row && lineOf(row);
  }

  async allocations(
    manager: EntityManager,
    filter: { orderId?: string; lotId?: string; shipmentId?: string; status?: Allocation['status'] },
  ): Promise<Allocation[]> {
    const rows = (await manager.query(
      `SELECT a.* FROM ${tableOf(manager, 'sales_allocation')} a
         JOIN ${tableOf(manager, 'sales_order_line')} l ON l.id = a.order_line_id
        WHERE ($1::text IS NULL OR l.order_id = $1) AND ($2::text IS NULL OR a.lot_id = $2)
          AND ($3::text IS NULL OR a.shipment_id = $3) AND ($4::text IS NULL OR a.status = $4)
        ORDER BY a.allocated_at, a.id`,
      [filter.orderId ?? null, filter.lotId ?? null, filter.shipmentId ?? null, filter.status ?? null],
    )) as AllocationRow[];
    return rows.map(allocationOf);
  }

  private stockQuery(manager: EntityManager, where: string, lock: boolean): string {
    return `SELECT s.lot_id, l.code, s.product_code, l.custody, l.received_from_service, s.mass_kg, s.allocated_kg,
                   s.shipped_kg, l.composition, l.composition_status
              FROM ${tableOf(manager, 'sales_lot_stock')} s
              JOIN ${tableOf(manager, 'process_lot')} l ON l.id = s.lot_id
             WHERE ${where} ORDER BY s.accepted_at, s.lot_id ${lock ? 'FOR UPDATE OF s' : ''}`;
  }

  /** The lot's stock row; `lock` holds it (FOR UPDATE) until the transaction ends. */
  async lot(manager: EntityManager, lotId: string, lock = false): Promise<LotStock | undefined> {
    const [row] = (await manager.query(this.stockQuery(manager, 's.lot_id = $1', lock), [
      lotId,
    ])) as StockRow[];
    return row && stockOf(row);
  }

  async lots(
    manager: EntityManager,
    filter: { productCode?: string; available?: boolean },
  ): Promise<LotStock[]> {
    const rows = (await manager.query(
      this.stockQuery(
        manager,
        `($1::text IS NULL OR s.product_code = $1) AND (NOT $2::boolean OR (l.custody = 'HELD' AND s.mass_kg > s.allocated_kg))`,
        false,
      ),
      [filter.productCode ?? null, filter.available ?? false],
    )) as StockRow[];
    return rows.map(stockOf);
  }

  async shipment(manager: EntityManager, id: string): Promise<Shipment | undefined> {
    const [row] = (await manager.query(`SELECT * FROM ${tableOf(manager, 'sales_shipment')} WHERE id = $1`, [
      id,
    ])) as ShipmentRow[];
    return row && shipmentOf(row);
  }

  async shipmentByPassport(manager: EntityManager, passportId: string): Promise<Shipment | undefined> {
    const [row] = (await manager.query(
      `SELECT * FROM ${tableOf(manager, 'sales_shipment')} WHERE passport_id = $1`,
      [passportId],
    )) as ShipmentRow[];
    return row && shipmentOf(row);
  }

  async shipments(manager: EntityManager, orderId?: string): Promise<Shipment[]> {
    const rows = (await manager.query(
      `SELECT * FROM ${tableOf(manager, 'sales_shipment')} WHERE $1::text IS NULL OR order_id = $1 ORDER BY shipped_at, id`,
      [orderId ?? null],
    )) as ShipmentRow[];
    return rows.map(shipmentOf);
  }
}

function shipmentOf(row: ShipmentRow): Shipment {
  return {
    id: row.id,
    orderId: row.order_id,
    carrier: row.carrier,
    trackingNumber: row.tracking_number ?? undefined,
    shippedAt: new Date(row.shipped_at),
    netMassKg: plain(row.net_mass_kg),
    containers: row.containers,
    passportId: row.passport_id,
    retainUntil: new Date(row.retain_until),
  };
}
