/** Where a source lot's material came from (DOMAIN.md, compliance). */
export type SourceCategory = 'POST_CONSUMER' | 'PRE_CONSUMER' | 'PRIMARY' | 'UNSPECIFIED';

/** A lot as the genealogy knows it, from every service's lot events. */
export interface GenealogyLot {
  readonly lotId: string;
  readonly lotCode?: string;
  /** Set for a lot registered at intake (a source lot). */
  readonly sourceCategory?: SourceCategory;
  readonly supplierOrganisationId?: string;
  readonly countryOfOrigin?: string;
  /** Its mass, kg (exact): as registered at intake, or as its run produced it (corrections applied). */
  readonly massKg?: string;
  /** Current composition: element -> mass fraction (plain fraction, exact decimal text). */
  readonly composition: Readonly<Record<string, string>>;
  /** Absolute standard uncertainty of a fraction of the composition, where its assay states one. */
  readonly compositionUncertainty?: Readonly<Record<string, string>>;
  /** The run that produced it; undefined for a source lot (registered, not produced). */
  readonly producedByRunId?: string;
  /** The output role it had in that run: PRODUCT, BY_PRODUCT, RESIDUE, IN_PROCESS_INVENTORY. */
  readonly outputRole?: string;
  /** The service that produced or first received it. */
  readonly service?: string;
}

/** Net quantity of one lot a run took (taken minus returned), as input or opening inventory. */
export interface RunInput {
  readonly lotId: string;
  readonly role: 'INPUT' | 'OPENING_INVENTORY';
  readonly netMassKg: string;
}

export interface RunOutput {
  readonly lotId: string;
  readonly role: string;
  readonly massKg: string;
}

/** A run as the genealogy knows it, from its service's run and lot events. */
export interface GenealogyRun {
  readonly runId: string;
  readonly service: string;
  readonly kind?: string;
  readonly status: string;
  readonly inputs: readonly RunInput[];
  readonly outputs: readonly RunOutput[];
  /** Declared losses per element, kg (exact). */
  readonly lossesKg: Readonly<Record<string, string>>;
}

/** What the trace reads: the lots and runs upstream of the lot being traced. */
export interface Genealogy {
  lot(lotId: string): GenealogyLot | undefined;
  run(runId: string): GenealogyRun | undefined;
}

/** A genealogy held in memory (what the store loads for one trace, and what tests write out). */
export function genealogyOf(lots: readonly GenealogyLot[], runs: readonly GenealogyRun[]): Genealogy {
  const lotsById = new Map(lots.map((lot) => [lot.lotId, lot]));
  const runsById = new Map(runs.map((run) => [run.runId, run]));
  return { lot: (id) => lotsById.get(id), run: (id) => runsById.get(id) };
}
