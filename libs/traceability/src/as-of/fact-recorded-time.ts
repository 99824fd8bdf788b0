import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import { FACT_RECORDED_AT_SETTING } from './1766000000000-record-facts-at-platform-time.migration';

/**
 * The time the platform recorded each event, as the facts it states are recorded in the history
 * (see RecordFactsAtPlatformTime1766000000000): set per event in the consumer's transaction, and
 * kept for events the predecessor gate holds until they are applied.
 */
export class FactRecordedTime {
  /** The facts written next in this transaction are recorded at `at`; undefined: at the transaction's time. */
  async set(manager: EntityManager, at: Date | undefined): Promise<void> {
    await manager.query(`SELECT set_config('${FACT_RECORDED_AT_SETTING}', $1, true)`, [
      at ? at.toISOString() : '',
    ]);
  }

  /** Keeps the recorded time of an event the gate holds. */
  async keepForHeld(manager: EntityManager, eventId: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".trace_held_event_recorded_at (event_id, recorded_at)
       VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING`,
      [eventId, at],
    );
  }

  /** The recorded time kept for a held event now released (and forgets it); undefined if none was kept. */
  async takeForReleased(manager: EntityManager, eventId: string): Promise<Date | undefined> {
    const [row] = (await manager.query(
      `WITH taken AS (
         DELETE FROM "${serviceSchema(manager)}".trace_held_event_recorded_at WHERE event_id = $1
         RETURNING recorded_at)
       SELECT recorded_at FROM taken`,
      [eventId],
    )) as { recorded_at: Date | string }[];
    return row ? new Date(row.recorded_at) : undefined;
  }
}
