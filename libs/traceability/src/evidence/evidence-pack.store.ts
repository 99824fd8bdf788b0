import { serviceSchema } from '@rre/persistence';
import type { DataSource } from 'typeorm';

/** What an evidence pack reads beyond the other stores. */
export class EvidencePackStore {
  /** The id of the `LotShipped` event a statement was frozen for (the event its checkpoint was signed on). */
  async shipmentEventIdOf(
    source: DataSource,
    shipmentId: string,
    lotId: string,
  ): Promise<string | undefined> {
    if (shipmentId === '') return undefined;
    const [row] = (await source.query(
      `SELECT event_id FROM "${serviceSchema(source)}".trace_shipment WHERE shipment_id = $1 AND lot_id = $2`,
      [shipmentId, lotId],
    )) as { event_id: string }[];
    return row?.event_id;
  }
}
