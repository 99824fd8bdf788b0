import { validateEnvelope } from '@rre/contracts';
import { inTransaction } from '@rre/persistence';
import { withConsumerSpan } from '@rre/telemetry';
import type { DataSource } from 'typeorm';
import { ConsumerRuntime, errorText } from './consumer-runtime';
import type { DeadLetterReason } from './dead-letter';
import type { PendingDeadLetter } from './dead-letter-store';
import type { ConsumedEvent, EventConsumerDefinition } from './event-consumer-definition';
import { resolveEvent } from './event-resolution';
import { lockConsumerKey } from './inbox';
import { isDatabaseUnavailable } from './infrastructure-error';

export interface KeyReplay {
  key: string;
  /** Events handled (or found handled already) by this replay, in order. */
  replayed: string[];
  /** True when the key has no parked or waiting event left: its new events flow again. */
  unparked: boolean;
  /** The event that failed again; it stays parked, and the events after it keep waiting. */
  failed?: { eventId: string; reason: DeadLetterReason; error: string };
}

export interface ReplayReport {
  consumer: string;
  keys: KeyReplay[];
}

class ReplayFailure extends Error {
  constructor(
    readonly reason: DeadLetterReason,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * After a fix: handles the parked key's events again in the order the consumer met them (the
 * parked event first, then those that waited behind it), each in one transaction with its inbox
 * row, and marks them replayed. Stops at the first that fails again, which stays parked (with the
 * new error and one more attempt). When none is left the key is unparked. Without `key`, replays
 * every parked key of the consumer. Safe while the consumer runs: an event that arrives for the key
 * meanwhile is queued behind and replayed too.
 */
export async function replayParked(
  dataSource: DataSource,
  definition: EventConsumerDefinition,
  key?: string,
): Promise<ReplayReport> {
  const runtime = new ConsumerRuntime(dataSource, definition);
  const keys = key === undefined ? await runtime.deadLetters.parkedKeys(dataSource, runtime.consumer) : [key];
  const report: ReplayReport = { consumer: runtime.consumer, keys: [] };
  for (const each of keys) report.keys.push(await replayKey(runtime, each));
  return report;
}

async function replayKey(runtime: ConsumerRuntime, key: string): Promise<KeyReplay> {
  const { consumer, deadLetters, inbox } = runtime;
  const replayed: string[] = [];
  for (;;) {
    let current: PendingDeadLetter | undefined;
    try {
      const eventId = await inTransaction(runtime.dataSource, async (manager) => {
        await lockConsumerKey(manager, consumer, key);
        current = await deadLetters.firstPending(manager, consumer, key);
        if (!current) return undefined;
        const letter = current;
        const envelope = readEnvelope(letter);
        if (!(await inbox.has(manager, consumer, envelope.id))) {
          const resolution = resolveEvent(envelope, runtime.resolution);
          if (resolution.kind === 'park') throw new ReplayFailure(resolution.reason, resolution.detail);
          if (resolution.kind === 'handle') {
            await inbox.record(manager, consumer, envelope.id);
            const event: ConsumedEvent = {
              consumer,
              envelope,
              type: resolution.type,
              message: resolution.message,
              topic: letter.topic,
              position: {
                source: letter.source,
                partition: letter.sourcePartition ?? undefined,
                position: letter.sourcePosition ?? '',
              },
              attempt: letter.attempts + 1,
              replay: true,
            };
            const headers = envelope.traceparent ? { traceparent: envelope.traceparent } : undefined;
            await withConsumerSpan(
              `replay ${letter.topic}`,
              headers,
              {
                system: 'embedded',
                destination: letter.topic,
                messageId: envelope.id,
                eventType: envelope.type,
                key,
              },
              () => runtime.handlerFor(resolution.type)(event, manager),
            );
          }
        }
        await deadLetters.markReplayed(manager, letter.id);
        return letter.eventId;
      });
      if (eventId === undefined) return { key, replayed, unparked: true };
      replayed.push(eventId);
    } catch (error) {
      const failed = current;
      if (!failed || isDatabaseUnavailable(error)) throw error;
      const reason: DeadLetterReason = error instanceof ReplayFailure ? error.reason : 'handler-failed';
      const text = error instanceof ReplayFailure ? error.message : errorText(error);
      await inTransaction(runtime.dataSource, async (manager) => {
        await lockConsumerKey(manager, consumer, key);
        await deadLetters.markFailedAgain(manager, failed.id, reason, text);
      });
      return { key, replayed, unparked: false, failed: { eventId: failed.eventId, reason, error: text } };
    }
  }
}

function readEnvelope(letter: PendingDeadLetter) {
  try {
    return validateEnvelope({ ...letter.attributes, data: new Uint8Array(letter.data) });
  } catch (error) {
    throw new ReplayFailure('malformed-envelope', errorText(error));
  }
}
