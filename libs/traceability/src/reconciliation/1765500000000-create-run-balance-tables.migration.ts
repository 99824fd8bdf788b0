import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the runs published of their balances and overrides, for the mass-balance reconciliation. */
export class CreateRunBalanceTables1765500000000 implements MigrationInterface {
  name = 'CreateRunBalanceTables1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_run_balance (
        run_id text PRIMARY KEY,
        -- Event time of the run's first completion (a finalization or correction keeps it).
        completed_at timestamptz NOT NULL,
        basis text,
        coverage_factor text,
        closes boolean NOT NULL,
        -- The latest balance: [{ element, imbalanceKg, combinedUncertaintyKg, toleranceKg, closes }].
        elements jsonb NOT NULL,
        stated_by text NOT NULL,
        stated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX trace_run_balance_completed_idx ON "${s}".trace_run_balance (completed_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_run_override (
        run_id text PRIMARY KEY,
        reason text NOT NULL,
        overridden_by_subject text,
        overridden_by_organisation text,
        approved_by_subject text,
        approved_by_organisation text,
        overridden_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${s}".trace_run_override`);
    await queryRunner.query(`DROP TABLE "${s}".trace_run_balance`);
  }
}
