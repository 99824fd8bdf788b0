import { enqueueMesNotification, type ProcessRequest, type ProcessRuns } from '@rre/process-runs';
import type { EntityManager } from 'typeorm';
import { compositionForRuns, type ReceivedLot } from '../domain/received-lot';
import type { EventCause, HeldLotRegistry } from './held-lot-registry.port';

function requestOf(cause: EventCause): ProcessRequest {
  return { actor: cause.actor, correlationId: cause.correlationId, requestId: cause.eventId };
}

/** Lots accepted from intake become lots of the run library, held by concentration. */
export class ProcessRunsHeldLotRegistry implements HeldLotRegistry {
  constructor(private readonly processRuns: () => ProcessRuns) {}

  async lotHeld(manager: EntityManager, lot: ReceivedLot, cause: EventCause): Promise<void> {
    const composition = compositionForRuns(lot);
    const outcome = await this.processRuns().receiveLot(manager, requestOf(cause), {
      lotId: lot.lotId,
      lotCode: lot.lotCode,
      kind: 'MATERIAL',
      mass: { value: lot.receivedMassKg ?? '0', unit: 'KGM' },
      composition: composition && { contents: composition.contents, unit: composition.unit },
      compositionStatus: 'FINAL',
      assayId: lot.currentAssayId,
      custody: 'HELD',
      from: { service: 'intake', transferId: lot.transferId },
      materialKind: lot.materialKind,
      sourceCategory: lot.sourceCategory,
    });
    if (outcome.replayed) return;
    await enqueueMesNotification(manager, {
      kind: 'lot.custody.entered',
      subject: lot.lotId,
      payload: {
        lotId: lot.lotId,
        lotCode: lot.lotCode,
        massKg: lot.receivedMassKg,
        from: 'intake',
        route: lot.route,
      },
    });
  }

  async lotAssayed(manager: EntityManager, lot: ReceivedLot, cause: EventCause): Promise<void> {
    if (!lot.currentComposition || !lot.currentAssayId) return;
    await this.processRuns().recordLotAssay(manager, requestOf(cause), {
      lotId: lot.lotId,
      assayId: lot.currentAssayId,
      composition: { contents: lot.currentComposition.contents, unit: lot.currentComposition.unit },
      status: 'FINAL',
    });
  }
}
