import { Client } from 'pg';

/** Runs one statement on the PostgreSQL server at `url` (any database of it). */
export async function onServer<T = Record<string, unknown>>(
  url: string,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, parameters)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface ScratchDatabases {
  /** The database URL of each name given. */
  readonly urls: ReadonlyMap<string, string>;
  /** Drops every database created (even with connections left open). */
  drop(): Promise<void>;
}

/**
 * One new database per name on the server of `serverUrl`, named <prefix>_<name>: each service of
 * the distributed chain gets its own, as in production. Created one after the other, dropped together.
 */
export async function createScratchDatabases(
  serverUrl: string,
  prefix: string,
  names: readonly string[],
): Promise<ScratchDatabases> {
  const urls = new Map<string, string>();
  const created: string[] = [];
  const drop = async () => {
    for (const database of created.splice(0)) {
      await onServer(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    }
  };
  try {
    for (const name of names) {
      const database = `${prefix}_${name}`;
      await onServer(serverUrl, `CREATE DATABASE "${database}"`);
      created.push(database);
      const url = new URL(serverUrl);
      url.pathname = `/${database}`;
      urls.set(name, url.toString());
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { urls, drop };
}
