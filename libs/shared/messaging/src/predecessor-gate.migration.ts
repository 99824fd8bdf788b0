import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables of PredecessorGate, in the schema of the service that uses it (after messagingMigrations). */
export class CreatePredecessorGateTables1764400000100 implements MigrationInterface {
  readonly name = 'CreatePredecessorGateTables1764400000100';

  async up(runner: QueryRunner): Promise<void> {
    const q = (table: string) => `"${serviceSchema(runner)}"."${table}"`;
    await runner.query(`
      CREATE TABLE ${q('gate_stream')} (
        gate text NOT NULL,
        stream text NOT NULL,
        last_sequence bigint NOT NULL,
        PRIMARY KEY (gate, stream)
      )`);
    await runner.query(`
      CREATE TABLE ${q('gate_released')} (
        gate text NOT NULL,
        event_id text NOT NULL,
        released_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (gate, event_id)
      )`);
    await runner.query(`
      CREATE TABLE ${q('gate_held')} (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        gate text NOT NULL,
        event_id text NOT NULL,
        stream text NOT NULL,
        sequence bigint NOT NULL,
        subject text NOT NULL,
        awaits text[] NOT NULL,
        topic text NOT NULL,
        type text NOT NULL,
        attributes jsonb NOT NULL,
        data bytea NOT NULL,
        held_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT gate_held_event_key UNIQUE (gate, event_id)
      )`);
    await runner.query(`CREATE INDEX gate_held_stream_idx ON ${q('gate_held')} (gate, stream, sequence)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const q = (table: string) => `"${serviceSchema(runner)}"."${table}"`;
    for (const table of ['gate_held', 'gate_released', 'gate_stream'])
      await runner.query(`DROP TABLE ${q(table)}`);
  }
}

/** Add these after `messagingMigrations` in a service that uses a PredecessorGate. */
export const predecessorGateMigrations = [CreatePredecessorGateTables1764400000100];
