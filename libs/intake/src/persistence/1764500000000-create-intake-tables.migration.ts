import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake's tables. Masses are NUMERIC(24, 6) in kilograms (exactly the 1 mg resolution, so a stored
 * mass is never rounded); fractions keep the value and unit they were given in. Every record that a
 * lot accumulates (assays, screenings, decisions, hand-overs, corrections) is its own row: nothing
 * recorded is overwritten, and `seq` keeps the order in which they were recorded.
 */
export class CreateIntakeTables1764500000000 implements MigrationInterface {
  readonly name = 'CreateIntakeTables1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    await runner.query(`
      CREATE TABLE "${s}".lot_code_sequence (
        year integer PRIMARY KEY,
        last_number integer NOT NULL CONSTRAINT lot_code_sequence_positive CHECK (last_number > 0)
      )`);
    await runner.query(`
      CREATE TABLE "${s}".lot (
        id char(26) PRIMARY KEY,
        code varchar(32) NOT NULL CONSTRAINT lot_code_key UNIQUE,
        gs1_identifier text NOT NULL,
        organisation_id text NOT NULL,
        supplier_site_id text NOT NULL,
        material_kind text NOT NULL,
        source_category text NOT NULL,
        source_evidence_ref text NOT NULL,
        country_of_origin char(2) NOT NULL,
        declared_mass_kg numeric(24, 6) NOT NULL CONSTRAINT lot_declared_mass_positive CHECK (declared_mass_kg > 0),
        weighbridge_ticket text NOT NULL,
        vehicle text NOT NULL,
        scale text NOT NULL,
        gross_mass_kg numeric(24, 6) NOT NULL,
        tare_mass_kg numeric(24, 6) NOT NULL,
        net_mass_kg numeric(24, 6) NOT NULL,
        moisture_value numeric,
        moisture_unit text,
        containers jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        declared_composition jsonb,
        declared_composition_basis text NOT NULL,
        registered_at timestamptz NOT NULL,
        registered_by_subject text NOT NULL,
        registered_by_organisation text NOT NULL,
        registered_event_id text,
        status text NOT NULL,
        custodian text NOT NULL,
        current_assay_id char(26),
        current_assay_reason text,
        updated_at timestamptz NOT NULL,
        CONSTRAINT lot_weighing_consistent CHECK (net_mass_kg = gross_mass_kg - tare_mass_kg AND net_mass_kg > 0)
      )`);
    await runner.query(`CREATE INDEX lot_received_at_id_idx ON "${s}".lot (received_at, id)`);
    await runner.query(
      `CREATE INDEX lot_organisation_received_idx ON "${s}".lot (organisation_id, received_at, id)`,
    );
    await runner.query(`CREATE INDEX lot_status_idx ON "${s}".lot (status)`);
    await runner.query(`
      CREATE TABLE "${s}".assay (
        id char(26) PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT assay_seq_key UNIQUE,
        lot_id char(26) NOT NULL REFERENCES "${s}".lot (id),
        laboratory_id text NOT NULL,
        method text NOT NULL,
        sample_id text NOT NULL,
        analysed_at timestamptz NOT NULL,
        moisture_basis text NOT NULL,
        reason text NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by_subject text NOT NULL,
        recorded_by_organisation text NOT NULL
      )`);
    await runner.query(`CREATE INDEX assay_lot_idx ON "${s}".assay (lot_id, seq)`);
    await runner.query(`
      CREATE TABLE "${s}".assay_element_content (
        assay_id char(26) NOT NULL REFERENCES "${s}".assay (id),
        element varchar(3) NOT NULL,
        position smallint NOT NULL,
        value numeric NOT NULL CONSTRAINT assay_element_content_value_not_negative CHECK (value >= 0),
        unit text NOT NULL,
        uncertainty numeric,
        PRIMARY KEY (assay_id, element)
      )`);
    await runner.query(`
      CREATE TABLE "${s}".screening (
        id char(26) PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT screening_seq_key UNIQUE,
        lot_id char(26) NOT NULL REFERENCES "${s}".lot (id),
        assay_id char(26) REFERENCES "${s}".assay (id),
        uranium_ppm numeric NOT NULL,
        thorium_ppm numeric NOT NULL,
        uranium_bq_per_g numeric NOT NULL,
        thorium_bq_per_g numeric NOT NULL,
        uranium_limit_ppm numeric NOT NULL,
        thorium_limit_ppm numeric NOT NULL,
        sum_of_ratios numeric NOT NULL,
        threshold numeric NOT NULL,
        outcome text NOT NULL,
        screened_at timestamptz NOT NULL,
        screened_by_subject text NOT NULL,
        screened_by_organisation text NOT NULL
      )`);
    await runner.query(`CREATE INDEX screening_lot_idx ON "${s}".screening (lot_id, seq)`);
    await runner.query(`
      CREATE TABLE "${s}".lot_decision (
        id char(26) PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT lot_decision_seq_key UNIQUE,
        lot_id char(26) NOT NULL REFERENCES "${s}".lot (id),
        kind text NOT NULL,
        reason text NOT NULL,
        disposition text,
        decided_by_subject text NOT NULL,
        decided_by_organisation text NOT NULL,
        decided_at timestamptz NOT NULL,
        state text NOT NULL,
        approved_by_subject text,
        approved_by_organisation text,
        approved_at timestamptz,
        CONSTRAINT lot_decision_four_eyes CHECK (approved_by_subject IS NULL OR approved_by_subject <> decided_by_subject)
      )`);
    await runner.query(`CREATE INDEX lot_decision_lot_idx ON "${s}".lot_decision (lot_id, seq)`);
    await runner.query(`
      CREATE TABLE "${s}".custody_transfer (
        id char(26) PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT custody_transfer_seq_key UNIQUE,
        lot_id char(26) NOT NULL REFERENCES "${s}".lot (id),
        route text NOT NULL,
        mass_kg numeric(24, 6) NOT NULL,
        offered_by_subject text NOT NULL,
        offered_by_organisation text NOT NULL,
        offered_at timestamptz NOT NULL,
        status_before text NOT NULL,
        state text NOT NULL,
        answered_by_subject text,
        answered_by_organisation text,
        answered_at timestamptz,
        refusal_reason text,
        received_mass_kg numeric(24, 6)
      )`);
    await runner.query(`CREATE INDEX custody_transfer_lot_idx ON "${s}".custody_transfer (lot_id, seq)`);
    // At most one hand-over of a lot waits for an answer at a time.
    await runner.query(
      `CREATE UNIQUE INDEX custody_transfer_one_pending ON "${s}".custody_transfer (lot_id) WHERE state = 'PENDING'`,
    );
    await runner.query(`
      CREATE TABLE "${s}".lot_correction (
        id char(26) PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT lot_correction_seq_key UNIQUE,
        lot_id char(26) NOT NULL REFERENCES "${s}".lot (id),
        field text NOT NULL,
        old_value text NOT NULL,
        new_value text NOT NULL,
        reason text NOT NULL,
        corrected_by_subject text NOT NULL,
        corrected_by_organisation text NOT NULL,
        corrected_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX lot_correction_lot_idx ON "${s}".lot_correction (lot_id, seq)`);
    await runner.query(`
      CREATE TABLE "${s}".idempotency_key (
        client_subject text NOT NULL,
        key text NOT NULL,
        operation text NOT NULL,
        request_hash char(64) NOT NULL,
        result jsonb,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT idempotency_key_pkey PRIMARY KEY (client_subject, key)
      )`);
    await runner.query(`CREATE INDEX idempotency_key_expires_idx ON "${s}".idempotency_key (expires_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = serviceSchema(runner);
    for (const table of [
      'idempotency_key',
      'lot_correction',
      'custody_transfer',
      'lot_decision',
      'screening',
      'assay_element_content',
      'assay',
      'lot',
      'lot_code_sequence',
    ]) {
      await runner.query(`DROP TABLE "${s}".${table}`);
    }
  }
}
