import type { Actor } from '../../domain/actor';
import type { Lot } from '../../domain/lot';
import type { LotEvent } from '../../domain/lot-event';

export interface EventMetadata {
  readonly actor: Actor;
  readonly correlationId: string;
  /** The cause of the first event; each further event is caused by the one before it. */
  readonly causationId: string;
}

/** Publishes a lot's events through the outbox, in the transaction that stores the change. */
export interface LotEventOutbox {
  /** Returns the ids of the published events, in order. */
  publish(lot: Lot, events: readonly LotEvent[], metadata: EventMetadata): Promise<string[]>;
  /** Publishes the registration event of each new lot, in bulk; returns their ids in order. */
  publishRegistrations(lots: readonly Lot[], metadata: EventMetadata): Promise<string[]>;
}
