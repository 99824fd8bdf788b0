import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Documents of lots: every version of every name, with the SHA-256 and size of its stored bytes. */
export class CreateLotDocument1764500000002 implements MigrationInterface {
  readonly name = 'CreateLotDocument1764500000002';

  async up(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`
      CREATE TABLE "${s}".lot_document (
        id char(26) PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT lot_document_seq_key UNIQUE,
        lot_id char(26) NOT NULL REFERENCES "${s}".lot (id),
        name text NOT NULL,
        version integer NOT NULL CONSTRAINT lot_document_version_positive CHECK (version > 0),
        kind text NOT NULL,
        media_type text NOT NULL,
        sha256 char(64) NOT NULL,
        size_bytes bigint NOT NULL CONSTRAINT lot_document_size_not_negative CHECK (size_bytes >= 0),
        storage_key text NOT NULL,
        uploaded_by_subject text NOT NULL,
        uploaded_by_organisation text NOT NULL,
        uploaded_at timestamptz NOT NULL,
        CONSTRAINT lot_document_name_version_key UNIQUE (lot_id, name, version)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${serviceSchema(runner)}".lot_document`);
  }
}
