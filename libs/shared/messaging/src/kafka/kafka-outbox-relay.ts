import { toKafkaMessage } from '@rre/contracts';
import { createLogger, withProducerSpan } from '@rre/telemetry';
import { type Kafka, type Message, Partitioners, type Producer, type ProducerConfig } from 'kafkajs';
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

  /** Finishes the batch in progress, then releases the lock and the producer. */
  async stop(): Promise<void> {
    this.unwatch?.();
    this.unwatch = undefined;
    await this.loop.stop();
    await this.lock.release();
    await this.dropProducer();
  }

  private async turn(): Promise<PollOutcome> {
    if (!(await this.lock.tryAcquire())) return 'idle';
    const rows = await this.onLockConnection<OutboxRow[]>(
      `SELECT ${OUTBOX_ROW_COLUMNS} FROM ${this.tables.outbox} WHERE published_at IS NULL ORDER BY id LIMIT $1`,
      [this.batchSize],
    );
    if (rows.length === 0) return 'idle';
    await this.send(rows);
    await this.onLockConnection(
      `UPDATE ${this.tables.outbox} SET published_at = now() WHERE id = ANY($1::bigint[])`,
      [rows.map((row) => row.id)],
    );
    return 'busy';
  }

  private async send(rows: readonly OutboxRow[]): Promise<void> {
    const producer = await this.connectedProducer();
    const messages = new Map<string, Message[]>();
    // One producer span per event, each the child of the trace stored with it; the batch is sent
    // inside all of them.
    const withSpans = async (index: number): Promise<void> => {
      const row = rows[index];
      if (!row) {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...messages].map(([topic, topicMessages]) => ({ topic, messages: topicMessages })),
        });
        return;
      }
      // Not validated here: toKafkaMessage below validates it (once, not twice per event).
      const envelope = uncheckedEnvelopeOfRow(row);
      const stored = { traceparent: envelope.traceparent, tracestate: envelope.tracestate };
      await withProducerSpan(
        `send ${row.topic}`,
        stored,
        {
          system: 'kafka',
          destination: row.topic,
          messageId: envelope.id,
          eventType: envelope.type,
          conversationId: envelope.correlationid,
          key: envelope.subject,
        },
        async (headers) => {
          const record = toKafkaMessage(envelope);
          const topicMessages = messages.get(row.topic) ?? [];
          topicMessages.push({
            key: record.key,
            value: record.value,
            headers: { ...record.headers, ...headers },
          });
          messages.set(row.topic, topicMessages);
          await withSpans(index + 1);
        },
      );
    };
    try {
      await withSpans(0);
    } catch (error) {
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
