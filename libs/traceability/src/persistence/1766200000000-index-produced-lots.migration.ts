import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The produced lots by id, with their run: the upstream recursion looks up every input lot of a
 * run to learn the run that produced it, and a wide blend's thousands of source lots are not in
 * this index, so each of them costs an index descent (no heap visit, no row read).
 */
export class IndexProducedLots1766200000000 implements MigrationInterface {
  name = 'IndexProducedLots1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX trace_lot_produced_lot_idx ON "${serviceSchema(queryRunner)}".trace_lot (lot_id)
       INCLUDE (produced_by_run_id) WHERE produced_by_run_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "${serviceSchema(queryRunner)}".trace_lot_produced_lot_idx`);
  }
}
