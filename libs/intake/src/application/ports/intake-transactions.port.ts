import type { IdempotencyStore } from './idempotency-store.port';
import type { LotEventOutbox } from './lot-event-outbox.port';
import type { LotStore } from './lot-store.port';

/** What one database transaction offers the handlers: its changes and its events commit together. */
export interface IntakeTransaction {
  readonly lots: LotStore;
  readonly outbox: LotEventOutbox;
  readonly idempotency: IdempotencyStore;
}

export interface IntakeTransactions {
  run<T>(work: (transaction: IntakeTransaction) => Promise<T>): Promise<T>;
}
