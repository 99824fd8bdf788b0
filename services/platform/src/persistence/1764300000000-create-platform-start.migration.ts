import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePlatformStart1764300000000 implements MigrationInterface {
  name = 'CreatePlatformStart1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "platform"."platform_start" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "started_at" timestamptz NOT NULL,
        "version" text NOT NULL,
        "mode" text NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "platform"."platform_start"`);
  }
}
