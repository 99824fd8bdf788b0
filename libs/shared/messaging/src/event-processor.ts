import type { EventEnvelope } from '@rre/contracts';
import { inTransaction } from '@rre/persistence';
import { type MessageHeaders, type MessagingSystem, withConsumerSpan } from '@rre/telemetry';
import type { EntityManager } from 'typeorm';
import type { DeadLetterReason } from './dead-letter';
import type { NewDeadLetter } from './dead-letter-store';
import { ConsumerRuntime, errorText } from './consumer-runtime';
import { type ConsumedEvent, type EventPosition, UnprocessableEventError } from './event-consumer-definition';
import { type EventResolution, resolveEvent } from './event-resolution';
import { lockConsumerKey, lockConsumerKeys } from './inbox';
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
  /** See ConsumedEvent.recordedAt. */
  recordedAt?: Date;
  /** The trace context to continue: the Kafka message headers, or the stored traceparent. */
  traceHeaders: MessageHeaders | undefined;
}

export interface ProcessOptions {
  /** Runs inside every transaction that settles the event (embedded: stores the consumer's offset). */
  settle?: (manager: EntityManager) => Promise<void>;
  /** Called while waiting between retries (Kafka: keeps the group membership). */
  heartbeat?: () => Promise<void>;
  /**
   * The event's first attempt already ran, inside a batch, and failed with `error`: the next try is
   * the second, after the back-off (or the event is parked at once if the failure says so).
   */
  failedFirstAttempt?: { error: unknown };
}

/** One event of a batch and what became of it. */
export interface SettledEvent {
  incoming: IncomingEvent;
  outcome: ProcessOutcome;
}

export interface BatchOptions {
  /**
   * Runs inside every transaction that settles events, with the last (highest) event it settles:
   * the whole batch, or one event when falling back (embedded: stores the consumer's offset).
   */
  settle?: (manager: EntityManager, last: IncomingEvent) => Promise<void>;
  /** Called after each such transaction has committed, with the events it settled, in order (Kafka: commits the offset). */
  settled?: (events: readonly SettledEvent[]) => Promise<void>;
  /** Called while waiting between retries (Kafka: keeps the group membership). */
  heartbeat?: () => Promise<void>;
}

/** What a batch's events would become, decided before any handler runs (see planBatch). */
export interface BatchPlan {
  outcomes: ProcessOutcome[];
  /** Inbox rows to insert: the events to handle, in order, each id once. */
  toRecord: string[];
  /** Dead letters to insert, in the order the events came. */
  letters: NewDeadLetter[];
}

interface BatchEntry {
  incoming: IncomingEvent;
  resolution: EventResolution;
}

/**
 * Decides, in order, what becomes of each event of a batch, exactly as `EventProcessor.process`
 * would one event at a time: an event in the inbox (or handled earlier in the batch) is a
 * duplicate; an event of a parked key waits; an event that cannot be handled is parked and parks
 * its key for the rest of the batch; an event of a known type without a handler is ignored; the
 * others are handled. Pure: `applied` and `parkedKeys` come from the database.
 */
export function planBatch(
  consumer: string,
  entries: readonly BatchEntry[],
  applied: ReadonlySet<string>,
  parkedKeys: ReadonlySet<string>,
): BatchPlan {
  const seen = new Set(applied);
  const parked = new Set(parkedKeys);
  const plan: BatchPlan = { outcomes: [], toRecord: [], letters: [] };
  for (const { incoming, resolution } of entries) {
    const { id, subject } = incoming.envelope;
    let outcome: ProcessOutcome;
    if (seen.has(id)) {
      outcome = 'duplicate';
    } else if (parked.has(subject)) {
      plan.letters.push(deadLetterOf(consumer, incoming, 'waiting', 'key-parked', null, 0));
      outcome = 'waiting';
    } else if (resolution.kind === 'park') {
      plan.letters.push(deadLetterOf(consumer, incoming, 'parked', resolution.reason, resolution.detail, 0));
      parked.add(subject);
      outcome = 'parked';
    } else if (resolution.kind === 'ignore') {
      outcome = 'ignored';
    } else {
      plan.toRecord.push(id);
      seen.add(id);
      outcome = 'handled';
    }
    plan.outcomes.push(outcome);
  }
  return plan;
}

