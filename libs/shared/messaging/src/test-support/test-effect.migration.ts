import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The contract tests' handlers record each effect here; no unique key, so a double effect shows. */
export class CreateTestEffect1764400000001 implements MigrationInterface {
  readonly name = 'CreateTestEffect1764400000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "${serviceSchema(runner)}".test_effect (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consumer text NOT NULL,
        event_id text NOT NULL,
        lot text NOT NULL,
        sequence bigint NOT NULL,
        type text NOT NULL,
        detail text NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${serviceSchema(runner)}".test_effect`);
  }
}
