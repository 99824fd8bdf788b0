import type { DataSource } from 'typeorm';
import type { EventConsumerDefinition } from '../event-consumer-definition';
import type { EventPublisher } from '../event-publisher';
import type { ReplayReport } from '../replay-parked';

/** A service schema of a test; `dataSource` may be replaced by a restart, so read it each time. */
export interface TestService {
  readonly schema: string;
  readonly dataSource: DataSource;
}

/** A producing service with its relay (Kafka) or sequencer (embedded) running. */
export interface TestProducer extends TestService {
  readonly publisher: EventPublisher;
}

export interface TestConsumer {
  readonly name: string;
  stop(): Promise<void>;
  /** As if the process died (see the consumers' abort()). */
  abort(): Promise<void>;
  replayParked(key?: string): Promise<ReplayReport>;
}

export interface StartConsumerOptions {
  /** Most events settled in one transaction (the adapter's batchSize); default: the adapter's default. */
  batchSize?: number;
}

/** One adapter's infrastructure, as the contract suite drives it. */
export interface EventBusHarness {
  readonly adapter: string;
  /** False on PGlite: its transactions run one at a time, so none can stay open while another commits. */
  readonly concurrentTransactions: boolean;
  /** Whether producers can write (to the outbox) while the transport restarts. */
  readonly publishingSurvivesRestart: boolean;
  /** A topic no other test uses (created on Kafka, with `partitions`, default 3). */
  newTopic(options?: { partitions?: number }): Promise<string>;
  openProducer(): Promise<TestProducer>;
  /** A consuming service's schema: messaging tables and `test_effect`. */
  openConsumerService(): Promise<TestService>;
  startConsumer(
    service: TestService,
    definition: EventConsumerDefinition,
    producers: readonly TestProducer[],
    options?: StartConsumerOptions,
  ): Promise<TestConsumer>;
  /**
   * Whether everything published on `topics` so far has reached the transport (Kafka: sent by the
   * relay; embedded: positioned by the sequencer), so that a consumer started now meets it at once.
   */
  delivered(producers: readonly TestProducer[], topics: readonly string[]): Promise<boolean>;
  /** Whether everything published on `topics` so far is settled by the consumer (stored offsets). */
  caughtUp(
    service: TestService,
    consumer: string,
    producers: readonly TestProducer[],
    topics: readonly string[],
  ): Promise<boolean>;
  /** Makes a stopped consumer read its topics from the beginning again. */
  rewind(
    service: TestService,
    consumer: string,
    producers: readonly TestProducer[],
    topics: readonly string[],
  ): Promise<void>;
  /** Kafka: stops and starts the broker. Embedded: closes and reopens the database and everything on it. */
  restartTransport(): Promise<void>;
  /** After each test: stops what it started, drops its schemas. */
  cleanup(): Promise<void>;
  close(): Promise<void>;
}
