import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Industrial-waste manifests of lots: one per lot at most, a manifest number once per issuer, the
 * return slips with their due dates, and the reports the plant sent.
 */
export class CreateManifestTables1764500000001 implements MigrationInterface {
  readonly name = 'CreateManifestTables1764500000001';

  async up(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`
      CREATE TABLE "${s}".waste_manifest (
        id char(26) PRIMARY KEY,
        lot_id char(26) NOT NULL CONSTRAINT waste_manifest_lot_key UNIQUE REFERENCES "${s}".lot (id),
        number varchar(20) NOT NULL,
        issuer_id text NOT NULL,
        waste_type text NOT NULL,
        form text NOT NULL,
        specially_controlled boolean NOT NULL,
        issued_on date NOT NULL,
        CONSTRAINT waste_manifest_issuer_number_key UNIQUE (issuer_id, number)
      )`);
    await runner.query(`
      CREATE TABLE "${s}".manifest_slip (
        manifest_id char(26) NOT NULL REFERENCES "${s}".waste_manifest (id),
        slip varchar(2) NOT NULL,
        due_on date NOT NULL,
        returned_on date,
        recorded_by_subject text,
        recorded_by_organisation text,
        PRIMARY KEY (manifest_id, slip)
      )`);
    await runner.query(
      `CREATE INDEX manifest_slip_outstanding_idx ON "${s}".manifest_slip (due_on) WHERE returned_on IS NULL`,
    );
    await runner.query(`
      CREATE TABLE "${s}".manifest_report (
        id char(26) PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT manifest_report_seq_key UNIQUE,
        manifest_id char(26) NOT NULL REFERENCES "${s}".waste_manifest (id),
        kind text NOT NULL,
        completed_on date NOT NULL,
        due_on date NOT NULL,
        sent_on date NOT NULL,
        recorded_by_subject text NOT NULL,
        recorded_by_organisation text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT manifest_report_kind_key UNIQUE (manifest_id, kind)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    for (const table of ['manifest_report', 'manifest_slip', 'waste_manifest']) {
      await runner.query(`DROP TABLE "${s}".${table}`);
    }
  }
}
