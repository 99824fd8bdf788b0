import { EventPublisher, messagingMigrations } from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { ProcessRuns } from '../application/process-runs';
import type { ProcessRunsOptions } from '../application/process-runs-options';
import type { ProcessMutationOutcome, ProcessRequest } from '../application/process-request';
import { processRunTableMigrations } from '../persistence/process-runs-migrations';

export const OPERATOR = { subject: 'mes-line-1', organisationId: 'org-plant' };
export const SUPERVISOR = { subject: 'usr-supervisor', organisationId: 'org-plant' };
export const TOPICS = { lots: 'rre.concentration.lot-events.v1', runs: 'rre.concentration.run-events.v1' };

let requestCounter = 0;

/** A request by `actor` with an optional idempotency key. */
export function requestBy(actor = OPERATOR, idempotencyKey?: string): ProcessRequest {
  requestCounter += 1;
  return {
    actor,
    correlationId: `corr-${requestCounter}`,
    requestId: `req-${requestCounter}`,
    idempotencyKey,
  };
}

export interface OutboxRow {
  type: string;
  key: string;
  topic: string;
  sequence: string;
}

/** The library on a fresh schema of the test database (PGlite or PostgreSQL by TEST_DATABASE). */
export class ProcessRunsHarness {
  private constructor(
    readonly database: TestDatabase,
    readonly dataSource: DataSource,
    readonly runs: ProcessRuns,
    readonly schema: string,
    private readonly ownsDatabase: boolean,
  ) {}

  /** `database`: share another harness's test database (its owner closes it). */
  static async start(
    options: Partial<ProcessRunsOptions> = {},
    poolSize = 4,
    shared?: TestDatabase,
  ): Promise<ProcessRunsHarness> {
    const database = shared ?? (await openTestDatabase());
    const service = options.service ?? 'concentration';
    const schema = uniqueSchemaName(`process_runs_${service}`);
    const dataSource = await openServiceDatabase({
      url: database.url,
      service: schema,
      poolSize,
      entities: [],
      migrations: [...messagingMigrations, ...processRunTableMigrations],
    });
    const runs = new ProcessRuns({
      publisher: new EventPublisher({ service }),
      topics:
        service === 'concentration'
          ? TOPICS
          : { lots: `rre.${service}.lot-events.v1`, runs: `rre.${service}.run-events.v1` },
      ...options,
      service,
    });
    return new ProcessRunsHarness(database, dataSource, runs, schema, shared === undefined);
  }

  async stop(): Promise<void> {
    if (this.database.kind === 'postgres')
      await this.dataSource.query(`DROP SCHEMA "${this.schema}" CASCADE`);
    await this.dataSource.destroy();
    if (this.ownsDatabase) await this.database.close();
  }

  /** Runs one library call in its own transaction. */
  tx<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, work);
  }

  do(
    call: (runs: ProcessRuns, manager: EntityManager) => Promise<ProcessMutationOutcome>,
  ): Promise<ProcessMutationOutcome> {
    return this.tx((manager) => call(this.runs, manager));
  }

  /** The data of the last outbox event of `type` for `key`. */
  async lastEventData(key: string, type: string): Promise<Uint8Array> {
    const [row] = (await this.dataSource.query(
      `SELECT data FROM "${this.schema}".outbox WHERE key = $1 AND type = $2 ORDER BY id DESC LIMIT 1`,
      [key, type],
    )) as { data: Buffer }[];
    if (!row) throw new Error(`no ${type} event for ${key}`);
    return new Uint8Array(row.data);
  }

  async outbox(): Promise<OutboxRow[]> {
    return (await this.dataSource.query(
      `SELECT type, key, topic, sequence::text AS sequence FROM "${this.schema}".outbox ORDER BY id`,
    )) as OutboxRow[];
  }

  /** Row counts of every library table and the outbox: a refused request changes none of them. */
  async counts(): Promise<Record<string, number>> {
    const tables = [
      'process_lot',
      'process_lot_assay',
      'process_lot_transfer',
      'process_lot_correction',
      'process_run',
      'process_run_movement',
      'process_run_output',
      'process_run_loss',
      'process_run_correction',
      'process_idempotency_key',
      'outbox',
    ];
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM "${this.schema}".${table}`,
      )) as {
        n: number;
      }[];
      counts[table] = row?.n ?? -1;
    }
    return counts;
  }
}
