import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FACT_HISTORIES } from './fact-history';

/**
 * Recorded time on the projection's facts (a history row per insert or change, kept by triggers,
 * and `<table>_as_of(t)` to read a table as known at t), versioned configuration, the lots and runs
 * each frozen statement stands on, and restatements.
 */
export class AddRecordedTimeToTraceability1765600000000 implements MigrationInterface {
  name = 'AddRecordedTimeToTraceability1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    for (const { table, key, columns, changedWhen } of FACT_HISTORIES) {
      const names = columns.map((column) => column.name).join(', ');
      await queryRunner.query(
        `CREATE TABLE "${s}".${table}_history AS SELECT ${names} FROM "${s}".${table} WITH NO DATA`,
      );
      await queryRunner.query(
        `ALTER TABLE "${s}".${table}_history
           ADD COLUMN fact_recorded_at timestamptz NOT NULL DEFAULT now(),
           ADD COLUMN fact_tx bigint NOT NULL DEFAULT txid_current(),
           ADD COLUMN history_id bigserial PRIMARY KEY`,
      );
      await queryRunner.query(
        `CREATE INDEX ${table}_history_key_idx ON "${s}".${table}_history (${key.join(', ')}, history_id)`,
      );
      await queryRunner.query(`CREATE INDEX ${table}_history_tx_idx ON "${s}".${table}_history (fact_tx)`);
      // What the projection holds already is known from now on.
      await queryRunner.query(
        `INSERT INTO "${s}".${table}_history (${names}) SELECT ${names} FROM "${s}".${table}`,
      );
      await queryRunner.query(
        `CREATE FUNCTION "${s}".${table}_keep_history() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           INSERT INTO "${s}".${table}_history (${names})
           VALUES (${columns.map((column) => `NEW.${column.name}`).join(', ')});
           RETURN NULL;
         END $$`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_history_insert AFTER INSERT ON "${s}".${table}
         FOR EACH ROW EXECUTE FUNCTION "${s}".${table}_keep_history()`,
      );
      const changed = (row: string) => `(${changedWhen.map((column) => `${row}.${column}`).join(', ')})`;
      await queryRunner.query(
        `CREATE TRIGGER ${table}_history_update AFTER UPDATE ON "${s}".${table}
         FOR EACH ROW WHEN (${changed('OLD')} IS DISTINCT FROM ${changed('NEW')})
         EXECUTE FUNCTION "${s}".${table}_keep_history()`,
      );
      await queryRunner.query(
        `CREATE FUNCTION "${s}".${table}_as_of(known_at timestamptz)
         RETURNS TABLE (${columns.map((column) => `${column.name} ${column.type}`).join(', ')})
         LANGUAGE sql STABLE AS $$
           SELECT DISTINCT ON (${key.join(', ')}) ${names} FROM "${s}".${table}_history
           WHERE fact_recorded_at <= known_at ORDER BY ${key.join(', ')}, history_id DESC
         $$`,
      );
    }

    await queryRunner.query(`
      CREATE TABLE "${s}".trace_configuration_version (
        version integer PRIMARY KEY,
        method_version text NOT NULL,
        rounding_rule text NOT NULL,
        -- Coverage factor k of the closing rule's tolerance (k x combined standard uncertainty).
        closing_coverage_factor numeric NOT NULL,
        -- kg CO2e per kWh for energy recorded without its own CO2e; null: none.
        default_grid_factor_kg_co2e_per_kwh numeric,
        changed_by_subject text NOT NULL,
        changed_by_organisation text,
        changed_at timestamptz NOT NULL,
        reason text NOT NULL
      )`);
    await queryRunner.query(
      `INSERT INTO "${s}".trace_configuration_version
         (version, method_version, rounding_rule, closing_coverage_factor, default_grid_factor_kg_co2e_per_kwh,
          changed_by_subject, changed_by_organisation, changed_at, reason)
       VALUES (1, 'physical-allocation/1', 'HALF_EVEN_1MG_LARGEST_REMAINDER', 2, NULL, 'system', NULL, now(),
               'the configuration the service was built with')`,
    );
    await queryRunner.query(
      `ALTER TABLE "${s}".trace_statement ADD COLUMN configuration_version integer REFERENCES "${s}".trace_configuration_version (version)`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_statement_input (
        statement_id text NOT NULL REFERENCES "${s}".trace_statement (statement_id),
        -- LOT or RUN
        kind text NOT NULL,
        input_id text NOT NULL,
        PRIMARY KEY (statement_id, kind, input_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX trace_statement_input_idx ON "${s}".trace_statement_input (kind, input_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}".trace_restatement (
        restatement_id text PRIMARY KEY,
        statement_id text NOT NULL REFERENCES "${s}".trace_statement (statement_id),
        -- 1, 2, ... per statement
        sequence integer NOT NULL,
        lot_id text NOT NULL,
        -- The statement's figures as computed anew, and what changed against the figures before.
        figures jsonb NOT NULL,
        changes jsonb NOT NULL,
        -- [{ eventId, type, subject }] of the events applied in the transaction that changed the facts.
        triggered_by jsonb NOT NULL,
        configuration_version integer NOT NULL REFERENCES "${s}".trace_configuration_version (version),
        restated_at timestamptz NOT NULL,
        UNIQUE (statement_id, sequence)
      )`);
    await queryRunner.query(
      `CREATE INDEX trace_restatement_time_idx ON "${s}".trace_restatement (restated_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${s}".trace_restatement`);
    await queryRunner.query(`DROP TABLE "${s}".trace_statement_input`);
    await queryRunner.query(`ALTER TABLE "${s}".trace_statement DROP COLUMN configuration_version`);
    await queryRunner.query(`DROP TABLE "${s}".trace_configuration_version`);
    for (const { table } of [...FACT_HISTORIES].reverse()) {
      await queryRunner.query(`DROP FUNCTION "${s}".${table}_as_of(timestamptz)`);
      await queryRunner.query(`DROP TRIGGER ${table}_history_update ON "${s}".${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_history_insert ON "${s}".${table}`);
      await queryRunner.query(`DROP FUNCTION "${s}".${table}_keep_history()`);
      await queryRunner.query(`DROP TABLE "${s}".${table}_history`);
    }
  }
}
