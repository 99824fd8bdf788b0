import type { processV1 } from '@rre/contracts';
import type { ConsumedEvent, EventConsumerDefinition, EventHandler } from '@rre/messaging';
import {
  enqueueMesNotification,
  processEventRegistry,
  processEventTypesOf,
  ProcessRunError,
  type ProcessRuns,
  settlementOfHandOver,
} from '@rre/process-runs';
import type { EntityManager } from 'typeorm';

/** Lot events of the separation service (the run library's, published by separation). */
export const SEPARATION_LOT_EVENTS_TOPIC = 'rre.separation.lot-events.v1';
/** Inbox and dead-letter name of the consumer (and its Kafka group id). */
export const SEPARATION_ANSWERS_CONSUMER = 'concentration.separation-answers';

/**
 * Settles concentration's hand-overs to separation from separation's answers: its
 * `LotCustodyAccepted` lets the lot go (HANDED_OVER), its `LotCustodyRefused` makes concentration
 * hold it again. Answers to hand-overs of other senders are none of concentration's business.
 */
export function separationAnswersConsumer(options: {
  processRuns: () => ProcessRuns;
  name?: string;
}): EventConsumerDefinition {
  const types = processEventTypesOf('separation');

  const settle = async (
    event: ConsumedEvent<processV1.LotCustodyAccepted | processV1.LotCustodyRefused>,
    manager: EntityManager,
  ) => {
    const settlement = settlementOfHandOver(event.message);
    if (settlement === undefined) return;
    let outcome;
    try {
      outcome = await options.processRuns().settleHandOver(
        manager,
        {
          actor: { subject: 'service:concentration', organisationId: 'rre' },
          correlationId: event.envelope.correlationid,
          requestId: event.envelope.id,
        },
        settlement,
      );
    } catch (error: unknown) {
      // A hand-over to separation from another service: not ours to settle.
      if (error instanceof ProcessRunError && error.code === 'UNKNOWN_TRANSFER') return;
      throw error;
    }
    if (outcome.replayed) return;
    await enqueueMesNotification(manager, {
      kind: 'lot.handed-over',
      subject: outcome.lotIds[0] ?? settlement.transferId,
      payload: {
        lotId: outcome.lotIds[0],
        transferId: settlement.transferId,
        toService: 'separation',
        accepted: settlement.accepted,
        reason: settlement.accepted ? undefined : settlement.reason,
      },
    });
  };

  return {
    name: options.name ?? SEPARATION_ANSWERS_CONSUMER,
    topics: [SEPARATION_LOT_EVENTS_TOPIC],
    registry: processEventRegistry(['separation']),
    handlers: {
      [types.LotCustodyAccepted]: settle as EventHandler<processV1.LotCustodyAccepted>,
      [types.LotCustodyRefused]: settle as EventHandler<processV1.LotCustodyRefused>,
    },
  };
}
