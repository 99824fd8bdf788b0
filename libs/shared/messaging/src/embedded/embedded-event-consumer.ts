import { createLogger } from '@rre/telemetry';
import type { EventEnvelope } from '@rre/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { ConsumerRuntime, errorText } from '../consumer-runtime';
import type { DeadLetter, DeadLetterStatus } from '../dead-letter';
import type { EventConsumerDefinition } from '../event-consumer-definition';
import {
  ConsumerStoppedError,
  EventProcessor,
  type IncomingEvent,
  parkUnreadable,
  type UnreadableEvent,
} from '../event-processor';
import { ExclusiveRunnerLock } from '../exclusive-runner-lock';
import { listDeadLetters } from '../list-dead-letters';
import type { MessagingLogger } from '../messaging-logger';
import { messagingTables, type MessagingTables } from '../messaging-tables';
import { envelopeOfRow, OUTBOX_ROW_COLUMNS, type OutboxRow } from '../outbox-row';
import { PollingLoop, type PollOutcome } from '../polling-loop';
import { replayParked, type ReplayReport } from '../replay-parked';

export interface EmbeddedEventConsumerOptions {
  /** The consuming service's data source: inbox, offsets, dead letters and the handlers' tables. */
  dataSource: DataSource;
  definition: EventConsumerDefinition;
  /** Schemas of the services whose outboxes (logs) it reads; same database. */
  sources: readonly string[];
  /** Pause between polls when nothing is new. Default 50. */
  pollIntervalMs?: number;
  /**
   * Events read per source and poll, and handled in one database transaction (with their inbox
   * rows and the offset). Default 200. 1 gives one transaction per event.
   */
  batchSize?: number;
  logger?: MessagingLogger;
}

/**
 * Reads positioned outbox rows (`log_position > offset`, in position order) of one or more
 * producing services' schemas and hands each batch read to EventProcessor, which settles it in
 * one transaction (per-event fallback with retries when a handler fails); the consumer's offset
 * for that source is stored in the same transaction as the events' effects and inbox rows (or
 * their parking), so effects, inbox and offset commit together. One instance per consumer name
 * runs at a time (an advisory lock).
 */
export class EmbeddedEventConsumer {
  private readonly runtime: ConsumerRuntime;
  private readonly processor: EventProcessor;
  private readonly lock: ExclusiveRunnerLock;
  private readonly loop: PollingLoop;
  private readonly sources: { schema: string; tables: MessagingTables }[];
  private readonly batchSize: number;
  private aborted = false;

