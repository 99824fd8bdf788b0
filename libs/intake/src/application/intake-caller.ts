/**
 * Who calls intake, as an authenticated principal states it (structurally the `Principal` of
 * @rre/auth): a pseudonymous subject, the organisation it acts for, and its roles.
 */
export interface IntakeCaller {
  readonly subject: string;
  readonly organisationId: string;
  readonly roles: readonly string[];
}

/** One request to intake: who, the business flow it belongs to, and its own id. */
export interface IntakeRequest {
  readonly caller: IntakeCaller;
  /** Shared by every request and event of one business flow (the envelope's correlationid). */
  readonly correlationId: string;
  /** This request's id: the causation of the first event it produces. */
  readonly requestId: string;
  /** The client's idempotency key for this mutation, if it sent one. */
  readonly idempotencyKey?: string;
}
