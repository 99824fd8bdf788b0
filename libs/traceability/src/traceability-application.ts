import type { Principal } from '@rre/auth';
import { type EventConsumerDefinition, PredecessorGate } from '@rre/messaging';
import type { DataSource } from 'typeorm';
import { readsEveryLot, recyclerMayTrace, type TraceView, traceViewFor } from './application/trace-view';
import { attributeToSources, SourceShares } from './domain/attribute-to-sources';
import type { Genealogy, GenealogyLot, GenealogyRun } from './domain/genealogy';
import { TraceabilityError } from './domain/traceability-error';
import { LedgerApplication, type LedgerSettings } from './ledger/ledger-application';
import {
  LOT_AND_RUN_EVENTS_CONSUMER,
  lotAndRunEventsConsumer,
} from './messaging/lot-and-run-events.consumer';
import { GenealogyStore } from './persistence/genealogy.store';
import { type TopicWatermark, WatermarkStore } from './persistence/watermark.store';
import { type PendingStatement, PendingStatementStore } from './pending-statements/pending-statement.store';

export interface TraceabilityApplicationOptions {
  readonly dataSource: DataSource;
  readonly clock?: () => Date;
  /** How the ledger signs the checkpoint each frozen statement names (default: the development key). */
  readonly ledger?: LedgerSettings;
}

/** How far the genealogy has caught up with the event log. */
export interface Watermark {
  readonly topics: readonly TopicWatermark[];
  /** Events read but held by the gate until their predecessors arrive. */
  readonly heldEvents: number;
  /** Shipped lots whose statement waits for the genealogy upstream to be complete. */
  readonly pendingStatements: readonly PendingStatement[];
}

const ELEMENT_SYMBOL = /^[A-Z][a-z]?$/;

/** The traceability service's use cases: the genealogy's lots and runs, the backward trace, the watermark. */
export class TraceabilityApplication {
  private readonly genealogy = new GenealogyStore();
  private readonly watermarks = new WatermarkStore();
  private readonly pendingStatements = new PendingStatementStore();

  constructor(private readonly options: TraceabilityApplicationOptions) {}

  /** The consumer that builds the genealogy from every lot and run topic given (default: all of them). */
  lotAndRunEventsConsumer(topics?: readonly string[]): EventConsumerDefinition {
    return lotAndRunEventsConsumer({
      topics,
      clock: this.options.clock,
      ledger: new LedgerApplication(this.options.dataSource, this.options.ledger, this.options.clock),
    });
  }

  async watermark(): Promise<Watermark> {
    const held = await new PredecessorGate({ name: LOT_AND_RUN_EVENTS_CONSUMER }).held(
      this.options.dataSource,
    );
    return {
      topics: await this.watermarks.all(this.options.dataSource),
      heldEvents: held.length,
      pendingStatements: await this.pendingStatements.all(this.options.dataSource),
    };
  }

  /** The lot as the genealogy knows it, if the caller may see it (else undefined, as for an unknown lot). */
  async lot(principal: Principal, lotId: string, asOf?: Date): Promise<GenealogyLot | undefined> {
    const [lot] = await this.genealogy.lots(this.options.dataSource, [lotId], asOf);
    if (!lot) return undefined;
    if (readsEveryLot(principal)) return lot;
    const upstream = await this.genealogy.upstreamOf(this.options.dataSource, lotId, asOf);
    return recyclerMayTrace(principal, sourceLotsOf(upstream, lotId)) ? lot : undefined;
  }

  async run(runId: string, asOf?: Date): Promise<GenealogyRun | undefined> {
    const [run] = await this.genealogy.runs(this.options.dataSource, [runId], asOf);
    return run;
  }

  async runIdsTaking(lotId: string, asOf?: Date): Promise<string[]> {
    return this.genealogy.runIdsTaking(this.options.dataSource, lotId, asOf);
  }

  /** The runs' inputs' and outputs' lots, for per-element flows. */
  async genealogyAround(run: GenealogyRun, asOf?: Date): Promise<Genealogy> {
    const lots = await this.genealogy.lots(
      this.options.dataSource,
      [...run.inputs.map((input) => input.lotId), ...run.outputs.map((output) => output.lotId)],
      asOf,
    );
    const byId = new Map(lots.map((lot) => [lot.lotId, lot]));
    return { lot: (id) => byId.get(id), run: (id) => (id === run.runId ? run : undefined) };
  }

  /**
   * `attributeToSources` for one element, or for every element of the lot's current composition
   * (alphabetical), as the caller may see it. Unknown lots, and lots a recycler may not trace,
   * are UNKNOWN_LOT alike. `asOf`: from the facts recorded at or before that time.
   */
  async backwardTrace(
    principal: Principal,
    lotId: string,
    element?: string,
    asOf?: Date,
  ): Promise<TraceView[]> {
    if (element !== undefined && !ELEMENT_SYMBOL.test(element)) {
      throw new TraceabilityError({
        code: 'INVALID_INPUT',
        field: 'element',
        value: JSON.stringify(element),
        rule: 'must be an element symbol such as "Tb" or "Dy"',
      });
    }
    const genealogy = await this.genealogy.upstreamOf(this.options.dataSource, lotId, asOf);
    const lot = genealogy.lot(lotId);
    if (!lot || (!readsEveryLot(principal) && !recyclerMayTrace(principal, sourceLotsOf(genealogy, lotId)))) {
      throw new TraceabilityError({
        code: 'UNKNOWN_LOT',
        field: 'lotId',
        value: lotId,
        rule: 'must be a lot the traceability service knows and the caller may trace',
      });
    }
    const elements = element !== undefined ? [element] : Object.keys(lot.composition).sort();
    const shares = new SourceShares(genealogy);
    return elements.map((each) =>
      traceViewFor(principal, attributeToSources(genealogy, lotId, each, shares)),
    );
  }
}

/** The lots no run produced among a lot's upstream genealogy (what a trace can attribute to). */
function sourceLotsOf(genealogy: Genealogy, lotId: string): GenealogyLot[] {
  const found = new Map<string, GenealogyLot>();
  const seen = new Set<string>();
  const pending = [lotId];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const lot = genealogy.lot(id);
    if (!lot) continue;
    const run = lot.producedByRunId === undefined ? undefined : genealogy.run(lot.producedByRunId);
    if (lot.producedByRunId === undefined) found.set(id, lot);
    for (const input of run?.inputs ?? []) pending.push(input.lotId);
  }
  return [...found.values()];
}
