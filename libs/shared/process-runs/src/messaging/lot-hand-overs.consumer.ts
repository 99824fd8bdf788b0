import { processV1 } from '@rre/contracts';
import type { ConsumedEvent, EventConsumerDefinition, EventHandler } from '@rre/messaging';
import type { EntityManager } from 'typeorm';
import type { ProcessRequest } from '../application/process-request';
import type { ProcessRuns } from '../application/process-runs';
import type { AssayStatus } from '../domain/process-lot';
import { receiptOfHandOver } from './hand-over-wiring';
import { processEventRegistry, processEventTypesOf, type ProcessServiceName } from './process-event-types';

export interface LotHandOversConsumerOptions {
  /** The service whose lot events are read, e.g. 'concentration'. */
  readonly sender: ProcessServiceName;
  /** The service that receives the lots offered to it, e.g. 'separation'. */
  readonly receiver: ProcessServiceName;
  /** The sender's lot-events topic. */
  readonly topic: string;
  /** Inbox and dead-letter name of the consumer (and its Kafka group id). */
  readonly name: string;
  readonly processRuns: () => ProcessRuns;
  /** Also applies the sender's later assays and mass corrections of lots the receiver holds. */
  readonly followsReceivedLots?: boolean;
}

function requestOf(event: ConsumedEvent): ProcessRequest {
  return {
    actor: { subject: event.envelope.actorsub, organisationId: event.envelope.actororg },
    correlationId: event.envelope.correlationid,
    requestId: event.envelope.id,
  };
}

/**
 * Receives the lots the sender hands over to the receiver: the sender's `LotCustodyTransferred`
 * addressed to the receiver becomes a lot OFFERED there (mass, composition with uncertainty and
 * assay status from the event), for an operator to accept or refuse; the sender learns the answer
 * from the receiver's lot events. Offers to other services are ignored; a redelivered offer changes
 * nothing (`receiveLot` is idempotent on the lot id).
 */
export function lotHandOversConsumer(options: LotHandOversConsumerOptions): EventConsumerDefinition {
  const types = processEventTypesOf(options.sender);
  const known = async (manager: EntityManager, lotId: string) =>
    (await options.processRuns().getLot(manager, lotId)) !== undefined;

  const transferred: EventHandler<processV1.LotCustodyTransferred> = async (event, manager) => {
    const receipt = receiptOfHandOver(event.message, options.receiver);
    if (receipt === undefined) return;
    await options.processRuns().receiveLot(manager, requestOf(event), receipt);
  };

  const assayed: EventHandler<processV1.LotAssayRecorded> = async (event, manager) => {
    const lotId = event.message.lot?.lotId ?? event.envelope.subject;
    const contents = event.message.composition?.contents ?? [];
    if (!(await known(manager, lotId)) || contents.length === 0) return;
    const status: AssayStatus =
      event.message.status === processV1.AssayStatus.FINAL ? 'FINAL' : 'PROVISIONAL';
    await options.processRuns().recordLotAssay(manager, requestOf(event), {
      lotId,
      assayId: event.message.assayId,
      status,
      composition: {
        unit: 'C62',
        contents: contents.map((c) =>
          c.uncertainty === ''
            ? { element: c.element, value: c.massFraction }
            : { element: c.element, value: c.massFraction, uncertainty: c.uncertainty },
        ),
      },
    });
  };

  const massCorrected: EventHandler<processV1.LotMassCorrected> = async (event, manager) => {
    const lotId = event.message.lot?.lotId ?? event.envelope.subject;
    const mass = event.message.newMass;
    if (!(await known(manager, lotId)) || !mass) return;
    await options.processRuns().correctLotMass(manager, requestOf(event), {
      lotId,
      mass: { value: mass.value, unit: mass.unitCode },
      reason: event.message.reason,
      sourceEventId: event.envelope.id,
    });
  };

  return {
    name: options.name,
    topics: [options.topic],
    registry: processEventRegistry([options.sender]),
    handlers: options.followsReceivedLots
      ? {
          [types.LotCustodyTransferred]: transferred,
          [types.LotAssayRecorded]: assayed,
          [types.LotMassCorrected]: massCorrected,
        }
      : { [types.LotCustodyTransferred]: transferred },
  };
}
