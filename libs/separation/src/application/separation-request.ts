import type { ProcessRequest } from '@rre/process-runs';

/** A request to separation: the run library's request (who, flow, id, idempotency key). */
export type SeparationRequest = ProcessRequest;

/** What a separation mutation did, and whether it only replayed an earlier one. */
export interface SeparationMutationOutcome {
  readonly runId?: string;
  readonly lotIds: readonly string[];
  readonly replayed: boolean;
}

/** The same request without its idempotency key: for the run library's calls inside a mutation that holds the key. */
export function withoutKey(request: SeparationRequest): SeparationRequest {
  return { ...request, idempotencyKey: undefined };
}
