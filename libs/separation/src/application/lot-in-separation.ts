import { CROSS_ORGANISATION_READERS, type Principal } from '@rre/auth';
import type { LotCustody, LotTakeView, ProcessLotView } from '@rre/process-runs';
import type { FractionRecord } from '../persistence/fraction.store';
import type { OxideLotRecord } from '../persistence/oxide-lot.store';

/**
 * What separation knows of a lot, for the fields it adds to the federated `Lot`: its custody and
 * masses as the run library holds them, the runs that took from it, and for a lot separation
 * produced, the fraction or oxide it is.
 */
export interface LotInSeparation {
  readonly lotId: string;
  readonly custody: LotCustody;
  /** The service that handed it to separation (concentration); undefined for a lot separation produced or registered. */
  readonly receivedFromService: string | undefined;
  /** Mass when it entered separation or was produced, kg. */
  readonly massKg: string;
  /** What runs and samples have not taken yet, kg. */
  readonly remainingKg: string;
  readonly producedByRunId: string | undefined;
  readonly runs: readonly LotTakeView[];
  /** The fraction of a solvent-extraction run it is. */
  readonly fraction: FractionRecord | undefined;
  /** The oxide lot of a calcination run it is. */
  readonly oxide: OxideLotRecord | undefined;
}

export function lotInSeparation(
  held: ProcessLotView,
  runs: readonly LotTakeView[],
  fraction: FractionRecord | undefined,
  oxide: OxideLotRecord | undefined,
): LotInSeparation {
  return {
    lotId: held.id,
    custody: held.custody,
    receivedFromService: held.receivedFromService,
    massKg: held.massKg,
    remainingKg: held.remainingKg,
    producedByRunId: held.producedByRunId,
    runs,
    fraction,
    oxide,
  };
}

/**
 * Whether `principal` may read what separation knows of a lot. Separation does not know which
 * organisation delivered the material a lot came from, so only the roles that read every
 * organisation's lots may (recyclers may not, not even for their own material).
 */
export function mayReadLotInSeparation(principal: Principal): boolean {
  return principal.roles.some((role) => CROSS_ORGANISATION_READERS.includes(role));
}
