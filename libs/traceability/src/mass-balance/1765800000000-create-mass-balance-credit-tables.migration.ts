import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The plant's mass-balance credit ledger (credit method): one account per element and category
 * whose balance the database keeps non-negative, the periods deposited, and every deposit and claim.
 */
export class CreateMassBalanceCreditTables1765800000000 implements MigrationInterface {
  name = 'CreateMassBalanceCreditTables1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}".mb_credit_account (
        element text NOT NULL,
        category text NOT NULL CHECK (category IN ('POST_CONSUMER', 'PRE_CONSUMER', 'PRIMARY')),
        -- kg; claims lock the row (SELECT ... FOR UPDATE) and the CHECK is the last word.
        balance_kg numeric NOT NULL CHECK (balance_kg >= 0),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (element, category)
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}".mb_deposit_period (
        element text NOT NULL,
        period_from timestamptz NOT NULL,
        period_to timestamptz NOT NULL CHECK (period_to > period_from),
        method_version text NOT NULL,
        -- The period's figures as deposited (text), never updated.
        figures jsonb NOT NULL,
        deposited_by_subject text,
        deposited_at timestamptz NOT NULL,
        PRIMARY KEY (element, period_from)
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}".mb_credit_entry (
        entry_no bigserial PRIMARY KEY,
        entry_id text NOT NULL UNIQUE,
        element text NOT NULL,
        category text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('DEPOSIT', 'CLAIM')),
        kg numeric NOT NULL CHECK (kg > 0),
        balance_after_kg numeric NOT NULL CHECK (balance_after_kg >= 0),
        -- Deposits: what no claim has drawn yet (claims draw the oldest period first).
        remaining_kg numeric CHECK (remaining_kg >= 0 AND remaining_kg <= kg),
        period_from timestamptz,
        period_to timestamptz,
        -- Claims: what it backs ('' for a claim on a lot without a shipment).
        shipment_id text,
        lot_id text,
        idempotency_key text,
        request_sha256 text,
        actor_subject text,
        actor_organisation text,
        at timestamptz NOT NULL,
        FOREIGN KEY (element, category) REFERENCES "${s}".mb_credit_account (element, category),
        CHECK ((kind = 'DEPOSIT') = (period_from IS NOT NULL AND remaining_kg IS NOT NULL)),
        CHECK ((kind = 'CLAIM') = (lot_id IS NOT NULL AND shipment_id IS NOT NULL))
      )`);
    // One claim per shipment, lot and element: the same kilogram is never claimed twice.
    await queryRunner.query(
      `CREATE UNIQUE INDEX mb_claim_shipment_lot_element_idx ON "${s}".mb_credit_entry (shipment_id, lot_id, element) WHERE kind = 'CLAIM'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX mb_claim_idempotency_idx ON "${s}".mb_credit_entry (idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX mb_credit_entry_account_idx ON "${s}".mb_credit_entry (element, category, entry_no)`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}".mb_claim_draw (
        claim_entry_id text NOT NULL REFERENCES "${s}".mb_credit_entry (entry_id),
        deposit_entry_id text NOT NULL REFERENCES "${s}".mb_credit_entry (entry_id),
        kg numeric NOT NULL CHECK (kg > 0),
        PRIMARY KEY (claim_entry_id, deposit_entry_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    for (const table of ['mb_claim_draw', 'mb_credit_entry', 'mb_deposit_period', 'mb_credit_account'])
      await queryRunner.query(`DROP TABLE "${s}".${table}`);
  }
}