/** Where a batch failed: the event whose handler threw, and what it threw. */
interface BatchFailure {
  index: number | undefined;
  error: unknown;
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
    const resolution = resolveEvent(incoming.envelope, this.runtime.resolution);
    return this.inSpan(incoming, async () => {
      for (let attempt = 1; ; attempt++) {
        let failure: unknown;
        if (attempt === 1 && options.failedFirstAttempt) {
          failure = options.failedFirstAttempt.error;
        } else {
          this.checkHalted();
          try {
            return await this.attempt(incoming, resolution, attempt, options.settle);
          } catch (error) {
            failure = error;
          }
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
    });
  }

  /**
   * Settles a run of events of one partition (or source), in order, in ONE transaction: the locks
   * on all their keys, one query for the inbox and the parked keys, the dead letters and inbox rows of
   * the batch, every handler in order through the same manager, then `settle`; `settled` runs after
   * the commit. Outcomes are those `process` would give one event at a time (planBatch).
   *
   * If a handler throws, the whole batch rolls back and the events fall back to one transaction
   * each: those before the failing one are handled (once: their batch effects were rolled back),
   * the failing one goes on with its second attempt (its batch try was the first) and is retried
   * and parked exactly as by `process`; the events after it are then batched again. Any other
   * failure of the batch falls back to one at a time for all of its events. A database outage is
   * thrown, as by `process`, so that the adapter delivers the events again.
   */
  async processBatch(incomings: readonly IncomingEvent[], options: BatchOptions = {}): Promise<void> {
    let rest: BatchEntry[] = incomings.map((incoming) => ({
      incoming,
      resolution: resolveEvent(incoming.envelope, this.runtime.resolution),
    }));
    while (rest.length > 0) {
      this.checkHalted();
      if (rest.length === 1) {
        await this.processOne(rest[0] as BatchEntry, options);
        return;
      }
      const failure: BatchFailure = { index: undefined, error: undefined };
      let outcomes: ProcessOutcome[];
      try {
        outcomes = await this.attemptBatch(rest, failure, options.settle);
      } catch (error) {
        this.checkHalted();
        if (isDatabaseUnavailable(error)) throw error;
        const failedAt = failure.index ?? rest.length;
        for (const entry of rest.slice(0, failedAt)) await this.processOne(entry, options);
        const failing = rest[failedAt];
        if (failing) await this.processOne(failing, options, { error: failure.error });
        rest = rest.slice(failedAt + 1);
        continue;
      }
      await options.settled?.(
        rest.map((entry, i) => ({ incoming: entry.incoming, outcome: outcomes[i] as ProcessOutcome })),
      );
      return;
    }
  }

  private async processOne(
    entry: BatchEntry,
    options: BatchOptions,
    failedFirstAttempt?: { error: unknown },
  ): Promise<void> {
    const { incoming } = entry;
    const settle = options.settle;
    const outcome = await this.process(incoming, {
      settle: settle && ((manager) => settle(manager, incoming)),
      heartbeat: options.heartbeat,
      failedFirstAttempt,
    });
    await options.settled?.([{ incoming, outcome }]);
  }

  private attemptBatch(
    entries: readonly BatchEntry[],
    failure: BatchFailure,
    settle: BatchOptions['settle'],
  ): Promise<ProcessOutcome[]> {
    const { consumer } = this.runtime;
    const last = (entries[entries.length - 1] as BatchEntry).incoming;
    const keys = entries.map((entry) => entry.incoming.envelope.subject);
    return inTransaction(
      this.runtime.dataSource,
      async (manager) => {
        failure.index = undefined;
        failure.error = undefined;
        await lockConsumerKeys(manager, consumer, keys);
        const plan = await this.planAndRecord(manager, entries, keys);
        for (const [index, { incoming, resolution }] of entries.entries()) {
          if (plan.outcomes[index] !== 'handled' || resolution.kind !== 'handle') {
            await this.inSpan(incoming, async () => undefined);
            continue;
          }
          const event: ConsumedEvent = {
            consumer,
            envelope: incoming.envelope,
            type: resolution.type,
            message: resolution.message,
            topic: incoming.topic,
            position: incoming.position,
            ...(incoming.recordedAt && { recordedAt: incoming.recordedAt }),
            attempt: 1,
            replay: false,
          };
          try {
            await this.inSpan(incoming, () => this.runtime.handlerFor(resolution.type)(event, manager));
          } catch (error) {
            failure.index = index;
            failure.error = error;
            throw error;
          }
        }
        await settle?.(manager, last);
        return plan.outcomes;
      },
      { retries: SERIALIZATION_RETRIES },
    );
  }

  /**
   * Plans the batch (planBatch) and writes its dead letters and inbox rows, under the locks on its
   * keys. Usually one statement: when no event of the batch is to be parked, its events to handle
   * are recorded in the inbox at once (an id the inbox has already is a duplicate) unless one of its
   * keys turns out to be parked, in which case nothing is written and the batch is planned from
   * the inbox and the dead letters as read, as it always is when an event is to be parked.
   */
  private async planAndRecord(
    manager: EntityManager,
    entries: readonly BatchEntry[],
    keys: readonly string[],
  ): Promise<BatchPlan> {
    const { consumer, inbox, deadLetters } = this.runtime;
    const ids = entries.map((entry) => entry.incoming.envelope.id);
    if (entries.every((entry) => entry.resolution.kind !== 'park')) {
      const handle = entries.filter((entry) => entry.resolution.kind === 'handle');
      const toHandle = handle.map((entry) => entry.incoming.envelope.id);
      const others = entries.filter((entry) => entry.resolution.kind !== 'handle');
      const claim = await this.runtime.claimBatch(
        manager,
        toHandle,
        others.map((entry) => entry.incoming.envelope.id),
        keys,
      );
      if (claim.parkedKeys.size === 0) {
        const applied = new Set(claim.applied);
        for (const id of toHandle) if (!claim.recorded.has(id)) applied.add(id);
        return planBatch(consumer, entries, applied, claim.parkedKeys);
      }
    }
    const { applied, parkedKeys } = await this.runtime.lookUpBatch(manager, ids, keys);
    const plan = planBatch(consumer, entries, applied, parkedKeys);
    await deadLetters.addAll(manager, plan.letters);
    await inbox.recordAll(manager, consumer, plan.toRecord);
    return plan;
  }

  /** The consumer span of one event, continuing the trace context it carries. */
  private inSpan<T>(incoming: IncomingEvent, fn: () => Promise<T>): Promise<T> {
    const { envelope, topic, position } = incoming;
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
      fn,
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
            ...(incoming.recordedAt && { recordedAt: incoming.recordedAt }),
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
): NewDeadLetter {
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
