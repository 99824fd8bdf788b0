import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { serviceSchema } from '@rre/persistence';

/** Schema-qualified, quoted names of the messaging tables of one service schema. */
export interface MessagingTables {
  schema: string;
  outbox: string;
  aggregateSequence: string;
  inbox: string;
  consumerOffset: string;
  deadLetter: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export function messagingTables(schema: string): MessagingTables {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid schema name "${schema}": must match ${SCHEMA_NAME}`);
  }
  const q = (table: string) => `"${schema}"."${table}"`;
  return {
    schema,
    outbox: q('outbox'),
    aggregateSequence: q('aggregate_sequence'),
    inbox: q('inbox'),
    consumerOffset: q('consumer_offset'),
    deadLetter: q('dead_letter'),
  };
}

/** The messaging tables of the service schema that `source` works on. */
export function messagingTablesOf(source: DataSource | EntityManager | QueryRunner): MessagingTables {
  return messagingTables(serviceSchema(source));
}
