import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The supplier's own reference of a delivery, unique per organisation: what makes a re-import create nothing. */
export class AddLotExternalRef1764500000003 implements MigrationInterface {
  readonly name = 'AddLotExternalRef1764500000003';

  async up(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`ALTER TABLE "${s}".lot ADD COLUMN external_ref text`);
    await runner.query(
      `CREATE UNIQUE INDEX lot_organisation_external_ref_key ON "${s}".lot (organisation_id, external_ref) WHERE external_ref IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`DROP INDEX "${s}".lot_organisation_external_ref_key`);
    await runner.query(`ALTER TABLE "${s}".lot DROP COLUMN external_ref`);
  }
}
