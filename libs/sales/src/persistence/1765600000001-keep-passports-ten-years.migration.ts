import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passports (and the shipment notes drawn from the same rows) are kept available for at least ten
 * years. A shipment row is its passport: `retain_until` (issue + the configured retention, never
 * less than ten years: a CHECK) and triggers that refuse, before that date, to delete a shipment or
 * its frozen statements, to change what the passport signs (the shipment's columns, a statement),
 * to bring `retain_until` forward, or to truncate either table. Rows already there get ten years
 * from their issue.
 */
export class KeepPassportsTenYears1765600000001 implements MigrationInterface {
  name = 'KeepPassportsTenYears1765600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(queryRunner)}"`;
    await queryRunner.query(`ALTER TABLE ${s}.sales_shipment ADD COLUMN retain_until timestamptz`);
    await queryRunner.query(
      `UPDATE ${s}.sales_shipment SET retain_until = created_at + interval '10 years' WHERE retain_until IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE ${s}.sales_shipment ALTER COLUMN retain_until SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE ${s}.sales_shipment ADD CONSTRAINT sales_shipment_retained_ten_years
         CHECK (retain_until >= created_at + interval '10 years')`,
    );
    await queryRunner.query(`
      CREATE FUNCTION ${s}.sales_shipment_retained() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.retain_until <= now() THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'passport retained: sales_shipment of % cannot be deleted before %',
            OLD.passport_id, OLD.retain_until USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF (NEW.id, NEW.order_id, NEW.carrier, NEW.tracking_number, NEW.shipped_at, NEW.net_mass_kg,
            NEW.containers, NEW.passport_id, NEW.created_at)
           IS DISTINCT FROM (OLD.id, OLD.order_id, OLD.carrier, OLD.tracking_number, OLD.shipped_at,
            OLD.net_mass_kg, OLD.containers, OLD.passport_id, OLD.created_at) THEN
          RAISE EXCEPTION 'passport retained: the signed content of passport % cannot change before %',
            OLD.passport_id, OLD.retain_until USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW.retain_until < OLD.retain_until THEN
          RAISE EXCEPTION 'passport retained: retain_until of passport % cannot move from % to %',
            OLD.passport_id, OLD.retain_until, NEW.retain_until USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION ${s}.sales_passport_statement_retained() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        kept_until timestamptz;
      BEGIN
        EXECUTE format('SELECT retain_until FROM %I.sales_shipment WHERE id = $1', TG_TABLE_SCHEMA)
          INTO kept_until USING OLD.shipment_id;
        IF kept_until IS NULL OR kept_until <= now() THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'passport retained: sales_passport_statement of % cannot be deleted before %',
            OLD.shipment_id, kept_until USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF (NEW.shipment_id, NEW.lot_id, NEW.statement_id, NEW.statement, NEW.received_at)
           IS DISTINCT FROM (OLD.shipment_id, OLD.lot_id, OLD.statement_id, OLD.statement, OLD.received_at) THEN
          RAISE EXCEPTION 'passport retained: the frozen statement of lot % in shipment % cannot change before %',
            OLD.lot_id, OLD.shipment_id, kept_until USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION ${s}.sales_passport_not_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        retained boolean;
      BEGIN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.sales_shipment WHERE retain_until > now())', TG_TABLE_SCHEMA)
          INTO retained;
        IF retained THEN
          RAISE EXCEPTION 'passport retained: % cannot be truncated while a passport is retained', TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['sales_shipment', 'sales_passport_statement']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_retained BEFORE UPDATE OR DELETE ON ${s}.${table}
           FOR EACH ROW EXECUTE FUNCTION ${s}.${table}_retained()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_not_truncated BEFORE TRUNCATE ON ${s}.${table}
           FOR EACH STATEMENT EXECUTE FUNCTION ${s}.sales_passport_not_truncated()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(queryRunner)}"`;
    for (const table of ['sales_shipment', 'sales_passport_statement']) {
      await queryRunner.query(`DROP TRIGGER ${table}_retained ON ${s}.${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_not_truncated ON ${s}.${table}`);
    }
    await queryRunner.query(`DROP FUNCTION ${s}.sales_passport_not_truncated()`);
    await queryRunner.query(`DROP FUNCTION ${s}.sales_passport_statement_retained()`);
    await queryRunner.query(`DROP FUNCTION ${s}.sales_shipment_retained()`);
    await queryRunner.query(
      `ALTER TABLE ${s}.sales_shipment DROP CONSTRAINT sales_shipment_retained_ten_years`,
    );
    await queryRunner.query(`ALTER TABLE ${s}.sales_shipment DROP COLUMN retain_until`);
  }
}
