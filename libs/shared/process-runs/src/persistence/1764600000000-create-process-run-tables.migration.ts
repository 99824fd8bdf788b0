import { createIdempotencyKeyTable } from '../idempotency/idempotency-key-table';
import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The run machinery's tables, in the host service's schema (every name prefixed `process_`). */
export class CreateProcessRunTables1764600000000 implements MigrationInterface {
  name = 'CreateProcessRunTables1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(queryRunner)}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}.process_lot (
        id text PRIMARY KEY,
        code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('MATERIAL', 'IN_PROCESS_INVENTORY', 'REAGENT')),
        custody text NOT NULL CHECK (custody IN ('OFFERED', 'HELD', 'REFUSED', 'OFFERED_OUT', 'HANDED_OVER')),
        mass_kg numeric(24, 6) NOT NULL CHECK (mass_kg >= 0),
        remaining_kg numeric(24, 6) NOT NULL CHECK (remaining_kg >= 0),
        composition jsonb,
        composition_status text CHECK (composition_status IN ('PROVISIONAL', 'FINAL')),
        current_assay_id text,
        material_kind text,
        source_category text,
        equipment_id text,
        description text,
        received_from_service text,
        received_transfer_id text,
        produced_by_run_id text,
        output_role text,
        refusal_reason text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX process_lot_custody_idx ON ${s}.process_lot (custody, kind, created_at, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE ${s}.process_lot_assay (
        id text PRIMARY KEY,
        lot_id text NOT NULL REFERENCES ${s}.process_lot (id),
        assay_id text NOT NULL,
        composition jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('PROVISIONAL', 'FINAL')),
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX process_lot_assay_lot_idx ON ${s}.process_lot_assay (lot_id, recorded_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE ${s}.process_lot_transfer (
        id text PRIMARY KEY,
        lot_id text NOT NULL REFERENCES ${s}.process_lot (id),
        to_service text NOT NULL,
        mass_kg numeric(24, 6) NOT NULL,
        status text NOT NULL CHECK (status IN ('OFFERED', 'ACCEPTED', 'REFUSED')),
        reason text,
        offered_at timestamptz NOT NULL,
        settled_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.process_run (
        id text PRIMARY KEY,
        external_id text UNIQUE,
        kind text NOT NULL,
        parameters jsonb,
        equipment_id text NOT NULL,
        work_order text NOT NULL,
        status text NOT NULL CHECK (status IN ('PLANNED', 'STARTED', 'HELD', 'AWAITING_OVERRIDE_APPROVAL', 'COMPLETED', 'ABORTED')),
        completion_basis text CHECK (completion_basis IN ('PROVISIONAL', 'FINAL')),
        hold_reason text,
        abort_reason text,
        balance jsonb,
        override jsonb,
        planned_at timestamptz NOT NULL,
        started_at timestamptz,
        completed_at timestamptz,
        finalized_at timestamptz,
        aborted_at timestamptz,
        updated_at timestamptz NOT NULL,
        planned_by text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX process_run_planned_idx ON ${s}.process_run (planned_at, id)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.process_run_movement (
        id text PRIMARY KEY,
        run_id text NOT NULL REFERENCES ${s}.process_run (id),
        lot_id text NOT NULL REFERENCES ${s}.process_lot (id),
        kind text NOT NULL CHECK (kind IN ('INPUT', 'OPENING_INVENTORY', 'RETURN', 'SAMPLE')),
        mass_kg numeric(24, 6) NOT NULL CHECK (mass_kg > 0),
        sample_id text,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX process_run_movement_run_idx ON ${s}.process_run_movement (run_id, lot_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE ${s}.process_run_output (
        id text PRIMARY KEY,
        run_id text NOT NULL REFERENCES ${s}.process_run (id),
        lot_id text NOT NULL UNIQUE REFERENCES ${s}.process_lot (id),
        role text NOT NULL CHECK (role IN ('PRODUCT', 'BY_PRODUCT', 'RESIDUE', 'IN_PROCESS_INVENTORY')),
        mass_kg numeric(24, 6) NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX process_run_output_run_idx ON ${s}.process_run_output (run_id)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.process_run_loss (
        id text PRIMARY KEY,
        run_id text NOT NULL REFERENCES ${s}.process_run (id),
        element text NOT NULL,
        mass_kg numeric(24, 6) NOT NULL CHECK (mass_kg >= 0),
        uncertainty_kg numeric(24, 6),
        kind text NOT NULL CHECK (kind IN ('OFF_GAS', 'SPILL', 'SAMPLE', 'OTHER')),
        note text,
        superseded_by_correction_id text,
        correction_id text,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX process_run_loss_run_idx ON ${s}.process_run_loss (run_id)`);
    await queryRunner.query(`
      CREATE TABLE ${s}.process_run_correction (
        id text PRIMARY KEY,
        run_id text NOT NULL REFERENCES ${s}.process_run (id),
        reason text NOT NULL,
        changes jsonb NOT NULL,
        balance_before jsonb NOT NULL,
        balance_after jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by text NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX process_run_correction_run_idx ON ${s}.process_run_correction (run_id, recorded_at)`,
    );
    await createIdempotencyKeyTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(queryRunner)}"`;
    for (const table of [
      'process_idempotency_key',
      'process_run_correction',
      'process_run_loss',
      'process_run_output',
      'process_run_movement',
      'process_run',
      'process_lot_transfer',
      'process_lot_assay',
      'process_lot',
    ]) {
      await queryRunner.query(`DROP TABLE ${s}.${table}`);
    }
  }
}
