import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FACT_HISTORIES } from './fact-history';

/** The setting the consumer sets per event, in its transaction, to the time the platform recorded it. */
export const FACT_RECORDED_AT_SETTING = 'rre.fact_recorded_at';

/**
 * A fact's recorded time is the time the platform recorded the event that stated it (the outbox
 * row's `created_at`, or the Kafka message timestamp), as the consumer sets it per event in
 * `rre.fact_recorded_at`; the transaction's time only where no event names one. A rebuild from
 * the log then records every fact at the time it had in the live projection. Events the
 * predecessor gate holds keep their recorded time here until they are applied.
 */
export class RecordFactsAtPlatformTime1766000000000 implements MigrationInterface {
  name = 'RecordFactsAtPlatformTime1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    for (const { table } of FACT_HISTORIES) {
      await queryRunner.query(
        `ALTER TABLE "${s}".${table}_history ALTER COLUMN fact_recorded_at
           SET DEFAULT coalesce(nullif(current_setting('${FACT_RECORDED_AT_SETTING}', true), '')::timestamptz, now())`,
      );
    }
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_held_event_recorded_at (
        event_id text PRIMARY KEY,
        recorded_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${s}".trace_held_event_recorded_at`);
    for (const { table } of FACT_HISTORIES) {
      await queryRunner.query(
        `ALTER TABLE "${s}".${table}_history ALTER COLUMN fact_recorded_at SET DEFAULT now()`,
      );
    }
  }
}
