import type { EventEnvelope } from '@rre/contracts';
import { inTransaction } from '@rre/persistence';
import { type MessageHeaders, type MessagingSystem, withConsumerSpan } from '@rre/telemetry';
import type { EntityManager } from 'typeorm';
import type { DeadLetterReason } from './dead-letter';
import { ConsumerRuntime, errorText } from './consumer-runtime';
import { type ConsumedEvent, type EventPosition, UnprocessableEventError } from './event-consumer-definition';
import { type EventResolution, resolveEvent } from './event-resolution';
import { lockConsumerKey } from './inbox';
import { isDatabaseUnavailable } from './infrastructure-error';
import { afterFailure, backoffDelayMs } from './retry-policy';

// A serialization failure or deadlock is the database's doing, not the event's: the transaction
// runs again without counting as an attempt.
const SERIALIZATION_RETRIES = 3;

/** What became of one delivered event. */
export type ProcessOutcome = 'handled' | 'duplicate' | 'ignored' | 'waiting' | 'parked';

/**
 * The consumer is stopping (or was aborted) while an event was in hand and not settled: it is
 * neither retried nor parked, and will be delivered again.
 */
export class ConsumerStoppedError extends Error {
  override readonly name = 'ConsumerStoppedError';
  constructor(consumer: string) {
    super(`consumer ${consumer} stopped before it settled the event in hand`);
  }
}

export interface IncomingEvent {
  envelope: EventEnvelope;
  topic: string;
  position: EventPosition;
  /** The trace context to continue: the Kafka message headers, or the stored traceparent. */
  traceHeaders: MessageHeaders | undefined;
}

export interface ProcessOptions {
  /** Runs inside every transaction that settles the event (embedded: stores the consumer's offset). */
  settle?: (manager: EntityManager) => Promise<void>;
  /** Called while waiting between retries (Kafka: keeps the group membership). */
  heartbeat?: () => Promise<void>;
}

/**
 * The per-event algorithm both adapters share. In one transaction, under a lock on (consumer, key):
 * an event already in the inbox is a redelivery and is skipped; an event whose key is parked is
 * queued behind it (`waiting`); otherwise the handler runs and the inbox row is inserted. A
 * failing handler is retried with back-off in fresh transactions and then parked; an event that
 * cannot be handled at all (unknown type or major version, bad data) is parked at once. Every
 * settling transaction also runs `settle`. Database outages are not failures of the event: they
 * are thrown, so that the adapter delivers the event again later.
 */
export class EventProcessor {
  constructor(
    private readonly runtime: ConsumerRuntime,
    private readonly system: MessagingSystem,
    private readonly isHalted: () => boolean,
  ) {}

  async process(incoming: IncomingEvent, options: ProcessOptions = {}): Promise<ProcessOutcome> {
    const { envelope, topic, position } = incoming;
    const resolution = resolveEvent(envelope, this.runtime.resolution);
    return withConsumerSpan(
      `process ${topic}`,
      incoming.traceHeaders,
      {
        system: this.system,
        destination: topic,
        messageId: envelope.id,
        eventType: envelope.type,
        conversationId: envelope.correlationid,
        key: envelope.subject,
        partition: position.partition,
        offset: position.partition === undefined ? undefined : position.position,
        consumerGroup: this.runtime.consumer,
      },
      async () => {
        for (let attempt = 1; ; attempt++) {
          this.checkHalted();
          let failure: unknown;
          try {
            return await this.attempt(incoming, resolution, attempt, options.settle);
          } catch (error) {
            failure = error;
          }
          this.checkHalted();
          if (isDatabaseUnavailable(failure)) throw failure;
          const retryable = !(failure instanceof UnprocessableEventError);
          if (afterFailure(attempt, this.runtime.retry, retryable) === 'park') {
            const reason: DeadLetterReason = retryable ? 'handler-failed' : 'unprocessable';
            return this.park(incoming, reason, errorText(failure), attempt, options.settle);
          }
          await this.pause(backoffDelayMs(attempt, this.runtime.retry), options.heartbeat);
        }
      },
    );
  }

