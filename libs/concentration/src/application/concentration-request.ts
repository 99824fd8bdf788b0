import type { ProcessRequest } from '@rre/process-runs';

/** A request to concentration: the run library's request (who, flow, id, idempotency key). */
export type ConcentrationRequest = ProcessRequest;

/** What a concentration mutation did, and whether it only replayed an earlier one. */
export interface ConcentrationMutationOutcome {
  readonly runId?: string;
  readonly adsorbentBatchId?: string;
  readonly lotIds: readonly string[];
  readonly replayed: boolean;
}
