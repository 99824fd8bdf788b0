import { Topics } from '@rre/contracts';
import type { EventConsumerDefinition } from '@rre/messaging';
import { lotHandOversConsumer, type ProcessRuns } from '@rre/process-runs';

/** Inbox and dead-letter names of the consumers (and their Kafka group ids). */
export const REDUCTION_HAND_OVERS_CONSUMER = 'sales.reduction-hand-overs';
export const SEPARATION_HAND_OVERS_CONSUMER = 'sales.separation-hand-overs';

/**
 * Receives the metal lots reduction hands over to sales as lots OFFERED to sales (see
 * lotHandOversConsumer), with their later assays and corrected masses, for a sales person to
 * accept as a catalogue product (`salesAcceptLot`) or refuse with a reason.
 */
export function reductionHandOversConsumer(options: {
  processRuns: () => ProcessRuns;
  name?: string;
}): EventConsumerDefinition {
  return lotHandOversConsumer({
    sender: 'reduction',
    receiver: 'sales',
    topic: Topics.ReductionLotEvents,
    name: options.name ?? REDUCTION_HAND_OVERS_CONSUMER,
    processRuns: options.processRuns,
    followsReceivedLots: true,
  });
}

/** Receives the oxide lots (Tb4O7, Dy2O3) separation hands over to sales, as for reduction's. */
export function separationHandOversConsumer(options: {
  processRuns: () => ProcessRuns;
  name?: string;
}): EventConsumerDefinition {
  return lotHandOversConsumer({
    sender: 'separation',
    receiver: 'sales',
    topic: Topics.SeparationLotEvents,
    name: options.name ?? SEPARATION_HAND_OVERS_CONSUMER,
    processRuns: options.processRuns,
    followsReceivedLots: true,
  });
}
