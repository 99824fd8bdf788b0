import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { type DownstreamGenealogy, downstreamGenealogyOf } from '../domain/forward-trace';
import type { GenealogyLot, GenealogyRun } from '../domain/genealogy';
import { GenealogyStore } from './genealogy.store';
import { ShipmentStore } from './shipment.store';

type Queryable = DataSource | EntityManager;

/**
 * What a forward trace reads: every run that took the lot and the lots they made, generation by
 * generation, then everything upstream of those lots (the other inputs' shares divide the same
 * runs), and the shipments of the lot and its downstream lots.
 */
export class DownstreamStore {
  private readonly genealogy = new GenealogyStore();
  private readonly shipments = new ShipmentStore();

  async downstreamOf(source: Queryable, lotId: string): Promise<DownstreamGenealogy> {
    const runs = new Map<string, GenealogyRun>();
    const reached = new Set<string>([lotId]);
    let frontier = [lotId];
    while (frontier.length > 0) {
      const rows = (await source.query(
        `SELECT DISTINCT run_id FROM "${serviceSchema(source)}".trace_movement
         WHERE lot_id = ANY($1::text[]) AND kind <> 'RETURN'`,
        [frontier],
      )) as { run_id: string }[];
      const found = await this.genealogy.runs(
        source,
        rows.map((row) => row.run_id).filter((id) => !runs.has(id)),
      );
      for (const run of found) runs.set(run.runId, run);
      frontier = [...new Set(found.flatMap((run) => run.outputs.map((output) => output.lotId)))].filter(
        (id) => !reached.has(id),
      );
      for (const id of frontier) reached.add(id);
    }
    const lots = new Map<string, GenealogyLot>();
    const asked = new Set<string>();
    let lotFrontier = [...reached];
    while (lotFrontier.length > 0) {
      for (const id of lotFrontier) asked.add(id);
      for (const lot of await this.genealogy.lots(source, lotFrontier)) lots.set(lot.lotId, lot);
      const runIds = [...new Set(lotFrontier.flatMap((id) => lots.get(id)?.producedByRunId ?? []))].filter(
        (id) => !runs.has(id),
      );
      for (const run of await this.genealogy.runs(source, runIds)) runs.set(run.runId, run);
      lotFrontier = [
        ...new Set(
          [...runs.values()].flatMap((run) => [...run.inputs, ...run.outputs].map((each) => each.lotId)),
        ),
      ].filter((id) => !asked.has(id));
    }
    return downstreamGenealogyOf(
      [...lots.values()],
      [...runs.values()],
      await this.shipments.ofLots(source, [...reached]),
    );
  }
}
