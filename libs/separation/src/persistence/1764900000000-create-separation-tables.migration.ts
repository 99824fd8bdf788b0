import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Separation's own tables: distribution ratios, SX fractions, oxide lots, run KPIs. */
export class CreateSeparationTables1764900000000 implements MigrationInterface {
  name = 'CreateSeparationTables1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}".distribution_ratio (
        run_id text NOT NULL,
        element text NOT NULL,
        revision integer NOT NULL CHECK (revision >= 1),
        ratio numeric NOT NULL CHECK (ratio > 0),
        uncertainty numeric CHECK (uncertainty >= 0),
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        PRIMARY KEY (run_id, element, revision)
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}".fraction (
        lot_id text PRIMARY KEY,
        run_id text NOT NULL,
        kind text NOT NULL,
        purity_percent numeric CHECK (purity_percent > 0 AND purity_percent <= 100),
        purity_uncertainty_percent numeric CHECK (purity_uncertainty_percent >= 0),
        assay_purity_percent numeric,
        declared_at timestamptz NOT NULL,
        declared_by text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX fraction_run_idx ON "${s}".fraction (run_id, kind)`);
    await queryRunner.query(`
      CREATE TABLE "${s}".oxide_lot (
        lot_id text PRIMARY KEY,
        run_id text NOT NULL,
        oxide text NOT NULL,
        formula text NOT NULL,
        element text NOT NULL,
        oxide_mass_kg numeric NOT NULL CHECK (oxide_mass_kg > 0),
        purity_percent numeric NOT NULL CHECK (purity_percent > 0 AND purity_percent <= 100),
        purity_uncertainty_percent numeric CHECK (purity_uncertainty_percent >= 0),
        element_fraction numeric NOT NULL,
        element_mass_kg numeric NOT NULL,
        element_molar_mass_g_per_mol numeric NOT NULL,
        oxide_molar_mass_g_per_mol numeric NOT NULL,
        declared_at timestamptz NOT NULL,
        declared_by text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX oxide_lot_run_idx ON "${s}".oxide_lot (run_id)`);
    await queryRunner.query(`
      CREATE TABLE "${s}".run_kpi (
        run_id text NOT NULL,
        revision integer NOT NULL,
        kind text NOT NULL,
        computed_at timestamptz NOT NULL,
        extractant_name text,
        extractant_kind text,
        contactor_type text,
        kpis jsonb NOT NULL,
        PRIMARY KEY (run_id, revision)
      )`);
    await queryRunner.query(`CREATE INDEX run_kpi_computed_idx ON "${s}".run_kpi (computed_at, run_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    for (const table of ['run_kpi', 'oxide_lot', 'fraction', 'distribution_ratio']) {
      await queryRunner.query(`DROP TABLE "${s}".${table}`);
    }
  }
}
