import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { type DownstreamGenealogy, downstreamGenealogyOf } from '../domain/forward-trace';
import { GenealogyStore } from './genealogy.store';
import { ShipmentStore } from './shipment.store';

type Queryable = DataSource | EntityManager;

/**
 * What a forward trace reads: every run that took the lot and the lots they made, transitively,
 * then everything upstream of those lots (the other inputs' shares divide the same runs), and the
 * shipments of the lot and its downstream lots; recursive queries, so a deep chain is not a round
 * trip per level.
 */
export class DownstreamStore {
  private readonly genealogy = new GenealogyStore();
  private readonly shipments = new ShipmentStore();

  async downstreamOf(source: Queryable, lotId: string): Promise<DownstreamGenealogy> {
    const schema = serviceSchema(source);
    // The lots reached (through runs known to the genealogy, outputs with a mass), in one query.
    const reachedRows = (await source.query(
      `WITH RECURSIVE reached(lot_id) AS (
         SELECT $1::text
         UNION
         SELECT o.lot_id FROM reached d
         JOIN "${schema}".trace_movement m ON m.lot_id = d.lot_id AND m.kind <> 'RETURN'
         JOIN "${schema}".trace_run r ON r.run_id = m.run_id
         JOIN "${schema}".trace_lot o ON o.produced_by_run_id = r.run_id AND o.mass_kg IS NOT NULL
       )
       SELECT lot_id FROM reached`,
      [lotId],
    )) as { lot_id: string }[];
    const reached = new Set(reachedRows.map((row) => row.lot_id));
    const taking = (await source.query(
      `SELECT DISTINCT m.lot_id, m.run_id FROM "${schema}".trace_movement m
       WHERE m.run_id IN (SELECT run_id FROM "${schema}".trace_movement WHERE lot_id = ANY($1::text[]) AND kind <> 'RETURN')
         AND m.kind <> 'RETURN'`,
      [[...reached]],
    )) as { lot_id: string; run_id: string }[];
    // Everything upstream of those runs' inputs and of the lots reached: the other inputs' shares divide the same runs.
    const runIds = new Set(taking.map((row) => row.run_id));
    for (const id of await this.genealogy.upstreamRunIds(source, [
      ...new Set([...reached, ...taking.map((row) => row.lot_id)]),
    ]))
      runIds.add(id);
    const runs = await this.genealogy.runs(source, [...runIds].sort());
    const lotIds = new Set(reached);
    for (const run of runs) for (const each of [...run.inputs, ...run.outputs]) lotIds.add(each.lotId);
    const lots = await this.genealogy.lots(source, [...lotIds]);
    return downstreamGenealogyOf(lots, runs, await this.shipments.ofLots(source, [...reached]));
  }
}
