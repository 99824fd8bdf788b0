import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Concentration's own tables: its copy of intake's lots, adsorbent batches, run KPIs, residue screenings. */
export class CreateConcentrationTables1764800000000 implements MigrationInterface {
  name = 'CreateConcentrationTables1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}".intake_lot (
        lot_id text PRIMARY KEY,
        lot_code text NOT NULL,
        material_kind text NOT NULL,
        source_category text NOT NULL,
        route text NOT NULL,
        weighed_net_mass_kg numeric,
        declared_composition jsonb,
        current_assay_id text,
        current_composition jsonb,
        custody text NOT NULL,
        transfer_id text,
        offered_mass_kg numeric,
        received_mass_kg numeric,
        held_since timestamptz,
        corrections jsonb NOT NULL DEFAULT '[]'::jsonb,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX intake_lot_custody_idx ON "${s}".intake_lot (custody, lot_code)`);
    await queryRunner.query(`
      CREATE TABLE "${s}".adsorbent_batch (
        id text PRIMARY KEY,
        code text NOT NULL UNIQUE,
        material text NOT NULL,
        registered_at timestamptz NOT NULL,
        registered_by text NOT NULL,
        retired_at timestamptz,
        retirement_reason text,
        retired_by text
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}".adsorbent_capacity (
        batch_id text NOT NULL REFERENCES "${s}".adsorbent_batch (id),
        cycle_number integer NOT NULL CHECK (cycle_number >= 1),
        capacity_mg_per_g numeric NOT NULL CHECK (capacity_mg_per_g >= 0),
        measured_at timestamptz NOT NULL,
        run_id text,
        recorded_by text NOT NULL,
        PRIMARY KEY (batch_id, cycle_number)
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}".run_kpi (
        run_id text NOT NULL,
        revision integer NOT NULL,
        kind text NOT NULL,
        computed_at timestamptz NOT NULL,
        kpis jsonb NOT NULL,
        PRIMARY KEY (run_id, revision)
      )`);
    await queryRunner.query(`CREATE INDEX run_kpi_computed_idx ON "${s}".run_kpi (computed_at, run_id)`);
    await queryRunner.query(`
      CREATE TABLE "${s}".residue_screening (
        lot_id text PRIMARY KEY,
        run_id text NOT NULL,
        uranium_ppm numeric NOT NULL,
        thorium_ppm numeric NOT NULL,
        sum_of_ratios numeric NOT NULL,
        threshold numeric NOT NULL,
        outcome text NOT NULL,
        screened_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    for (const table of [
      'residue_screening',
      'run_kpi',
      'adsorbent_capacity',
      'adsorbent_batch',
      'intake_lot',
    ]) {
      await queryRunner.query(`DROP TABLE "${s}".${table}`);
    }
  }
}
