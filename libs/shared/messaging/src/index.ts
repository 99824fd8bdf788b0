export { CreateMessagingTables1764400000000, messagingMigrations } from './messaging-tables.migration';
export { messagingTables, messagingTablesOf, type MessagingTables } from './messaging-tables';
export {
  EventPublisher,
  type AlongsideStatement,
  type EventActor,
  type EventPublisherOptions,
  type PublishAllOptions,
  type ProtobufData,
  type PublishRequest,
} from './event-publisher';
export { watchOutboxCommits } from './outbox-commit-signal';
export {
  UnprocessableEventError,
  type ConsumedEvent,
  type EventConsumerDefinition,
  type EventHandler,
  type EventPosition,
} from './event-consumer-definition';
export {
  contractsEventTypes,
  eventTypeRegistry,
  type EventDecoder,
  type EventTypeRegistry,
} from './event-type-registry';
export { upcaster, type Upcaster } from './upcaster';
export { resolveEvent, type EventResolution, type UnhandleableReason } from './event-resolution';
export { eventTypeFamily } from './event-type-name';
export {
  backoffDelayMs,
  afterFailure,
  DEFAULT_RETRY_POLICY,
  retryPolicy,
  type RetryPolicy,
} from './retry-policy';
export { ConsumerStoppedError, type ProcessOutcome } from './event-processor';
export type { DeadLetter, DeadLetterReason, DeadLetterStatus } from './dead-letter';
export { listDeadLetters } from './list-dead-letters';
export { replayParked, type KeyReplay, type ReplayReport } from './replay-parked';
export {
  deadLetterCommand,
  type DeadLetterCommandContext,
  type DeadLetterCommandOutput,
} from './dead-letter-command';
export {
  deadLettersProgram,
  type DeadLetterDatabase,
  type DeadLetterService,
  type DeadLettersProgramOptions,
} from './dead-letters-program';
export type { MessagingLogger } from './messaging-logger';
export {
  ensureTopics,
  EVENT_TOPIC_CONFIG,
  type EnsureTopicsOptions,
  type EnsureTopicsResult,
} from './kafka/ensure-topics';
export { KafkaOutboxRelay, type KafkaOutboxRelayOptions } from './kafka/kafka-outbox-relay';
export { KafkaEventConsumer, type KafkaEventConsumerOptions } from './kafka/kafka-event-consumer';
export { LogSequencer, type LogSequencerOptions } from './embedded/log-sequencer';
export { EmbeddedEventConsumer, type EmbeddedEventConsumerOptions } from './embedded/embedded-event-consumer';
export { rewindEmbeddedConsumer } from './embedded/embedded-consumer-offset';
export {
  startOutboxPublishing,
  type OutboxPublishingSettings,
  type PublishingOutbox,
  type RunningOutboxPublishing,
} from './outbox-publishing';
export {
  PredecessorGate,
  type GatedEvent,
  type HeldEvent,
  type PredecessorGateOptions,
} from './predecessor-gate';
export { pooledUlidRandom } from './event-id';
export {
  CreatePredecessorGateTables1764400000100,
  predecessorGateMigrations,
} from './predecessor-gate.migration';
