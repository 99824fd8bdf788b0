import type { EventConsumerDefinition } from '@rre/messaging';
import { handOverAnswersConsumer, type ProcessRuns } from '@rre/process-runs';

/** Lot events of the separation service (the run library's, published by separation). */
export const SEPARATION_LOT_EVENTS_TOPIC = 'rre.separation.lot-events.v1';
/** Inbox and dead-letter name of the consumer (and its Kafka group id). */
export const SEPARATION_ANSWERS_CONSUMER = 'concentration.separation-answers';

/**
 * Settles concentration's hand-overs to separation from separation's answers (see
 * handOverAnswersConsumer) and tells the MES of each (`lot.handed-over`).
 */
export function separationAnswersConsumer(options: {
  processRuns: () => ProcessRuns;
  name?: string;
}): EventConsumerDefinition {
  return handOverAnswersConsumer({
    sender: 'concentration',
    receiver: 'separation',
    topic: SEPARATION_LOT_EVENTS_TOPIC,
    name: options.name ?? SEPARATION_ANSWERS_CONSUMER,
    processRuns: options.processRuns,
    notifiesMes: true,
  });
}
