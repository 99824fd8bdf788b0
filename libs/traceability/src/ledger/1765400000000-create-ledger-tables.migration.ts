import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tamper-evident ledger: hash chains of the ingested events, signed checkpoints, the signing key. */
export class CreateLedgerTables1765400000000 implements MigrationInterface {
  name = 'CreateLedgerTables1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${s}".ledger_chain (
        -- <topic>:<source>:<partition>
        chain_id text PRIMARY KEY,
        length bigint NOT NULL,
        head_hash bytea NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}".ledger_entry (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        chain_id text NOT NULL,
        chain_index bigint NOT NULL,
        topic text NOT NULL,
        -- Kafka: the topic; embedded: the outbox schema
        source text NOT NULL,
        partition integer NOT NULL,
        position numeric NOT NULL,
        event_id text NOT NULL UNIQUE,
        -- the envelope subject: a lot id or a run id
        subject text NOT NULL,
        -- the canonical bytes of the event as published (@rre/ledger canonicalEventBytes)
        event_bytes bytea NOT NULL,
        event_hash bytea NOT NULL,
        previous_hash bytea NOT NULL,
        entry_hash bytea NOT NULL,
        appended_at timestamptz NOT NULL,
        checkpoint_sequence bigint,
        leaf_index integer,
        UNIQUE (chain_id, chain_index)
      )`);
    await queryRunner.query(`CREATE INDEX ledger_entry_subject_idx ON "${s}".ledger_entry (subject)`);
    await queryRunner.query(
      `CREATE INDEX ledger_entry_checkpoint_idx ON "${s}".ledger_entry (checkpoint_sequence, leaf_index)`,
    );
    await queryRunner.query(
      `CREATE INDEX ledger_entry_pending_idx ON "${s}".ledger_entry (id) WHERE checkpoint_sequence IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "${s}".ledger_checkpoint (
        sequence bigint PRIMARY KEY,
        tree_size integer NOT NULL,
        root bytea NOT NULL,
        period_start text NOT NULL,
        period_end text NOT NULL,
        previous text NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL,
        -- PERIOD, ENTRIES or ON_DEMAND (and who asked)
        reason text NOT NULL,
        requested_by text,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "${s}".ledger_signing_key (
        key_id text PRIMARY KEY,
        public_key_pem text NOT NULL,
        -- Only the development key the embedded mode generates is kept here; a configured key never is.
        private_key_pem text,
        origin text NOT NULL CHECK (origin IN ('CONFIGURED', 'GENERATED_DEVELOPMENT_KEY')),
        first_used_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = serviceSchema(queryRunner);
    for (const table of ['ledger_signing_key', 'ledger_checkpoint', 'ledger_entry', 'ledger_chain'])
      await queryRunner.query(`DROP TABLE "${s}".${table}`);
  }
}
