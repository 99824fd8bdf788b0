/** What a mutation returns and an idempotent replay returns again: the ids of what it created. */
export interface MutationResult {
  readonly lotId: string;
  /** Ids of the records the mutation created (assay, screening, decision, transfer, corrections). */
  readonly recordIds: readonly string[];
}

/** `count` consecutive numbers of the year's lot codes (as LotStore.allocateLotNumbers takes them). */
export interface LotNumbersWanted {
  readonly year: number;
  readonly count: number;
}

export type IdempotencyClaim =
  | {
      readonly claimed: true;
      /** The first of the lot numbers the claim took (when it asked for some). */
      readonly firstLotNumber?: number;
    }
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
   *
   * Two things can ride along in the claim's own statement (one round trip less each, inside a
   * transaction that may hold the year's lot-code row): `result`, when the mutation's result is
   * known before it runs (then `complete` is not needed), and `lotNumbers`, taken only when the key
   * is claimed (LotStore.allocateLotNumbers otherwise).
   */
  claim(claim: {
    client: string;
    key: string;
    operation: string;
    requestHash: string;
    now: Date;
    expiresAt: Date;
    result?: MutationResult;
    lotNumbers?: LotNumbersWanted;
  }): Promise<IdempotencyClaim>;
  complete(client: string, key: string, result: MutationResult): Promise<void>;
}
