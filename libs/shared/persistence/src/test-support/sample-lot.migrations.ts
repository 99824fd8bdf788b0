import type { MigrationInterface, QueryRunner } from 'typeorm';
import { serviceSchema } from '../service-schema';

/** Example migration used only by this library's tests; qualifies its table with the service schema. */
export class CreateSampleLot1764300000000 implements MigrationInterface {
  readonly name = 'CreateSampleLot1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = serviceSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${schema}".sample_lot (
        id char(26) PRIMARY KEY,
        code varchar(64) NOT NULL CONSTRAINT sample_lot_code_key UNIQUE,
        mass_kg numeric(24, 6) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${serviceSchema(queryRunner)}".sample_lot`);
  }
}

/** A second migration, so that revert and ordering can be observed. */
export class AddSampleLotNote1764300000001 implements MigrationInterface {
  readonly name = 'AddSampleLotNote1764300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "${serviceSchema(queryRunner)}".sample_lot ADD COLUMN note text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "${serviceSchema(queryRunner)}".sample_lot DROP COLUMN note`);
  }
}

export const sampleMigrations = [CreateSampleLot1764300000000, AddSampleLotNote1764300000001];
