import { serviceSchema } from '@rre/persistence';
import type { DataSource } from 'typeorm';

/** When the genealogy first saw each lot and whether (and when) its current composition was measured. */
export interface LotTimes {
  readonly firstSeenAt: Date;
  readonly assayedAt?: Date;
}

/** The times an EPCIS export needs, read from the genealogy's and the reconciliation's tables. */
export class EpcisFactsStore {
  async lotTimes(source: DataSource, lotIds: readonly string[]): Promise<Map<string, LotTimes>> {
    if (lotIds.length === 0) return new Map();
    const rows = (await source.query(
      `SELECT lot_id, first_seen_at, composition_at, composition_is_assay
       FROM "${serviceSchema(source)}".trace_lot WHERE lot_id = ANY($1::text[])`,
      [lotIds],
    )) as {
      lot_id: string;
      first_seen_at: Date | string;
      composition_at: Date | string | null;
      composition_is_assay: boolean;
    }[];
    return new Map(
      rows.map((row) => [
        row.lot_id,
        {
          firstSeenAt: new Date(row.first_seen_at),
          assayedAt:
            row.composition_is_assay && row.composition_at !== null
              ? new Date(row.composition_at)
              : undefined,
        },
      ]),
    );
  }

  /** Each run's first completion time, else when the genealogy last heard of it. */
  async runTimes(source: DataSource, runIds: readonly string[]): Promise<Map<string, Date>> {
    if (runIds.length === 0) return new Map();
    const s = serviceSchema(source);
    const rows = (await source.query(
      `SELECT r.run_id, coalesce(b.completed_at, r.updated_at) AS at
       FROM "${s}".trace_run r LEFT JOIN "${s}".trace_run_balance b ON b.run_id = r.run_id
       WHERE r.run_id = ANY($1::text[])`,
      [runIds],
    )) as { run_id: string; at: Date | string }[];
    return new Map(rows.map((row) => [row.run_id, new Date(row.at)]));
  }
}
