import { Client } from 'pg';

/** A parked event of a consumer, as its service's `dead_letter` table holds it. */
export interface ParkedEvent {
  readonly service: string;
  readonly consumer: string;
  readonly key: string;
  readonly type: string;
  /** parked, waiting (behind a parked event of its lot) or replayed. */
  readonly status: string;
  readonly reason: string;
  readonly error: string;
}

/**
 * Every event parked in any service's `dead_letter` table of the platform's PostgreSQL database
 * (each service's schema has one), oldest first per service. The embedded platform's PGlite is
 * locked while it runs: there, `npm run dead-letters -- list` reads them once it is stopped.
 */
export async function readDeadLetters(databaseUrl: string): Promise<ParkedEvent[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_schema: string }>(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'dead_letter' ORDER BY 1`,
    );
    const parked: ParkedEvent[] = [];
    for (const { table_schema } of tables.rows) {
      const rows = await client.query<Omit<ParkedEvent, 'service'>>(
        `SELECT consumer, key, type, status, reason, left(coalesce(error, ''), 300) AS error
         FROM "${table_schema}".dead_letter ORDER BY id`,
      );
      parked.push(...rows.rows.map((row) => ({ service: table_schema, ...row })));
    }
    return parked;
  } finally {
    await client.end();
  }
}
