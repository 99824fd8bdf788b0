import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pending four-eyes decision can be withdrawn (who, when, why); and an index for loading a lot's
 * documents, which every read of a lot with documents does.
 */
export class AddDecisionWithdrawal1764500000004 implements MigrationInterface {
  readonly name = 'AddDecisionWithdrawal1764500000004';

  async up(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`
      ALTER TABLE "${s}".lot_decision
        ADD COLUMN withdrawal_reason text,
        ADD COLUMN withdrawn_by_subject text,
        ADD COLUMN withdrawn_by_organisation text,
        ADD COLUMN withdrawn_at timestamptz,
        ADD CONSTRAINT lot_decision_withdrawal_complete CHECK (
          (state = 'WITHDRAWN') = (withdrawn_at IS NOT NULL AND withdrawn_by_subject IS NOT NULL AND withdrawal_reason IS NOT NULL)
        )`);
    await runner.query(`CREATE INDEX lot_document_lot_idx ON "${s}".lot_document (lot_id, seq)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`DROP INDEX "${s}".lot_document_lot_idx`);
    await runner.query(`
      ALTER TABLE "${s}".lot_decision
        DROP CONSTRAINT lot_decision_withdrawal_complete,
        DROP COLUMN withdrawal_reason,
        DROP COLUMN withdrawn_by_subject,
        DROP COLUMN withdrawn_by_organisation,
        DROP COLUMN withdrawn_at`);
  }
}
