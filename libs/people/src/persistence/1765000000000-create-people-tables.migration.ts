import { serviceSchema } from '@rre/persistence';
import { createIdempotencyKeyTable } from '@rre/process-runs';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people directory: one row per (organisation, subject), the only place names and contact
 * details are kept. No other record refers to it by foreign key: records and events carry the
 * pseudonymous subject id, which stays valid after the row is erased.
 */
export class CreatePeopleTables1765000000000 implements MigrationInterface {
  readonly name = 'CreatePeopleTables1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(runner)}"`;
    await runner.query(`
      CREATE TABLE ${s}.person (
        organisation_id text NOT NULL,
        subject text NOT NULL,
        display_name text,
        email text,
        phone text,
        updated_at timestamptz NOT NULL,
        updated_by_subject text NOT NULL,
        updated_by_organisation text NOT NULL,
        erased_at timestamptz,
        erasure_reason text,
        PRIMARY KEY (organisation_id, subject),
        CONSTRAINT person_erased_has_no_personal_data CHECK (
          erased_at IS NULL OR (display_name IS NULL AND email IS NULL AND phone IS NULL)
        )
      )`);
    // the table of @rre/process-runs' idempotentMutation, which the directory's mutations use
    await createIdempotencyKeyTable(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(runner)}"`;
    await runner.query(`DROP TABLE ${s}.process_idempotency_key`);
    await runner.query(`DROP TABLE ${s}.person`);
  }
}
