import type { processV1 } from '@rre/contracts';
import type { ConsumedEvent, EventConsumerDefinition, EventHandler } from '@rre/messaging';
import type { EntityManager } from 'typeorm';
import type { ProcessRuns } from '../application/process-runs';
import { ProcessRunError } from '../domain/process-run-error';
import { enqueueMesNotification } from '../notifications/enqueue-mes-notification';
import { settlementOfHandOver } from './hand-over-wiring';
import { processEventRegistry, processEventTypesOf, type ProcessServiceName } from './process-event-types';

export interface HandOverAnswersConsumerOptions {
  /** The service that handed its lots over and settles them, e.g. 'concentration'. */
  readonly sender: ProcessServiceName;
  /** The service whose answers (its lot events) are read, e.g. 'separation'. */
  readonly receiver: ProcessServiceName;
  /** The receiver's lot-events topic. */
  readonly topic: string;
  /** Inbox and dead-letter name of the consumer (and its Kafka group id). */
  readonly name: string;
  readonly processRuns: () => ProcessRuns;
  /** Tells the MES (`lot.handed-over`) of each settled hand-over. */
  readonly notifiesMes?: boolean;
}

/**
 * Settles the sender's hand-overs from the receiver's answers: its `LotCustodyAccepted` lets the
 * lot go (HANDED_OVER), its `LotCustodyRefused` makes the sender hold it again. Answers to
 * hand-overs of other senders (UNKNOWN_TRANSFER here) are none of the sender's business.
 */
export function handOverAnswersConsumer(options: HandOverAnswersConsumerOptions): EventConsumerDefinition {
  const types = processEventTypesOf(options.receiver);

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
          actor: { subject: `service:${options.sender}`, organisationId: 'rre' },
          correlationId: event.envelope.correlationid,
          requestId: event.envelope.id,
        },
        settlement,
      );
    } catch (error: unknown) {
      if (error instanceof ProcessRunError && error.code === 'UNKNOWN_TRANSFER') return;
      throw error;
    }
    if (!options.notifiesMes || outcome.replayed) return;
    await enqueueMesNotification(manager, {
      kind: 'lot.handed-over',
      subject: outcome.lotIds[0] ?? settlement.transferId,
      payload: {
        lotId: outcome.lotIds[0],
        transferId: settlement.transferId,
        toService: options.receiver,
        accepted: settlement.accepted,
        reason: settlement.accepted ? undefined : settlement.reason,
      },
    });
  };

  return {
    name: options.name,
    topics: [options.topic],
    registry: processEventRegistry([options.receiver]),
    handlers: {
      [types.LotCustodyAccepted]: settle as EventHandler<processV1.LotCustodyAccepted>,
      [types.LotCustodyRefused]: settle as EventHandler<processV1.LotCustodyRefused>,
    },
  };
}
