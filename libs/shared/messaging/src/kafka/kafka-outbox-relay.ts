import { toKafkaMessage } from '@rre/contracts';
import { createLogger, withProducerSpan } from '@rre/telemetry';
import {
  type Kafka,
  type Message,
  Partitioners,
  type Producer,
  type ProducerConfig,
  type TopicMessages,
} from 'kafkajs';
import type { DataSource } from 'typeorm';
import { ExclusiveRunnerLock } from '../exclusive-runner-lock';
import type { MessagingLogger } from '../messaging-logger';
import { messagingTablesOf, type MessagingTables } from '../messaging-tables';
import { watchOutboxCommits } from '../outbox-commit-signal';
import { OUTBOX_ROW_COLUMNS, type OutboxRow, uncheckedEnvelopeOfRow } from '../outbox-row';
import { PollingLoop, type PollOutcome } from '../polling-loop';

export interface KafkaOutboxRelayOptions {
  /** The producing service's data source (its schema holds the outbox). */
  dataSource: DataSource;
  kafka: Kafka;
  /** Pause between polls when the outbox is empty; a local commit wakes the relay at once. Default 50. */
  pollIntervalMs?: number;
  /** Rows sent per batch. Default 200. */
  batchSize?: number;
  /** Merged over the required settings (idempotent, one request in flight). */
  producerConfig?: Omit<ProducerConfig, 'idempotent' | 'maxInFlightRequests'>;
  logger?: MessagingLogger;
}

/**
 * Publishes the service's outbox to Kafka: the rows not yet published, in id order, in batches,
 * with an idempotent producer (acks from all in-sync replicas, one request in flight, so one key's
 * events keep their order), then marks them published. One relay per outbox runs at a time (an
 * advisory lock); the others wait to take over. Rows are chosen by status (`published_at IS NULL`),
 * never "after the last id sent": ids are assigned before commit, so a transaction that commits late
 * has a lower id than rows already sent, and an id watermark would skip it for good.
 *
 * One statement per batch: the one that reads a batch also marks the batch sent before it.
 * A crash between sending and marking sends those rows again: consumers drop the duplicates.
 */
export class KafkaOutboxRelay {
  private readonly tables: MessagingTables;
  private readonly lock: ExclusiveRunnerLock;
  private readonly loop: PollingLoop;
  private readonly batchSize: number;
  private readonly logger: MessagingLogger;
  private producer: Producer | undefined;
  private unwatch: (() => void) | undefined;
  /** Ids of the batch sent last, acknowledged by Kafka and marked by the next read. */
  private unmarked: string[] = [];

  constructor(private readonly options: KafkaOutboxRelayOptions) {
    this.tables = messagingTablesOf(options.dataSource);
    this.lock = new ExclusiveRunnerLock(options.dataSource, `outbox-relay:${this.tables.schema}`);
    this.batchSize = options.batchSize ?? 200;
    this.logger = options.logger ?? createLogger('messaging.kafka-outbox-relay');
    this.loop = new PollingLoop(() => this.turn(), {
      intervalMs: options.pollIntervalMs ?? 50,
      failureDelayMs: (failures) => Math.min(5_000, 100 * 2 ** Math.min(failures - 1, 6)),
      onError: (error) =>
        this.logger.warn({ err: error, schema: this.tables.schema }, 'outbox relay turn failed; retrying'),
    });
  }

  start(): void {
    this.unwatch ??= watchOutboxCommits(this.options.dataSource, () => this.loop.wake());
    this.loop.start();
  }

  /** Sends now instead of at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Finishes the batch in progress and marks it sent, then releases the lock and the producer. */
  async stop(): Promise<void> {
    this.unwatch?.();
    this.unwatch = undefined;
    await this.loop.stop();
    if (this.unmarked.length > 0 && this.lock.runner) {
      await this.markSentAndReadNext().catch((error: unknown) =>
        this.logger.warn(
          { err: error, schema: this.tables.schema },
          'outbox relay could not mark its last batch',
        ),
      );
    }
    this.unmarked = [];
    await this.lock.release();
    await this.dropProducer();
  }

