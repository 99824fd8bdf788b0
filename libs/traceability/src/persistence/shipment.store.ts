import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { tableAsOf } from '../as-of/as-of';
import type { Shipment } from '../domain/forward-trace';

type Queryable = DataSource | EntityManager;

interface ShipmentRow {
  shipment_id: string;
  lot_id: string;
  order_id: string;
  order_line_id: string | null;
  customer_organisation_id: string | null;
  delivery_site_id: string | null;
  delivery_site_gln: string | null;
  net_mass_kg: string;
  shipped_at: Date;
  product_code: string | null;
  passport_id: string | null;
}

/** The lots the sales service shipped, from its `LotShipped` events. */
export class ShipmentStore {
  /** Records a shipped lot; false when it was recorded already (a redelivery or replay). */
  async record(manager: EntityManager, shipment: Shipment, eventId: string): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".trace_shipment
         (shipment_id, lot_id, order_id, order_line_id, customer_organisation_id, delivery_site_id, delivery_site_gln,
          net_mass_kg, shipped_at, product_code, passport_id, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::numeric, $9, $10, $11, $12)
       ON CONFLICT (shipment_id, lot_id) DO NOTHING RETURNING shipment_id`,
      [
        shipment.shipmentId,
        shipment.lotId,
        shipment.orderId,
        shipment.orderLineId ?? null,
        shipment.customerOrganisationId ?? null,
        shipment.deliverySiteId ?? null,
        shipment.deliverySiteGln ?? null,
        shipment.netMassKg,
        shipment.shippedAt,
        shipment.productCode ?? null,
        shipment.passportId ?? null,
        eventId,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  async ofLots(source: Queryable, lotIds: readonly string[], asOf?: Date): Promise<Shipment[]> {
    if (lotIds.length === 0) return [];
    const rows = (await source.query(
      `SELECT shipment_id, lot_id, order_id, order_line_id, customer_organisation_id, delivery_site_id, delivery_site_gln,
              net_mass_kg::text AS net_mass_kg, shipped_at, product_code, passport_id
       FROM ${tableAsOf(serviceSchema(source), 'trace_shipment', asOf)} WHERE lot_id = ANY($1::text[]) ORDER BY shipped_at, shipment_id, lot_id`,
      [lotIds],
    )) as ShipmentRow[];
    return rows.map((row) => ({
      shipmentId: row.shipment_id,
      lotId: row.lot_id,
      orderId: row.order_id,
      orderLineId: row.order_line_id ?? undefined,
      customerOrganisationId: row.customer_organisation_id ?? undefined,
      deliverySiteId: row.delivery_site_id ?? undefined,
      deliverySiteGln: row.delivery_site_gln ?? undefined,
      netMassKg: row.net_mass_kg,
      shippedAt: new Date(row.shipped_at),
      productCode: row.product_code ?? undefined,
      passportId: row.passport_id ?? undefined,
    }));
  }
}
