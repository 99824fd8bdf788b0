import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Corrections of a received lot's mass made at its source; the earlier figure stays on record. */
export class CreateProcessLotCorrection1764600000001 implements MigrationInterface {
  name = 'CreateProcessLotCorrection1764600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(queryRunner)}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}.process_lot_correction (
        id text PRIMARY KEY,
        lot_id text NOT NULL REFERENCES ${s}.process_lot (id),
        field text NOT NULL,
        old_value text NOT NULL,
        new_value text NOT NULL,
        reason text NOT NULL,
        source_event_id text,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX process_lot_correction_lot_idx ON ${s}.process_lot_correction (lot_id, recorded_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${serviceSchema(queryRunner)}".process_lot_correction`);
  }
}
