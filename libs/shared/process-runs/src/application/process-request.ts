import type { ActorRef } from '../domain/process-run';

/** One request to the library: who, the business flow it belongs to, its own id, and its idempotency key. */
export interface ProcessRequest {
  /** The acting person or client (pseudonymous subject) and its organisation. */
  readonly actor: ActorRef;
  /** Shared by every request and event of one business flow (the envelope's correlationid). */
  readonly correlationId: string;
  /** This request's id (or the consumed event's id): the causation of the first event it produces. */
  readonly requestId: string;
  /** The client's idempotency key, scoped to `actor.subject`; undefined: no replay protection. */
  readonly idempotencyKey?: string;
}

/** What a mutation did: the ids of the run and lots it touched and of the records it created. */
export interface ProcessMutationResult {
  readonly runId?: string;
  readonly lotIds: readonly string[];
  readonly recordIds: readonly string[];
}

export interface ProcessMutationOutcome extends ProcessMutationResult {
  /**
   * True when nothing was done because it was done before: the same idempotency key and input, a
   * known external run id, or a lot already received.
   */
  readonly replayed: boolean;
}
