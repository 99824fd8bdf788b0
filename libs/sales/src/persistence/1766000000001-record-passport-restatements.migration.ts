import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Traceability's restatements of a passport's frozen statements (a later correction changed the
 * figures): recorded next to the lot's statement, never over it. Kept like the statements (the same
 * retention triggers: no change or delete before the passport's `retain_until`, no truncate).
 */
export class RecordPassportRestatements1766000000001 implements MigrationInterface {
  name = 'RecordPassportRestatements1766000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(queryRunner)}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_passport_restatement (
        -- The new statement traceability issued, and the one it restates (the lot's, or an earlier restatement).
        statement_id text PRIMARY KEY,
        restates_statement_id text NOT NULL,
        shipment_id text NOT NULL REFERENCES ${s}.sales_shipment (id),
        lot_id text NOT NULL,
        statement jsonb NOT NULL,
        issued_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX sales_passport_restatement_lot_idx ON ${s}.sales_passport_restatement (shipment_id, lot_id, issued_at)`,
    );
    await queryRunner.query(
      `CREATE TRIGGER sales_passport_restatement_retained BEFORE UPDATE OR DELETE ON ${s}.sales_passport_restatement
         FOR EACH ROW EXECUTE FUNCTION ${s}.sales_passport_statement_retained()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER sales_passport_restatement_not_truncated BEFORE TRUNCATE ON ${s}.sales_passport_restatement
         FOR EACH STATEMENT EXECUTE FUNCTION ${s}.sales_passport_not_truncated()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${serviceSchema(queryRunner)}".sales_passport_restatement`);
  }
}
