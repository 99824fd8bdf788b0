import { canAccessOrganisation, CROSS_ORGANISATION_READERS, type Principal } from '@rre/auth';
import type { LotTakeView, ProcessLotView } from '@rre/process-runs';
import type { ConcentrationRoute, ReceivedLot } from '../domain/received-lot';

/**
 * What concentration knows of a lot, for the fields it adds to the federated `Lot`: where intake's
 * hand-over stands (its copy of intake's events), then the lot as the run library holds it and the
 * runs that took from it.
 */
export interface LotInConcentration {
  readonly lotId: string;
  /** The organisation that delivered it; undefined when concentration cannot tell (e.g. a lot it produced). */
  readonly supplierOrganisationId: string | undefined;
  /** AT_INTAKE, OFFERED or REFUSED (intake's hand-over), then the run library's HELD, OFFERED_OUT or HANDED_OVER. */
  readonly custody: string;
  readonly route: ConcentrationRoute | undefined;
  readonly offeredMassKg: string | undefined;
  readonly receivedMassKg: string | undefined;
  readonly heldSince: Date | undefined;
  /** What runs have not taken yet, kg; undefined until concentration holds the lot. */
  readonly remainingKg: string | undefined;
  readonly runs: readonly LotTakeView[];
}

/** Undefined when concentration never heard of the lot. */
export function lotInConcentration(
  lotId: string,
  received: ReceivedLot | undefined,
  held: ProcessLotView | undefined,
  runs: readonly LotTakeView[],
): LotInConcentration | undefined {
  if (!received && !held) return undefined;
  return {
    lotId,
    supplierOrganisationId: received?.supplierOrganisationId,
    custody: held?.custody ?? received?.custody ?? 'AT_INTAKE',
    route: received?.route,
    offeredMassKg: received?.offeredMassKg,
    receivedMassKg: received?.receivedMassKg ?? held?.massKg,
    heldSince: received?.heldSince,
    remainingKg: held?.remainingKg,
    runs,
  };
}

/**
 * Whether `principal` may read what concentration knows of a lot delivered by `supplierOrganisationId`:
 * as for the lot itself at intake, recyclers only their own organisation's; where concentration
 * cannot tell who delivered it, only the roles that read every organisation's lots.
 */
export function mayReadLotInConcentration(
  principal: Principal,
  supplierOrganisationId: string | undefined,
): boolean {
  return supplierOrganisationId === undefined
    ? principal.roles.some((role) => CROSS_ORGANISATION_READERS.includes(role))
    : canAccessOrganisation(principal, supplierOrganisationId, 'read');
}
