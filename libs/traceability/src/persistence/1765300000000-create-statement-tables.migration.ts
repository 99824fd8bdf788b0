import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Shipped lots, frozen recycled-content statements and the runs' recorded emissions. */
export class CreateStatementTables1765300000000 implements MigrationInterface {
  name = 'CreateStatementTables1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_shipment (
        shipment_id text NOT NULL,
        lot_id text NOT NULL,
        order_id text NOT NULL,
        order_line_id text,
        customer_organisation_id text,
        delivery_site_id text,
        delivery_site_gln text,
        net_mass_kg numeric NOT NULL,
        shipped_at timestamptz NOT NULL,
        product_code text,
        passport_id text,
        event_id text NOT NULL,
        PRIMARY KEY (shipment_id, lot_id)
      )`);
    await queryRunner.query(`CREATE INDEX trace_shipment_lot_idx ON "${s}".trace_shipment (lot_id)`);
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_statement (
        statement_id text PRIMARY KEY,
        lot_id text NOT NULL,
        -- What it was issued for; '' when asked for directly.
        shipment_id text NOT NULL,
        method_version text NOT NULL,
        inputs_sha256 text NOT NULL,
        -- The statement as issued (figures as text), never updated.
        body jsonb NOT NULL,
        issued_at timestamptz NOT NULL,
        restates_statement_id text
      )`);
    // One statement per shipment and lot, whatever is redelivered or replayed.
    await queryRunner.query(
      `CREATE UNIQUE INDEX trace_statement_shipment_lot_idx ON "${s}".trace_statement (shipment_id, lot_id) WHERE shipment_id <> ''`,
    );
    await queryRunner.query(
      `CREATE INDEX trace_statement_lot_idx ON "${s}".trace_statement (lot_id, issued_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_run_emission (
        run_id text PRIMARY KEY,
        energy_kwh numeric,
        co2e_kg numeric NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    for (const table of ['trace_run_emission', 'trace_statement', 'trace_shipment'])
      await queryRunner.query(`DROP TABLE "${s}".${table}`);
  }
}
