import type { IdempotencyStore } from './idempotency-store.port';
import type { Lot } from '../../domain/lot';
import type { EventMetadata, LotEventOutbox } from './lot-event-outbox.port';
import type { LotStore } from './lot-store.port';

/** What one database transaction offers the handlers: its changes and its events commit together. */
export interface IntakeTransaction {
  readonly lots: LotStore;
  readonly outbox: LotEventOutbox;
  readonly idempotency: IdempotencyStore;
  /**
   * Publishes the registration event of each new lot and stores the lots, each with the id of its
   * registration event (which corrections point at): a batch's events and lots in one statement.
   * Returns the event ids in order.
   */
  registerLots(lots: readonly Lot[], metadata: EventMetadata): Promise<string[]>;
}

export interface IntakeTransactions {
  run<T>(work: (transaction: IntakeTransaction) => Promise<T>): Promise<T>;
}
