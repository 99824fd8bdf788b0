import { Topics } from '@rre/contracts';
import type { EventConsumerDefinition } from '@rre/messaging';
import { lotHandOversConsumer, type ProcessRuns } from '@rre/process-runs';

/** Inbox and dead-letter name of the consumer (and its Kafka group id). */
export const CONCENTRATION_LOT_EVENTS_CONSUMER = 'separation.concentration-lot-events';

/**
 * Concentration's lot events as separation needs them (see lotHandOversConsumer): a hand-over of
 * concentrate (or leach solution) addressed to separation becomes a lot OFFERED here, for an
 * operator to accept or refuse (`separationAcceptLot` / `separationRefuseLot`); a later assay or
 * corrected mass of a lot separation received still reaches it.
 */
export function concentrationLotEventsConsumer(options: {
  processRuns: () => ProcessRuns;
  name?: string;
}): EventConsumerDefinition {
  return lotHandOversConsumer({
    sender: 'concentration',
    receiver: 'separation',
    topic: Topics.ConcentrationLotEvents,
    name: options.name ?? CONCENTRATION_LOT_EVENTS_CONSUMER,
    processRuns: options.processRuns,
    followsReceivedLots: true,
  });
}
