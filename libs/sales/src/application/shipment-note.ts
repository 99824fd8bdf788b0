import { parseDecimal, toPlainString } from '@rre/quantities';
import type { EntityManager } from 'typeorm';
import type { CatalogueStore } from '../persistence/sales-store';
import type { SalesSettings } from '../sales-config';
import type { OrderBook } from './order-book';
import { buildPassport } from './passport';

/** What goes with the goods: shipper, consignee, carrier, and per container the lot, product, CN code and masses. */
export interface ShipmentNote {
  shipmentId: string;
  orderId: string;
  shippedAt: string;
  carrier: string;
  trackingNumber?: string;
  shipper: { legalName: string; contact: string; country: string };
  consignee: { legalName: string; deliverySite: { name: string; address: string; country: string } };
  passport: { id: string; uri: string };
  containers: {
    containerId: string;
    lotId: string;
    lotCode: string;
    product: string;
    cnCode: string;
    netMassKg: string;
    grossMassKg?: string;
  }[];
  netMassKg: string;
  /** Only when every container's gross mass was given. */
  grossMassKg?: string;
}

/** The shipment note of the shipment a passport belongs to; undefined for an unknown passport. */
export async function buildShipmentNote(
  manager: EntityManager,
  deps: { book: OrderBook; catalogue: CatalogueStore; settings: SalesSettings['passport'] },
  passportId: string,
): Promise<ShipmentNote | undefined> {
  const shipment = await deps.book.shipmentByPassport(manager, passportId);
  const passport = await buildPassport(manager, deps, passportId, 'AUTHORITY');
  if (!shipment || !passport?.buyer) return undefined;
  const lots = new Map(passport.lots.map((lot) => [lot.lotId, lot]));
  const containers = shipment.containers.map((c) => {
    const lot = lots.get(c.lotId);
    return {
      containerId: c.containerId,
      lotId: c.lotId,
      lotCode: lot?.lotCode ?? c.lotId,
      product: lot ? `${lot.product.name} (${lot.product.formula}), grade ${lot.grade}` : '',
      cnCode: lot?.customs.cnCode ?? '',
      netMassKg: c.netMassKg,
      ...(c.grossMassKg !== undefined && { grossMassKg: c.grossMassKg }),
    };
  });
  const gross = containers.every((c) => c.grossMassKg !== undefined)
    ? toPlainString(
        containers.reduce((sum, c) => sum.plus(parseDecimal(c.grossMassKg ?? '0')), parseDecimal('0')),
      )
    : undefined;
  return {
    shipmentId: shipment.id,
    orderId: shipment.orderId,
    shippedAt: shipment.shippedAt.toISOString(),
    carrier: shipment.carrier,
    ...(shipment.trackingNumber && { trackingNumber: shipment.trackingNumber }),
    shipper: passport.issuer,
    consignee: { legalName: passport.buyer.legalName, deliverySite: passport.buyer.deliverySite },
    passport: { id: passport.id, uri: passport.uri },
    containers,
    netMassKg: shipment.netMassKg,
    ...(gross !== undefined && { grossMassKg: gross }),
  };
}
