import type { EventEnvelope } from '@rre/contracts';
import type { EntityManager } from 'typeorm';
import type { EventTypeRegistry } from './event-type-registry';
import type { RetryPolicy } from './retry-policy';
import type { Upcaster } from './upcaster';

/** Where a consumed event was read: a Kafka topic partition and offset, or an outbox schema and log position. */
export interface EventPosition {
  /** Kafka: the topic. Embedded: the schema of the outbox. */
  source: string;
  /** Kafka only. */
  partition?: number;
  /** Kafka offset or log position, as a decimal string. */
  position: string;
}

/** An event as a handler gets it. */
export interface ConsumedEvent<T = unknown> {
  readonly consumer: string;
  /** The envelope as it was published (its type may be older than `type`). */
  readonly envelope: EventEnvelope;
  /** The type the handler was chosen by (after upcasting). */
  readonly type: string;
  /** The decoded (and upcast) data. */
  readonly message: T;
  readonly topic: string;
  readonly position: EventPosition;
  /**
   * When the platform recorded the event: embedded, its outbox row's `created_at`; Kafka, the
   * message timestamp (set when the relay published it). Unknown for events replayed from dead letters.
   */
  readonly recordedAt?: Date;
  /** 1 for the first try; counts on across retries and replays. */
  readonly attempt: number;
  readonly replay: boolean;
}

/**
 * Applies one event. Every query goes through `manager`: the handler runs in the transaction that
 * also records the event in the inbox (and, embedded, the consumer's offset), so that its effect
 * happens exactly once. It must have no effect outside the database.
 */
export type EventHandler<T = unknown> = (event: ConsumedEvent<T>, manager: EntityManager) => Promise<void>;

export interface EventConsumerDefinition {
  /** Names the consumer in the inbox and dead letters (and is the default Kafka group id). */
  name: string;
  topics: readonly string[];
  /**
   * Handler per (current) event type. Known types without a handler are skipped; unknown types and
   * unknown major versions of handled types are parked.
   */
  handlers: Readonly<Record<string, EventHandler<never>>>;
  /** How event types are decoded; default: every type of @rre/contracts. */
  registry?: EventTypeRegistry;
  /** Applied on read, so that old events reach the handlers of their current type. */
  upcasters?: readonly Upcaster[];
  retry?: Partial<RetryPolicy>;
}

/**
 * Thrown by a handler for an event it can never apply (say, it contradicts the consumer's state):
 * the event is parked at once instead of retried.
 */
export class UnprocessableEventError extends Error {
  override readonly name = 'UnprocessableEventError';
}
