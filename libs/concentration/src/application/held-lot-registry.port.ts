import type { EntityManager } from 'typeorm';
import type { ReceivedLot } from '../domain/received-lot';

/** Who caused a change that came from another service's event. */
export interface EventCause {
  readonly eventId: string;
  readonly correlationId: string;
  readonly actor: { readonly subject: string; readonly organisationId: string };
}

/**
 * Where a lot accepted from intake becomes available to runs (the process-runs library's lots),
 * in the consumer's transaction.
 */
export interface HeldLotRegistry {
  /** The lot is now held by concentration, with its received mass and composition. */
  lotHeld(manager: EntityManager, lot: ReceivedLot, cause: EventCause): Promise<void>;
  /** A new current assay of a lot already held: runs use it from now on. */
  lotAssayed(manager: EntityManager, lot: ReceivedLot, cause: EventCause): Promise<void>;
}
