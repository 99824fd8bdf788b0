/** What a mutation returns and an idempotent replay returns again: the ids of what it created. */
export interface MutationResult {
  readonly lotId: string;
  /** Ids of the records the mutation created (assay, screening, decision, transfer, corrections). */
  readonly recordIds: readonly string[];
}

export type IdempotencyClaim =
  | { readonly claimed: true }
  | {
      readonly claimed: false;
      readonly operation: string;
      readonly requestHash: string;
      readonly result: MutationResult | null;
    };

/** Idempotency keys per calling client, stored in the transaction of the change they guard. */
export interface IdempotencyStore {
  /**
   * Claims the key for this transaction, or returns what an earlier request with the key stored.
   * A concurrent request with the same key waits here until the first one's transaction ends. An
   * expired key is claimed again.
   */
  claim(claim: {
    client: string;
    key: string;
    operation: string;
    requestHash: string;
    now: Date;
    expiresAt: Date;
  }): Promise<IdempotencyClaim>;
  complete(client: string, key: string, result: MutationResult): Promise<void>;
}
