import { Topics } from '@rre/contracts';
import type { AlongsideStatement, EventPublisher } from '@rre/messaging';
import type { EntityManager } from 'typeorm';
import type { EventMetadata, LotEventOutbox } from '../application/ports/lot-event-outbox.port';
import type { Lot } from '../domain/lot';
import type { LotEvent } from '../domain/lot-event';
import { LotEntity } from '../persistence/lot.entity';
import { encodeLotEvent } from './lot-event.mapper';

const REGISTRATIONS_PER_STATEMENT = 1_000;

/**
 * Writes a lot's events to intake's outbox through @rre/messaging, in the caller's transaction:
 * keyed by lot id, numbered 1, 2, ... per lot, each caused by the one before it. A registration's
 * event id is stored with the new lot's row, in the same statement (TypeormLotStore.addAllPublished).
 */
export class OutboxLotEventPublisher implements LotEventOutbox {
  constructor(
    private readonly manager: EntityManager,
    private readonly publisher: EventPublisher,
  ) {}

  async publish(lot: Lot, events: readonly LotEvent[], metadata: EventMetadata): Promise<string[]> {
    const ids: string[] = [];
    let causationId = metadata.causationId;
    let registeredEventId = events.some((event) => event.kind === 'CORRECTED')
      ? await this.registeredEventIdOf(lot.id)
      : undefined;
    for (const event of events) {
      const encoded = encodeLotEvent(lot, event, registeredEventId);
      const envelope = await this.publisher.publish(this.manager, {
        topic: Topics.IntakeLotEvents,
        type: encoded.type,
        subject: lot.id,
        data: encoded.data,
        correlationId: metadata.correlationId,
        causationId,
        actor: { sub: metadata.actor.subject, org: metadata.actor.organisationId },
      });
      if (event.kind === 'REGISTERED') registeredEventId = envelope.id;
      causationId = envelope.id;
      ids.push(envelope.id);
    }
    return ids;
  }

  /**
   * Publishes the registrations of new lots (one REGISTERED event each) with one outbox statement
   * per REGISTRATIONS_PER_STATEMENT lots; returns their event ids in order. `alongside`, given the
   * event ids of a statement's lots and the index of the first, adds its statement to that one.
   */
  async publishRegistrations(
    lots: readonly Lot[],
    metadata: EventMetadata,
    alongside?: (eventIds: readonly string[], from: number) => AlongsideStatement | undefined,
  ): Promise<string[]> {
    const ids: string[] = [];
    const actor = { sub: metadata.actor.subject, org: metadata.actor.organisationId };
    for (let from = 0; from < lots.length; from += REGISTRATIONS_PER_STATEMENT) {
      const requests = lots.slice(from, from + REGISTRATIONS_PER_STATEMENT).map((lot) => {
        const encoded = encodeLotEvent(
          lot,
          { kind: 'REGISTERED', registration: lot.registration },
          undefined,
        );
        return {
          topic: Topics.IntakeLotEvents,
          type: encoded.type,
          subject: lot.id,
          data: encoded.data,
          correlationId: metadata.correlationId,
          causationId: metadata.causationId,
          actor,
        };
      });
      const envelopes = await this.publisher.publishAll(this.manager, requests, {
        alongside:
          alongside &&
          ((drafts) =>
            alongside(
              drafts.map((draft) => draft.id),
              from,
            )),
      });
      ids.push(...envelopes.map((envelope) => envelope.id));
    }
    return ids;
  }

  private async registeredEventIdOf(lotId: string): Promise<string | undefined> {
    const row = await this.manager.findOne(LotEntity, {
      where: { id: lotId },
      select: { id: true, registeredEventId: true },
    });
    return row?.registeredEventId ?? undefined;
  }
}
