import { type EventEnvelope, fromKafkaMessage } from '@rre/contracts';
import { createLogger } from '@rre/telemetry';
import type { Consumer, ConsumerConfig, EachMessagePayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { ConsumerRuntime, errorText } from '../consumer-runtime';
import type { DeadLetter, DeadLetterStatus } from '../dead-letter';
import type { EventConsumerDefinition } from '../event-consumer-definition';
import { ConsumerStoppedError, EventProcessor, parkUnreadable } from '../event-processor';
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
  logger?: MessagingLogger;
}

/**
 * Consumes event topics in a Kafka consumer group and hands each event to EventProcessor (inbox,
 * parking, retries); the offset after a message is committed only once the transaction that
 * settled it has committed, so a crash in between delivers it again and the inbox drops it.
 */
export class KafkaEventConsumer {
  private readonly runtime: ConsumerRuntime;
  private readonly processor: EventProcessor;
  private readonly consumer: Consumer;
  private readonly logger: MessagingLogger;
  private aborted = false;
  private stopping = false;
  private started = false;

  constructor(private readonly options: KafkaEventConsumerOptions) {
    this.runtime = new ConsumerRuntime(options.dataSource, options.definition);
    this.processor = new EventProcessor(this.runtime, 'kafka', () => this.aborted || this.stopping);
    this.logger = options.logger ?? createLogger('messaging.kafka-event-consumer');
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
      eachMessage: (payload) => this.onMessage(payload),
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

  private async onMessage({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    if (this.aborted) return;
    const position = { source: topic, partition, position: message.offset };
    try {
      let envelope: EventEnvelope | undefined;
      try {
        envelope = fromKafkaMessage(message);
      } catch (error) {
        await parkUnreadable(this.runtime, unreadable(topic, partition, message, errorText(error)));
        this.logger.error(
          { topic, partition, offset: message.offset, err: error },
          'parked a message without a valid envelope',
        );
      }
      if (envelope) {
        const outcome = await this.processor.process(
          { envelope, topic, position, traceHeaders: message.headers },
          { heartbeat },
        );
        if (outcome === 'parked') {
          this.logger.warn(
            { topic, partition, offset: message.offset, eventId: envelope.id, key: envelope.subject },
            'parked an event',
          );
        }
      }
      if (this.aborted) return; // a crash commits nothing more
      await this.consumer.commitOffsets([
        { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
      ]);
    } catch (error) {
      if (error instanceof ConsumerStoppedError || this.aborted) return;
      // Not settled (the database is unreachable, or the group is rebalancing): kafkajs delivers it again.
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
