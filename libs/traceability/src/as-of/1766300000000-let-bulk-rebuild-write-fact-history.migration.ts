import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FACT_HISTORIES } from './fact-history';

/** Set (per transaction) by a writer that writes the history rows itself: the triggers then keep none. */
export const FACT_HISTORY_WRITTEN_BY_WRITER_SETTING = 'rre.fact_history_written_by_writer';

/**
 * A bulk rebuild writes a batch's rows with one statement per table and their history rows with
 * one more (each at its event's recorded time, in the order the triggers would have kept them).
 * For those statements it sets `rre.fact_history_written_by_writer` in its transaction, and the
 * history triggers keep nothing; everywhere else they keep every insert and change as before.
 */
export class LetBulkRebuildWriteFactHistory1766300000000 implements MigrationInterface {
  name = 'LetBulkRebuildWriteFactHistory1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.defineKeepHistory(queryRunner, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.defineKeepHistory(queryRunner, false);
  }

  private async defineKeepHistory(queryRunner: QueryRunner, writerMayWrite: boolean): Promise<void> {
    const s = serviceSchema(queryRunner);
    for (const { table, columns } of FACT_HISTORIES) {
      const names = columns.map((column) => column.name).join(', ');
      const skip = writerMayWrite
        ? `IF current_setting('${FACT_HISTORY_WRITTEN_BY_WRITER_SETTING}', true) = 'on' THEN RETURN NULL; END IF;`
        : '';
      await queryRunner.query(
        `CREATE OR REPLACE FUNCTION "${s}".${table}_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           ${skip}
           INSERT INTO "${s}".${table}_history (${names})
           VALUES (${columns.map((column) => `NEW.${column.name}`).join(', ')});
           RETURN NULL;
         END $$`,
      );
    }
  }
}
