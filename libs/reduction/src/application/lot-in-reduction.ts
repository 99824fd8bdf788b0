import { CROSS_ORGANISATION_READERS, type Principal } from '@rre/auth';
import type { LotCustody, LotTakeView, OutputRole, ProcessLotView, RunView } from '@rre/process-runs';
import { parseDecimal } from '@rre/quantities';
import { rounded } from '../domain/batch-performance';
import type { TargetElement } from '../domain/faraday';
import { ReductionRunKind } from './run-planning';

/** What a lot reduction produced is: the run, its role there, and the target element in it. */
export interface ReductionProducedLot {
  readonly runId: string;
  readonly runKind: string;
  readonly role: OutputRole | undefined;
  /** METAL (a distillation's product), ALLOY (an electrolysis's product); undefined for by-products and residues. */
  readonly form: 'METAL' | 'ALLOY' | undefined;
  readonly element: TargetElement;
  /** The target element's share of the lot by its assay, %, rounded once to 6 places; undefined without an assay. */
  readonly purityPercent: string | undefined;
}

/**
 * What reduction knows of a lot, for the fields it adds to the federated `Lot`: its custody and
 * masses as the run library holds them, the runs that took from it, and for a lot reduction
 * produced, the metal or alloy it is.
 */
export interface LotInReduction {
  readonly lotId: string;
  readonly custody: LotCustody;
  /** The service that handed it to reduction (separation); undefined for a lot reduction produced or registered. */
  readonly receivedFromService: string | undefined;
  /** Mass when it entered reduction or was produced, kg. */
  readonly massKg: string;
  /** What runs and samples have not taken yet, kg. */
  readonly remainingKg: string;
  readonly runs: readonly LotTakeView[];
  readonly produced: ReductionProducedLot | undefined;
}

function formOf(role: OutputRole | undefined, runKind: string): ReductionProducedLot['form'] {
  if (role !== 'PRODUCT') return undefined;
  return runKind === ReductionRunKind.VACUUM_DISTILLATION ? 'METAL' : 'ALLOY';
}

function producedLot(lot: ProcessLotView, run: RunView): ReductionProducedLot {
  const element = (run.parameters as { targetElement: TargetElement }).targetElement;
  const fraction = lot.composition?.[element]?.fraction;
  return {
    runId: run.id,
    runKind: run.kind,
    role: lot.outputRole,
    form: formOf(lot.outputRole, run.kind),
    element,
    purityPercent: fraction === undefined ? undefined : rounded(parseDecimal(fraction).times(100)),
  };
}

export function lotInReduction(
  held: ProcessLotView,
  runs: readonly LotTakeView[],
  producedBy: RunView | undefined,
): LotInReduction {
  return {
    lotId: held.id,
    custody: held.custody,
    receivedFromService: held.receivedFromService,
    massKg: held.massKg,
    remainingKg: held.remainingKg,
    runs,
    produced: producedBy && producedLot(held, producedBy),
  };
}

/**
 * Whether `principal` may read what reduction knows of a lot. Reduction does not know which
 * organisation delivered the material a lot came from, so only the roles that read every
 * organisation's lots may (recyclers may not, not even for their own material).
 */
export function mayReadLotInReduction(principal: Principal): boolean {
  return principal.roles.some((role) => CROSS_ORGANISATION_READERS.includes(role));
}
