import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shipped lots whose statement waits for the genealogy upstream to be complete (the watermark):
 * frozen by the consumer after the event that completes it, then removed.
 */
export class CreatePendingStatementTable1766100000000 implements MigrationInterface {
  name = 'CreatePendingStatementTable1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_pending_statement (
        shipment_id text NOT NULL,
        lot_id text NOT NULL,
        -- The LotShipped: the statement's causation, as when it is frozen at once.
        shipped_event_id text NOT NULL,
        correlation_id text,
        -- Sales' stream of the lot ("<source> <subject>"), whose later events are not awaited.
        except_stream text NOT NULL,
        -- The runs and lots not caught up with yet, and why.
        waiting_for text[] NOT NULL,
        reasons text[] NOT NULL,
        since timestamptz NOT NULL,
        checked_at timestamptz NOT NULL,
        PRIMARY KEY (shipment_id, lot_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${serviceSchema(queryRunner)}".trace_pending_statement`);
  }
}
