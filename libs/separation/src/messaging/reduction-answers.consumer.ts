import { Topics } from '@rre/contracts';
import type { EventConsumerDefinition } from '@rre/messaging';
import { handOverAnswersConsumer, type ProcessRuns } from '@rre/process-runs';

/** Inbox and dead-letter name of the consumer (and its Kafka group id). */
export const REDUCTION_ANSWERS_CONSUMER = 'separation.reduction-answers';

/** Settles separation's hand-overs of oxide lots to reduction from reduction's answers (see handOverAnswersConsumer). */
export function reductionAnswersConsumer(options: {
  processRuns: () => ProcessRuns;
  name?: string;
}): EventConsumerDefinition {
  return handOverAnswersConsumer({
    sender: 'separation',
    receiver: 'reduction',
    topic: Topics.ReductionLotEvents,
    name: options.name ?? REDUCTION_ANSWERS_CONSUMER,
    processRuns: options.processRuns,
  });
}
