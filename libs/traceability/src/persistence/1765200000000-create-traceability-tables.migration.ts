import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The genealogy (lots, runs, takes, outputs, losses) and how far each topic has been read. */
export class CreateTraceabilityTables1765200000000 implements MigrationInterface {
  name = 'CreateTraceabilityTables1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_lot (
        lot_id text PRIMARY KEY,
        lot_code text,
        source_category text,
        supplier_organisation_id text,
        country_of_origin text,
        material_kind text,
        -- Registered (intake) or produced mass, kg; corrections replace it.
        mass_kg numeric,
        -- Current composition [{ "element", "fraction" }] (exact decimal text) and when it was stated.
        composition jsonb NOT NULL DEFAULT '[]',
        composition_at timestamptz,
        composition_is_assay boolean NOT NULL DEFAULT false,
        produced_by_run_id text,
        output_role text,
        first_service text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX trace_lot_produced_by_idx ON "${s}".trace_lot (produced_by_run_id) WHERE produced_by_run_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_run (
        run_id text PRIMARY KEY,
        service text NOT NULL,
        kind text,
        equipment_id text,
        work_order text,
        status text NOT NULL,
        -- Per-element losses of the run's latest balance, { element: kg }; null until it completes.
        balance_losses jsonb,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_movement (
        movement_id text PRIMARY KEY,
        run_id text NOT NULL,
        lot_id text NOT NULL,
        -- INPUT, OPENING_INVENTORY or RETURN (subtracted from the run's take of the lot)
        kind text NOT NULL,
        mass_kg numeric NOT NULL CHECK (mass_kg >= 0),
        at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX trace_movement_run_idx ON "${s}".trace_movement (run_id)`);
    await queryRunner.query(`CREATE INDEX trace_movement_lot_idx ON "${s}".trace_movement (lot_id)`);
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_loss (
        run_id text NOT NULL,
        loss_id text NOT NULL,
        element text NOT NULL,
        mass_kg numeric NOT NULL,
        PRIMARY KEY (run_id, loss_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_position (
        topic text NOT NULL,
        -- Kafka: the topic; embedded: the outbox schema it was read from
        source text NOT NULL,
        partition integer NOT NULL,
        position numeric NOT NULL,
        events bigint NOT NULL,
        last_event_time timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (topic, source, partition)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    for (const table of ['trace_position', 'trace_loss', 'trace_movement', 'trace_run', 'trace_lot'])
      await queryRunner.query(`DROP TABLE "${s}".${table}`);
  }
}
