import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Process measurement series, their samples, rejected revisions and the batches they came in. */
export class CreateProcessMeasurementTables1764510000050 implements MigrationInterface {
  readonly name = 'CreateProcessMeasurementTables1764510000050';

  async up(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`CREATE TABLE "${s}".process_measurement_series (
      id char(26) PRIMARY KEY,
      run_id text NOT NULL,
      quantity_kind text NOT NULL,
      tag text NOT NULL,
      unit_code text NOT NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT process_measurement_series_key UNIQUE (run_id, quantity_kind, tag)
    )`);
    await runner.query(`CREATE TABLE "${s}".process_measurement_batch (
      id char(26) PRIMARY KEY,
      run_id text NOT NULL,
      received_at timestamptz NOT NULL,
      client_subject text,
      idempotency_key text,
      request_hash char(64) NOT NULL,
      outcome jsonb NOT NULL
    )`);
    await runner.query(
      `CREATE UNIQUE INDEX process_measurement_batch_idempotency_key ON "${s}".process_measurement_batch (client_subject, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await runner.query(`CREATE TABLE "${s}".process_measurement_sample (
      series_id char(26) NOT NULL REFERENCES "${s}".process_measurement_series (id),
      measured_us bigint NOT NULL,
      measured_at timestamptz NOT NULL,
      measured_at_as_sent text NOT NULL,
      value numeric NOT NULL,
      quality text NOT NULL,
      received_at timestamptz NOT NULL,
      batch_id char(26) NOT NULL REFERENCES "${s}".process_measurement_batch (id),
      PRIMARY KEY (series_id, measured_us)
    )`);
    await runner.query(`CREATE TABLE "${s}".process_measurement_rejected_revision (
      id char(26) PRIMARY KEY,
      series_id char(26) NOT NULL REFERENCES "${s}".process_measurement_series (id),
      measured_us bigint NOT NULL,
      measured_at_as_sent text NOT NULL,
      value numeric NOT NULL,
      quality text NOT NULL,
      received_at timestamptz NOT NULL,
      batch_id char(26) NOT NULL REFERENCES "${s}".process_measurement_batch (id),
      CONSTRAINT process_measurement_rejected_revision_key UNIQUE (series_id, measured_us, value, quality)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`DROP TABLE "${s}".process_measurement_rejected_revision`);
    await runner.query(`DROP TABLE "${s}".process_measurement_sample`);
    await runner.query(`DROP INDEX "${s}".process_measurement_batch_idempotency_key`);
    await runner.query(`DROP TABLE "${s}".process_measurement_batch`);
    await runner.query(`DROP TABLE "${s}".process_measurement_series`);
  }
}

export const processMeasurementMigrations = [CreateProcessMeasurementTables1764510000050];
