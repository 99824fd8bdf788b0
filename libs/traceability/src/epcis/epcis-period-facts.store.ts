import { serviceSchema } from '@rre/persistence';
import type { DataSource } from 'typeorm';

/** Which lots, runs and shipped lots have an EPCIS event time in [from, to). */
export class EpcisPeriodFactsStore {
  async subjectsBetween(
    source: DataSource,
    from: Date,
    to: Date,
  ): Promise<{ lotIds: string[]; runIds: string[]; shippedLotIds: string[] }> {
    const s = serviceSchema(source);
    // Registrations (source lots, at first sight) and assays (a measured current composition).
    const lots = (await source.query(
      `SELECT lot_id FROM "${s}".trace_lot
       WHERE (produced_by_run_id IS NULL AND first_seen_at >= $1 AND first_seen_at < $2)
          OR (composition_is_assay AND composition_at >= $1 AND composition_at < $2)`,
      [from, to],
    )) as { lot_id: string }[];
    // The time a TransformationEvent carries: first completion, else when the run was last heard of.
    const runs = (await source.query(
      `SELECT r.run_id FROM "${s}".trace_run r LEFT JOIN "${s}".trace_run_balance b ON b.run_id = r.run_id
       WHERE coalesce(b.completed_at, r.updated_at) >= $1 AND coalesce(b.completed_at, r.updated_at) < $2`,
      [from, to],
    )) as { run_id: string }[];
    const shipped = (await source.query(
      `SELECT DISTINCT lot_id FROM "${s}".trace_shipment WHERE shipped_at >= $1 AND shipped_at < $2`,
      [from, to],
    )) as { lot_id: string }[];
    return {
      lotIds: lots.map((row) => row.lot_id).sort(),
      runIds: runs.map((row) => row.run_id).sort(),
      shippedLotIds: shipped.map((row) => row.lot_id).sort(),
    };
  }
}
