import { type EventEnvelope, fromKafkaMessage } from '@rre/contracts';
import { createLogger } from '@rre/telemetry';
import type { Consumer, ConsumerConfig, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { ConsumerRuntime, errorText } from '../consumer-runtime';
import type { DeadLetter, DeadLetterStatus } from '../dead-letter';
import type { EventConsumerDefinition } from '../event-consumer-definition';
import {
  ConsumerStoppedError,
  EventProcessor,
  type IncomingEvent,
  parkUnreadable,
  type SettledEvent,
} from '../event-processor';
import { listDeadLetters } from '../list-dead-letters';
import type { MessagingLogger } from '../messaging-logger';
import { replayParked, type ReplayReport } from '../replay-parked';

export interface KafkaEventConsumerOptions {
  kafka: Kafka;
  /** The consuming service's data source: inbox, dead letters and the handlers' tables. */
  dataSource: DataSource;
  definition: EventConsumerDefinition;
  /** Default: the consumer's name. */
  groupId?: string;
  /** kafkajs consumer settings (session timeout, heartbeat, retry ...). */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Where a new group starts: the beginning (default: events are the record) or the end. */
  fromBeginning?: boolean;
  /** Partitions handled at once (each in order). Default 1. */
  partitionsConsumedConcurrently?: number;
  /**
   * Most messages of one partition handled in one database transaction. Default 200. 1 gives one
   * transaction per event.
   */
  batchSize?: number;
  logger?: MessagingLogger;
}

/**
 * Consumes event topics in a Kafka consumer group. The messages kafkajs fetched for one partition
 * are handed to EventProcessor in runs of up to `batchSize`, each run settled in one transaction
 * (inbox, parking, handlers; per-event fallback with retries when a handler fails). The offset
 * after a run is committed only once the transaction that settled it has committed, so a crash in
 * between delivers it again and the inbox drops it.
 */
export class KafkaEventConsumer {
  private readonly runtime: ConsumerRuntime;
  private readonly processor: EventProcessor;
  private readonly consumer: Consumer;
  private readonly logger: MessagingLogger;
  private readonly batchSize: number;
  private aborted = false;
  private stopping = false;
  private started = false;

  constructor(private readonly options: KafkaEventConsumerOptions) {
    this.runtime = new ConsumerRuntime(options.dataSource, options.definition);
    this.processor = new EventProcessor(this.runtime, 'kafka', () => this.aborted || this.stopping);
    this.logger = options.logger ?? createLogger('messaging.kafka-event-consumer');
    this.batchSize = options.batchSize ?? 200;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new Error(`consumer ${options.definition.name}: batchSize must be a positive integer`);
    }
    this.consumer = options.kafka.consumer({
      allowAutoTopicCreation: false,
      ...options.consumerConfig,
      groupId: options.groupId ?? options.definition.name,
    });
  }

  get name(): string {
    return this.runtime.consumer;
  }

  /** Joins the group and starts consuming (resolves once running, not when the group is joined). */
  async start(): Promise<void> {
    if (this.started) throw new Error(`consumer ${this.name} was started already`);
    this.started = true;
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [...this.options.definition.topics],
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /**
   * Finishes the transaction in hand (committing its offset) and leaves the group. An event that is
   * waiting to be retried is left for the next owner of its partition.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
  }

  /**
   * Stops at once, as a crash would: the event in hand is neither retried, parked nor committed
   * (what its transaction committed stays), and the group hands its partitions on.
   */
  abort(): Promise<void> {
    this.aborted = true;
    return this.consumer.disconnect();
  }

  /** The kafkajs consumer, for its instrumentation events (GROUP_JOIN, CRASH ...). */
  get kafkaConsumer(): Consumer {
    return this.consumer;
  }

  listDeadLetters(filter: { status?: DeadLetterStatus; key?: string } = {}): Promise<DeadLetter[]> {
    return listDeadLetters(this.options.dataSource, this.name, filter);
  }

  replayParked(key?: string): Promise<ReplayReport> {
    return replayParked(this.options.dataSource, this.options.definition, key);
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    const live = () => !this.aborted && !this.stopping && isRunning() && !isStale();
    // After a transaction has committed: commit the offset after its last message, then let
    // kafkajs fetch on from there.
    const settled = async (events: readonly SettledEvent[]) => {
      for (const { incoming, outcome } of events) {
        if (outcome !== 'parked') continue;
        const { envelope, position } = incoming;
        this.logger.warn(
          { topic, partition, offset: position.position, eventId: envelope.id, key: envelope.subject },
          'parked an event',
        );
      }
      const last = events[events.length - 1];
      if (!last || this.aborted) return; // a crash commits nothing more
      const offset = last.incoming.position.position;
      await commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(offset) + 1n).toString() }] }],
      });
      resolveOffset(offset);
      await heartbeat();
    };
    let run: IncomingEvent[] = [];
    const flush = async () => {
      const events = run;
      run = [];
      if (events.length > 0 && live()) await this.processor.processBatch(events, { settled, heartbeat });
    };
    try {
      for (const message of batch.messages) {
        if (!live()) return;
        const position = { source: topic, partition, position: message.offset };
        let envelope: EventEnvelope;
        try {
          envelope = fromKafkaMessage(message);
        } catch (error) {
          await flush();
          if (!live()) return;
          await parkUnreadable(this.runtime, unreadable(topic, partition, message, errorText(error)));
          this.logger.error(
            { topic, partition, offset: message.offset, err: error },
            'parked a message without a valid envelope',
          );
          if (this.aborted) return;
          await commitOffsetsIfNecessary({
            topics: [
              { topic, partitions: [{ partition, offset: (BigInt(message.offset) + 1n).toString() }] },
            ],
          });
          resolveOffset(message.offset);
          continue;
        }
        const recordedAt = message.timestamp ? new Date(Number(message.timestamp)) : undefined;
        run.push({ envelope, topic, position, recordedAt, traceHeaders: message.headers });
        if (run.length >= this.batchSize) await flush();
      }
      await flush();
    } catch (error) {
      if (error instanceof ConsumerStoppedError || this.aborted) return;
      // Not settled (the database is unreachable, or the group is rebalancing): kafkajs delivers
      // the unresolved messages again.
      throw error;
    }
  }
}

function unreadable(topic: string, partition: number, message: KafkaMessage, error: string) {
  const headers = headerTexts(message.headers);
  return {
    topic,
    position: { source: topic, partition, position: message.offset },
    key: message.key?.toString('utf8') || '(no key)',
    eventId: `kafka:${topic}/${partition}/${message.offset}`,
    type: headers['ce_type'] ?? '(unknown)',
    attributes: { headers },
    data: message.value ?? Buffer.alloc(0),
    error,
  };
}

function headerTexts(headers: IHeaders | undefined): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    texts[name.toLowerCase()] = (Array.isArray(value) ? value : [value])
      .map((each) => String(each))
      .join(',');
  }
  return texts;
}
