import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who delivered each lot (intake's LotRegistered supplier), so that what concentration knows of a
 * lot (`Lot.concentration`) is shown to that organisation's recyclers only. Lots copied before this
 * stay NULL: no recycler reads them (plant staff and auditors still do).
 */
export class AddIntakeLotSupplier1764800000001 implements MigrationInterface {
  name = 'AddIntakeLotSupplier1764800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "${serviceSchema(queryRunner)}".intake_lot ADD COLUMN supplier_organisation_id text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "${serviceSchema(queryRunner)}".intake_lot DROP COLUMN supplier_organisation_id`,
    );
  }
}
