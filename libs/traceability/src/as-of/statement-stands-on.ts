import type { Genealogy } from '../domain/genealogy';
import { lotsEnteringShares } from '../domain/recycled-content';

/** The lots and runs whose facts a lot's statement is computed from (as its inputs' hash covers them). */
export function statementStandsOn(
  genealogy: Genealogy,
  lotId: string,
): { lotIds: string[]; runIds: string[] } {
  const lotIds = lotsEnteringShares(genealogy, lotId);
  const runIds = [...new Set(lotIds.flatMap((id) => genealogy.lot(id)?.producedByRunId ?? []))].sort();
  return { lotIds: [...lotIds].sort(), runIds };
}