  private attempt(
    incoming: IncomingEvent,
    resolution: EventResolution,
    attempt: number,
    settle: ProcessOptions['settle'],
  ): Promise<ProcessOutcome> {
    const { consumer, inbox, deadLetters } = this.runtime;
    const { envelope } = incoming;
    return inTransaction(
      this.runtime.dataSource,
      async (manager) => {
        await lockConsumerKey(manager, consumer, envelope.subject);
        let outcome: ProcessOutcome;
        if (await inbox.has(manager, consumer, envelope.id)) {
          outcome = 'duplicate';
        } else if (await deadLetters.isKeyParked(manager, consumer, envelope.subject)) {
          await deadLetters.add(manager, deadLetterOf(consumer, incoming, 'waiting', 'key-parked', null, 0));
          outcome = 'waiting';
        } else if (resolution.kind === 'park') {
          await deadLetters.add(
            manager,
            deadLetterOf(consumer, incoming, 'parked', resolution.reason, resolution.detail, 0),
          );
          outcome = 'parked';
        } else if (resolution.kind === 'ignore') {
          outcome = 'ignored';
        } else {
          await inbox.record(manager, consumer, envelope.id);
          const event: ConsumedEvent = {
            consumer,
            envelope,
            type: resolution.type,
            message: resolution.message,
            topic: incoming.topic,
            position: incoming.position,
            attempt,
            replay: false,
          };
          await this.runtime.handlerFor(resolution.type)(event, manager);
          outcome = 'handled';
        }
        await settle?.(manager);
        return outcome;
      },
      { retries: SERIALIZATION_RETRIES },
    );
  }

  private async park(
    incoming: IncomingEvent,
    reason: DeadLetterReason,
    error: string,
    attempts: number,
    settle: ProcessOptions['settle'],
  ): Promise<ProcessOutcome> {
    const { consumer, deadLetters } = this.runtime;
    this.checkHalted();
    return inTransaction(this.runtime.dataSource, async (manager) => {
      await lockConsumerKey(manager, consumer, incoming.envelope.subject);
      await deadLetters.add(manager, deadLetterOf(consumer, incoming, 'parked', reason, error, attempts));
      await settle?.(manager);
      return 'parked' as const;
    });
  }

  private async pause(ms: number, heartbeat: ProcessOptions['heartbeat']): Promise<void> {
    const until = Date.now() + ms;
    for (let left = ms; left > 0; left = until - Date.now()) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 1_000)));
      this.checkHalted();
      await heartbeat?.();
    }
  }

  private checkHalted(): void {
    if (this.isHalted()) throw new ConsumerStoppedError(this.runtime.consumer);
  }
}

function deadLetterOf(
  consumer: string,
  incoming: IncomingEvent,
  status: 'parked' | 'waiting',
  reason: DeadLetterReason,
  error: string | null,
  attempts: number,
) {
  const { data, ...attributes } = incoming.envelope;
  return {
    consumer,
    topic: incoming.topic,
    key: incoming.envelope.subject,
    eventId: incoming.envelope.id,
    type: incoming.envelope.type,
    attributes,
    data,
    status,
    reason,
    error,
    attempts,
    position: incoming.position,
  };
}

/** A Kafka message that does not carry a valid envelope, as far as it could be read. */
export interface UnreadableEvent {
  topic: string;
  position: EventPosition;
  key: string;
  eventId: string;
  type: string;
  attributes: Record<string, unknown>;
  data: Uint8Array;
  error: string;
}

/**
 * Parks a message that has no valid envelope (or queues it behind its parked key): it cannot be
 * handled, but it is never dropped.
 */
export async function parkUnreadable(
  runtime: ConsumerRuntime,
  unreadable: UnreadableEvent,
  settle?: ProcessOptions['settle'],
): Promise<void> {
  const { consumer, deadLetters } = runtime;
  await inTransaction(runtime.dataSource, async (manager) => {
    await lockConsumerKey(manager, consumer, unreadable.key);
    const parked = await deadLetters.isKeyParked(manager, consumer, unreadable.key);
    await deadLetters.add(manager, {
      consumer,
      topic: unreadable.topic,
      key: unreadable.key,
      eventId: unreadable.eventId,
      type: unreadable.type,
      attributes: unreadable.attributes,
      data: unreadable.data,
      status: parked ? 'waiting' : 'parked',
      reason: 'malformed-envelope',
      error: unreadable.error,
      attempts: 0,
      position: unreadable.position,
    });
    await settle?.(manager);
  });
}
