import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { tableAsOf } from '../as-of/as-of';
import { type DownstreamGenealogy, downstreamGenealogyOf } from '../domain/forward-trace';
import { GenealogyStore } from './genealogy.store';
import { onOneConnection } from './one-connection';
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

  async downstreamOf(source: Queryable, lotId: string, asOf?: Date): Promise<DownstreamGenealogy> {
    return onOneConnection(source, (manager) => this.read(manager, lotId, asOf));
  }

  private async read(source: EntityManager, lotId: string, asOf?: Date): Promise<DownstreamGenealogy> {
    const schema = serviceSchema(source);
    const table = (name: string) => tableAsOf(schema, name, asOf);
    // The lots reached (through runs known to the genealogy, outputs with a mass), in one query.
    const reachedRows = (await source.query(
      `WITH RECURSIVE reached(lot_id) AS (
         SELECT $1::text
         UNION
         SELECT o.lot_id FROM reached d
         JOIN ${table('trace_movement')} m ON m.lot_id = d.lot_id AND m.kind <> 'RETURN'
         JOIN ${table('trace_run')} r ON r.run_id = m.run_id
         JOIN ${table('trace_lot')} o ON o.produced_by_run_id = r.run_id AND o.mass_kg IS NOT NULL
       )
       SELECT lot_id FROM reached`,
      [lotId],
    )) as { lot_id: string }[];
    const reached = new Set(reachedRows.map((row) => row.lot_id));
    const taking = (await source.query(
      `SELECT DISTINCT run_id FROM ${table('trace_movement')} WHERE lot_id = ANY($1::text[]) AND kind <> 'RETURN'`,
      [[...reached]],
    )) as { run_id: string }[];
    // Everything upstream of the lots reached (the other inputs' shares divide the same runs): it
    // holds every taking run that made a lot; one that made none divides nothing a trace reads.
    const runIds = new Set(taking.map((row) => row.run_id));
    for (const id of await this.genealogy.upstreamRunIds(source, [...reached], asOf)) runIds.add(id);
    const runs = await this.genealogy.runs(source, [...runIds].sort(), asOf);
    const lots = await this.genealogy.lotsOfRuns(source, [...runIds], [...reached], asOf);
    return downstreamGenealogyOf(lots, runs, await this.shipments.ofLots(source, [...reached], asOf));
  }
}