  constructor(private readonly options: EmbeddedEventConsumerOptions) {
    if (options.sources.length === 0) throw new Error(`consumer ${options.definition.name} has no sources`);
    this.runtime = new ConsumerRuntime(options.dataSource, options.definition);
    this.processor = new EventProcessor(this.runtime, 'embedded', () => this.aborted || !this.loop.isRunning);
    this.lock = new ExclusiveRunnerLock(
      options.dataSource,
      `embedded-consumer:${this.runtime.tables.schema}:${this.runtime.consumer}`,
    );
    this.sources = options.sources.map((schema) => ({ schema, tables: messagingTables(schema) }));
    this.batchSize = options.batchSize ?? 200;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new Error(`consumer ${options.definition.name}: batchSize must be a positive integer`);
    }
    const logger = options.logger ?? createLogger('messaging.embedded-event-consumer');
    this.loop = new PollingLoop(() => this.turn(), {
      intervalMs: options.pollIntervalMs ?? 50,
      failureDelayMs: (failures) => Math.min(5_000, 50 * 2 ** Math.min(failures - 1, 7)),
      onError: (error) =>
        logger.warn(
          { err: error, consumer: this.runtime.consumer },
          'embedded consumer turn failed; retrying',
        ),
    });
  }

  get name(): string {
    return this.runtime.consumer;
  }

  start(): void {
    if (this.aborted) throw new Error(`consumer ${this.name} was aborted; create a new one`);
    this.loop.start();
  }

  wake(): void {
    this.loop.wake();
  }

  /** Finishes the transaction in hand and stops; an event waiting to be retried is read again at the next start. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.lock.release();
  }

  /** Stops at once, as a crash would: the event in hand is neither retried nor parked. */
  async abort(): Promise<void> {
    this.aborted = true;
    await this.stop();
  }

  listDeadLetters(filter: { status?: DeadLetterStatus; key?: string } = {}): Promise<DeadLetter[]> {
    return listDeadLetters(this.options.dataSource, this.name, filter);
  }

  replayParked(key?: string): Promise<ReplayReport> {
    return replayParked(this.options.dataSource, this.options.definition, key);
  }

  private async turn(): Promise<PollOutcome> {
    if (this.aborted || !(await this.lock.tryAcquire())) return 'idle';
    let busy = false;
    const halted = () => this.aborted || !this.loop.isRunning;
    try {
      for (const source of this.sources) {
        const rows = await this.read(source.schema, source.tables);
        const settle = (manager: EntityManager, last: IncomingEvent) =>
          this.storeOffset(manager, source.schema, last.position.position);
        let run: IncomingEvent[] = [];
        const flush = async () => {
          const events = run;
          run = [];
          if (events.length > 0 && !halted()) await this.processor.processBatch(events, { settle });
        };
        for (const row of rows) {
          const position = row.log_position as string;
          const envelope = readEnvelope(row);
          if (typeof envelope === 'string') {
            await flush();
            if (halted()) return 'idle';
            await parkUnreadable(this.runtime, unreadableRow(row, source.schema, envelope), (manager) =>
              this.storeOffset(manager, source.schema, position),
            );
            continue;
          }
          run.push({
            envelope,
            topic: row.topic,
            position: { source: source.schema, position },
            ...(row.created_at && { recordedAt: new Date(row.created_at) }),
            traceHeaders: envelope.traceparent
              ? { traceparent: envelope.traceparent, tracestate: envelope.tracestate }
              : undefined,
          });
        }
        await flush();
        if (halted()) return 'idle';
        busy ||= rows.length === this.batchSize;
      }
    } catch (error) {
      if (error instanceof ConsumerStoppedError) return 'idle';
      throw error;
    }
    return busy ? 'busy' : 'idle';
  }

  private async read(
    schema: string,
    source: MessagingTables,
  ): Promise<(OutboxRow & { created_at?: Date | string })[]> {
    const runner = this.lock.runner;
    if (!runner) throw new Error(`consumer ${this.name} lost its lock connection`);
    try {
      return (await runner.query(
        `SELECT ${OUTBOX_ROW_COLUMNS}, created_at FROM ${source.outbox}
         WHERE log_position > coalesce(
           (SELECT position FROM ${this.runtime.tables.consumerOffset} WHERE consumer = $1 AND source = $2), 0)
           AND topic = ANY($3::text[])
         ORDER BY log_position LIMIT $4`,
        [this.runtime.consumer, schema, [...this.options.definition.topics], this.batchSize],
      )) as (OutboxRow & { created_at?: Date | string })[];
    } catch (error) {
      await this.lock.release();
      throw error;
    }
  }

  private async storeOffset(manager: EntityManager, source: string, position: string): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.runtime.tables.consumerOffset} AS o (consumer, source, position) VALUES ($1, $2, $3)
       ON CONFLICT (consumer, source) DO UPDATE SET position = excluded.position, updated_at = now()
       WHERE o.position < excluded.position`,
      [this.runtime.consumer, source, position],
    );
  }
}

function readEnvelope(row: OutboxRow): EventEnvelope | string {
  try {
    return envelopeOfRow(row);
  } catch (error) {
    return errorText(error);
  }
}

function unreadableRow(row: OutboxRow, schema: string, error: string): UnreadableEvent {
  return {
    topic: row.topic,
    position: { source: schema, position: row.log_position ?? '' },
    key: row.key,
    eventId: row.event_id,
    type: row.type,
    attributes: {
      ...row.attributes,
      id: row.event_id,
      type: row.type,
      subject: row.key,
      sequence: row.sequence,
    },
    data: row.data,
    error,
  };
}
