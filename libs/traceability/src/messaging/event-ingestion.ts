import { type GatedEvent, PredecessorGate } from '@rre/messaging';
import type { EntityManager } from 'typeorm';
import { FactRecordedTime } from '../as-of/fact-recorded-time';
import { type LedgerAppend, LedgerStore } from '../ledger/ledger.store';
import { WatermarkStore } from '../persistence/watermark.store';

/** Where an event was read and when, as the watermark counts it. */
export interface ReadEvent {
  readonly topic: string;
  readonly source: string;
  readonly partition: number;
  readonly position: string;
  readonly eventTime: Date;
  readonly now: Date;
}

/**
 * What the genealogy consumer does with an event before applying it: counts it in the watermark,
 * chains it in the ledger, passes it through the predecessor gate and keeps the recorded time of
 * an event the gate holds. Live, each is a statement in the event's transaction (`storedIngestion`);
 * a bulk rebuild keeps them in memory and writes them per batch (`rebuild/bulk-ingestion.ts`).
 */
export interface EventIngestion {
  advanceWatermark(manager: EntityManager, read: ReadEvent): Promise<void>;
  appendToLedger(manager: EntityManager, event: LedgerAppend): Promise<void>;
  admit(manager: EntityManager, event: GatedEvent): Promise<GatedEvent[]>;
  keepRecordedTimeForHeld(manager: EntityManager, eventId: string, at: Date): Promise<void>;
  takeRecordedTimeForReleased(manager: EntityManager, eventId: string): Promise<Date | undefined>;
  /** The facts written next in this transaction are recorded at `at` (FactRecordedTime.set). */
  setRecordedTime(manager: EntityManager, at: Date | undefined): Promise<void>;
  /**
   * Whether applying `released` may restate an issued statement or freeze a pending one (checked
   * after every event live; a bulk rebuild of a fresh schema knows none exists before its first
   * shipment).
   */
  statementsMayChange(released: readonly GatedEvent[]): boolean;
  /**
   * Before the consumer reads the projection or writes a table the genealogy's stores do not (a
   * shipment's statement, a run's emissions): live, nothing to do; a bulk rebuild writes the rows
   * it keeps in memory and sets the recorded time in the transaction.
   */
  settleProjection(manager: EntityManager): Promise<void>;
}

/** The live ingestion: every step a statement in the event's transaction. */
export function storedIngestion(gateName: string): EventIngestion {
  const gate = new PredecessorGate({ name: gateName });
  const watermarks = new WatermarkStore();
  const ledger = new LedgerStore();
  const recordedTimes = new FactRecordedTime();
  return {
    advanceWatermark: (manager, read) => watermarks.advance(manager, read),
    appendToLedger: async (manager, event) => {
      await ledger.append(manager, event);
    },
    admit: (manager, event) => gate.admit(manager, event),
    keepRecordedTimeForHeld: (manager, eventId, at) => recordedTimes.keepForHeld(manager, eventId, at),
    takeRecordedTimeForReleased: (manager, eventId) => recordedTimes.takeForReleased(manager, eventId),
    setRecordedTime: (manager, at) => recordedTimes.set(manager, at),
    statementsMayChange: () => true,
    settleProjection: async () => undefined,
  };
}
