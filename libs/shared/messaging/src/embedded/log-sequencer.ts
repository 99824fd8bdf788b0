import { createLogger } from '@rre/telemetry';
import type { DataSource, QueryResult } from 'typeorm';
import { ExclusiveRunnerLock } from '../exclusive-runner-lock';
import type { MessagingLogger } from '../messaging-logger';
import { messagingTablesOf, type MessagingTables } from '../messaging-tables';
import { watchOutboxCommits } from '../outbox-commit-signal';
import { PollingLoop, type PollOutcome } from '../polling-loop';

export interface LogSequencerOptions {
  /** The producing service's data source (its schema holds the outbox). */
  dataSource: DataSource;
  /** Pause between polls when nothing is new; a local commit wakes it at once. Default 50. */
  pollIntervalMs?: number;
  /** Rows positioned per statement. Default 500. */
  batchSize?: number;
  /** VACUUM the outbox after this many rows were positioned (0: never). Default 1,000. */
  vacuumEveryRows?: number;
  /**
   * After a local commit, wait this long before the turn it calls for, so that commits close
   * together are positioned by one statement instead of one each. Default 10.
   */
  commitWakeDelayMs?: number;
  logger?: MessagingLogger;
}

/**
 * Embedded mode's counterpart of the Kafka relay: it turns the outbox into an ordered log by
 * giving every committed row without a `log_position` the next positions, in id order, in one
 * statement. Consumers read `log_position > their offset`. A row that commits late (its id is
 * lower than rows already positioned) simply gets a later position, so it is not skipped; and
 * because one subject's events commit in sequence order (the aggregate_sequence row lock), they
 * get positions in sequence order. One sequencer per outbox runs at a time (an advisory lock);
 * the unique log_position is the last guard against two.
 */
export class LogSequencer {
  private readonly tables: MessagingTables;
  private readonly lock: ExclusiveRunnerLock;
  private readonly loop: PollingLoop;
  private readonly batchSize: number;
  private readonly vacuumEveryRows: number;
  private positionedSinceVacuum = 0;
  private readonly commitWakeDelayMs: number;
  private commitWake: NodeJS.Timeout | undefined;
  private readonly logger: MessagingLogger;
  private unwatch: (() => void) | undefined;

  constructor(private readonly options: LogSequencerOptions) {
    this.tables = messagingTablesOf(options.dataSource);
    this.lock = new ExclusiveRunnerLock(options.dataSource, `log-sequencer:${this.tables.schema}`);
    this.batchSize = options.batchSize ?? 500;
    this.vacuumEveryRows = options.vacuumEveryRows ?? 1_000;
    this.commitWakeDelayMs = options.commitWakeDelayMs ?? 10;
    const logger = options.logger ?? createLogger('messaging.log-sequencer');
    this.logger = logger;
    this.loop = new PollingLoop(() => this.turn(), {
      intervalMs: options.pollIntervalMs ?? 50,
      failureDelayMs: (failures) => Math.min(5_000, 50 * 2 ** Math.min(failures - 1, 7)),
      onError: (error) =>
        logger.warn({ err: error, schema: this.tables.schema }, 'log sequencer turn failed; retrying'),
    });
  }

  start(): void {
    this.unwatch ??= watchOutboxCommits(this.options.dataSource, () => this.wakeAfterCommit());
    this.loop.start();
  }

  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    this.unwatch?.();
    this.unwatch = undefined;
    clearTimeout(this.commitWake);
    this.commitWake = undefined;
    await this.loop.stop();
    await this.lock.release();
  }

  // Each turn is a statement on the database, on PGlite's one backend between the services'
  // transactions: at 100 registrations a second, one turn per commit was as costly as a
  // registration's largest statement.
  private wakeAfterCommit(): void {
    if (this.commitWakeDelayMs <= 0) {
      this.loop.wake();
      return;
    }
    this.commitWake ??= setTimeout(() => {
      this.commitWake = undefined;
      this.loop.wake();
    }, this.commitWakeDelayMs);
  }

  /** Positions what is committed and unpositioned now; returns how many rows it positioned. */
  async sequenceOnce(): Promise<number> {
    if (!(await this.lock.tryAcquire())) return 0;
    const runner = this.lock.runner;
    if (!runner) return 0;
    try {
      // The structured result: for an UPDATE, the plain one is [rows, rowCount], whose length is
      // always 2 (the loop would never go idle).
      const result = (await runner.query(
        `WITH top AS (SELECT coalesce(max(log_position), 0) AS position FROM ${this.tables.outbox}),
              next AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n
                FROM ${this.tables.outbox} WHERE log_position IS NULL ORDER BY id LIMIT $1
              )
         UPDATE ${this.tables.outbox} AS o SET log_position = top.position + next.n
         FROM top, next WHERE o.id = next.id`,
        [this.batchSize],
        true,
      )) as QueryResult;
      return result.affected ?? 0;
    } catch (error) {
      await this.lock.release();
      throw error;
    }
  }

  // A batch that was not full positioned everything committed when it ran, and a local commit since
  // then has woken the loop, so only a full batch calls for another turn at once: one statement per
  // wake instead of a second that finds nothing (on PGlite's single backend, every statement of the
  // sequencer delays the services' transactions). Other processes' commits wait for the next poll.
  private async turn(): Promise<PollOutcome> {
    const positioned = await this.sequenceOnce();
    this.positionedSinceVacuum += positioned;
    if (this.vacuumEveryRows > 0 && this.positionedSinceVacuum >= this.vacuumEveryRows) {
      this.positionedSinceVacuum = 0;
      await this.vacuum();
    }
    return positioned >= this.batchSize ? 'busy' : 'idle';
  }

  // Positioning a row leaves its old version and that version's entry in the partial index of
  // unpositioned rows, which every later turn scans until a VACUUM removes them. PGlite has no
  // autovacuum: without this, a turn's cost grew with every event ever positioned (on PGlite's one
  // backend, where every registration also waits for it). Harmless beside PostgreSQL's autovacuum.
  private async vacuum(): Promise<void> {
    const runner = this.lock.runner;
    if (!runner) return;
    try {
      await runner.query(`VACUUM ${this.tables.outbox}`);
    } catch (error) {
      this.logger.warn(
        { err: error, schema: this.tables.schema },
        'log sequencer: VACUUM of the outbox failed',
      );
    }
  }
}
