import { hasRole, type Principal } from '@rre/auth';
import type { DataSource } from 'typeorm';
import { readsEveryLot } from '../application/trace-view';
import type { GenealogyLot, GenealogyRun } from '../domain/genealogy';
import { TraceabilityError } from '../domain/traceability-error';
import { GenealogyStore } from '../persistence/genealogy.store';
import { buildEpcisDocument, type EpcisDocument } from './epcis-document';
import { EpcisFactsStore } from './epcis-facts.store';
import { type EpcisShipmentSource, recordedShipments } from './epcis-shipments';
import { checkedGs1Options, DEFAULT_GS1_IDENTIFIERS, type Gs1IdentifierOptions } from './gs1-identifiers';

export interface EpcisExportOptions {
  readonly identifiers?: Partial<Gs1IdentifierOptions>;
  /** Base of the platform's own URIs in the documents; default https://rre.example.org/epcis. */
  readonly baseUri?: string;
  readonly plantLocation?: string;
  /** Default: the shipments recorded from sales' LotShipped events. */
  readonly shipments?: EpcisShipmentSource;
}

/** The EPCIS 2.0 export of a lot's backward trace (issue 9, item 7). */
export class EpcisExport {
  private readonly genealogy = new GenealogyStore();
  private readonly facts = new EpcisFactsStore();
  private readonly identifiers: Gs1IdentifierOptions;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: EpcisExportOptions = {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.identifiers = checkedGs1Options({ ...DEFAULT_GS1_IDENTIFIERS, ...options.identifiers });
  }

  /**
   * The document of everything upstream of the lot (and the lot's shipments). Plant staff and
   * auditors only (it names every source lot); suppliers and customers for auditors and admins.
   */
  async documentOf(principal: Principal, lotId: string): Promise<EpcisDocument> {
    const upstream = await this.genealogy.upstreamOf(this.dataSource, lotId);
    if (!readsEveryLot(principal) || !upstream.lot(lotId)) {
      throw new TraceabilityError({
        code: 'UNKNOWN_LOT',
        field: 'lotId',
        value: lotId,
        rule: 'must be a lot the traceability service knows and the caller may export',
      });
    }
    const lots: GenealogyLot[] = [];
    const runs = new Map<string, GenealogyRun>();
    const pending = [lotId];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const id = pending.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      const lot = upstream.lot(id);
      if (!lot) continue;
      lots.push(lot);
      const run = lot.producedByRunId === undefined ? undefined : upstream.run(lot.producedByRunId);
      if (!run || runs.has(run.runId)) continue;
      runs.set(run.runId, run);
      for (const each of [...run.inputs, ...run.outputs]) pending.push(each.lotId);
    }
    const lotTimes = await this.facts.lotTimes(this.dataSource, [...seen]);
    const runTimes = await this.facts.runTimes(this.dataSource, [...runs.keys()]);
    const shipments = await (this.options.shipments ?? recordedShipments(this.dataSource)).shipmentsOf([
      lotId,
    ]);
    const now = this.clock();
    return buildEpcisDocument(
      {
        lotId,
        lots: lots
          .sort((a, b) => (a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0))
          .map((lot) => ({
            lot,
            firstSeenAt: lotTimes.get(lot.lotId)?.firstSeenAt ?? now,
            assayedAt: lotTimes.get(lot.lotId)?.assayedAt,
          })),
        runs: [...runs.values()].map((run) => ({ run, at: runTimes.get(run.runId) ?? now })),
        shipments,
      },
      {
        identifiers: this.identifiers,
        baseUri: this.options.baseUri ?? 'https://rre.example.org/epcis',
        plantLocation: this.options.plantLocation,
        namesParties: hasRole(principal, 'auditor', 'admin'),
        creationDate: now,
      },
    );
  }
}
