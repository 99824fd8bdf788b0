import { Topics } from '@rre/contracts';
import type { EventConsumerDefinition } from '@rre/messaging';
import { lotHandOversConsumer, type ProcessRuns } from '@rre/process-runs';

/** Inbox and dead-letter name of the consumer (and its Kafka group id). */
export const SEPARATION_HAND_OVERS_CONSUMER = 'reduction.separation-hand-overs';

/**
 * Receives the oxide lots separation hands over to reduction as lots OFFERED to reduction (see
 * lotHandOversConsumer), which an operator accepts (`reductionAcceptLot`) or refuses.
 */
export function separationHandOversConsumer(options: {
  processRuns: () => ProcessRuns;
  name?: string;
}): EventConsumerDefinition {
  return lotHandOversConsumer({
    sender: 'separation',
    receiver: 'reduction',
    topic: Topics.SeparationLotEvents,
    name: options.name ?? SEPARATION_HAND_OVERS_CONSUMER,
    processRuns: options.processRuns,
  });
}
