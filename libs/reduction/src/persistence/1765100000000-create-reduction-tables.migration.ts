import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reduction's own table: the KPIs of completed electrolysis batches and distillation runs. */
export class CreateReductionTables1765100000000 implements MigrationInterface {
  name = 'CreateReductionTables1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}".reduction_run_kpi (
        run_id text NOT NULL,
        revision integer NOT NULL CHECK (revision >= 1),
        kind text NOT NULL,
        completed_at timestamptz NOT NULL,
        computed_at timestamptz NOT NULL,
        kpis jsonb NOT NULL,
        PRIMARY KEY (run_id, revision)
      )`);
    await queryRunner.query(
      `CREATE INDEX reduction_run_kpi_completed_idx ON "${s}".reduction_run_kpi (completed_at, run_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${serviceSchema(queryRunner)}".reduction_run_kpi`);
  }
}