  private async turn(): Promise<PollOutcome> {
    if (!(await this.lock.tryAcquire())) {
      this.unmarked = [];
      return 'idle';
    }
    try {
      const rows = await this.markSentAndReadNext();
      if (rows.length === 0) return 'idle';
      await this.send(rows);
      this.unmarked = rows.map((row) => row.id);
      return 'busy';
    } catch (error) {
      // What was sent and not marked is sent again (duplicates that consumers drop), never skipped.
      this.unmarked = [];
      throw error;
    }
  }

  /**
   * Marks the batch sent last as published and reads the next rows to send, in one statement. Its
   * read does not see its own update, so it leaves the rows it marks out explicitly.
   */
  private async markSentAndReadNext(): Promise<OutboxRow[]> {
    const rows = await this.onLockConnection<OutboxRow[]>(
      `WITH marked AS (
         UPDATE ${this.tables.outbox} SET published_at = now() WHERE id = ANY($1::bigint[])
       )
       SELECT ${OUTBOX_ROW_COLUMNS} FROM ${this.tables.outbox}
       WHERE published_at IS NULL AND id <> ALL($1::bigint[])
       ORDER BY id LIMIT $2`,
      [this.unmarked, this.batchSize],
    );
    this.unmarked = [];
    return rows;
  }

  /**
   * Sends the rows in one request, each inside a producer span of its own (the child of the trace
   * stored with it, else of the relay's context) that lasts until the request has been answered.
   * A row whose envelope is malformed fails its span and the batch: nothing is sent.
   */
  private async send(rows: readonly OutboxRow[]): Promise<void> {
    const producer = await this.connectedProducer();
    const messages: Message[] = [];
    const prepared: Promise<void>[] = [];
    let malformed: { error: unknown } | undefined;
    let answer: { resolve: () => void; reject: (error: unknown) => void } | undefined;
    const answered = new Promise<void>((resolve, reject) => (answer = { resolve, reject }));
    answered.catch(() => undefined); // observed by the spans; none may be left to observe it
    const spans = rows.map((row, index) => {
      // Not validated here: toKafkaMessage below validates it (once, not twice per event).
      const envelope = uncheckedEnvelopeOfRow(row);
      let ready: () => void = () => undefined;
      prepared.push(new Promise<void>((resolve) => (ready = resolve)));
      return withProducerSpan(
        `send ${row.topic}`,
        { traceparent: envelope.traceparent, tracestate: envelope.tracestate },
        {
          system: 'kafka',
          destination: row.topic,
          messageId: envelope.id,
          eventType: envelope.type,
          conversationId: envelope.correlationid,
          key: envelope.subject,
        },
        async (headers) => {
          try {
            const record = toKafkaMessage(envelope);
            // The record's own headers object, extended (a spread of it would be slow: see stored-envelope.ts).
            messages[index] = {
              key: record.key,
              value: record.value,
              headers: Object.assign(record.headers, headers),
            };
          } catch (error) {
            malformed ??= { error };
            throw error;
          } finally {
            ready();
          }
          await answered;
        },
      );
    });
    try {
      await Promise.all(prepared);
      if (malformed) throw malformed.error;
      await producer.sendBatch({ acks: -1, topicMessages: byTopic(rows, messages) });
      answer?.resolve();
      await Promise.all(spans);
    } catch (error) {
      answer?.reject(error);
      await Promise.allSettled(spans);
      // A fresh producer after any failure: the idempotent producer's sequence state is suspect.
      await this.dropProducer();
      throw error;
    }
  }

  private async onLockConnection<T>(sql: string, parameters: unknown[]): Promise<T> {
    const runner = this.lock.runner;
    if (!runner) throw new Error('outbox relay lost its lock connection');
    try {
      return (await runner.query(sql, parameters)) as T;
    } catch (error) {
      await this.lock.release();
      throw error;
    }
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.options.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      ...this.options.producerConfig,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    return producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}

/** The messages grouped by topic, each topic's in row order. */
function byTopic(rows: readonly OutboxRow[], messages: readonly Message[]): TopicMessages[] {
  const topics = new Map<string, Message[]>();
  rows.forEach((row, index) => {
    const topicMessages = topics.get(row.topic) ?? [];
    topicMessages.push(messages[index] as Message);
    topics.set(row.topic, topicMessages);
  });
  return [...topics].map(([topic, topicMessages]) => ({ topic, messages: topicMessages }));
}
