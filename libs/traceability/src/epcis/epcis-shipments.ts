import type { DataSource } from 'typeorm';
import { ShipmentStore } from '../persistence/shipment.store';
import type { EpcisShipment } from './epcis-document';

/** Where the EPCIS export finds the shipments of a traced lot. */
export interface EpcisShipmentSource {
  shipmentsOf(lotIds: readonly string[]): Promise<EpcisShipment[]>;
}

/** For tests and exports that must leave shipments out. */
export const NO_SHIPMENTS_RECORDED: EpcisShipmentSource = {
  shipmentsOf: async () => [],
};

/** The default: the shipments the genealogy recorded from sales' `LotShipped` events. */
export function recordedShipments(dataSource: DataSource): EpcisShipmentSource {
  const store = new ShipmentStore();
  return {
    shipmentsOf: async (lotIds) =>
      (await store.ofLots(dataSource, lotIds)).map((shipment) => ({
        shipmentId: shipment.shipmentId,
        lotId: shipment.lotId,
        massKg: shipment.netMassKg,
        shippedAt: shipment.shippedAt,
        customerOrganisationId: shipment.customerOrganisationId,
        deliverySiteGln: shipment.deliverySiteGln,
        orderId: shipment.orderId,
      })),
  };
}
