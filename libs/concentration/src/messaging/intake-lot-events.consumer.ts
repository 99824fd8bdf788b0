import { commonV1, IntakeEventTypes, intakeV1, Topics } from '@rre/contracts';
import type { ConsumedEvent, EventConsumerDefinition, EventHandler } from '@rre/messaging';
import { UnprocessableEventError } from '@rre/messaging';
import type { EntityManager } from 'typeorm';
import type { EventCause, HeldLotRegistry } from '../application/held-lot-registry.port';
import { type ReceivedLot, routeOfMaterial } from '../domain/received-lot';
import { ReceivedLotStore } from '../persistence/received-lot.store';
import { compositionOf, massKgOf } from './intake-event-values';

/** Inbox and dead-letter name of the consumer (and its Kafka group id). */
export const INTAKE_LOT_EVENTS_CONSUMER = 'concentration.intake-lot-events';

function enumName(names: Record<number, string>, value: number, prefix: string): string {
  const name = names[value] ?? `${prefix}UNSPECIFIED`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

function causeOf(event: ConsumedEvent): EventCause {
  return {
    eventId: event.envelope.id,
    correlationId: event.envelope.correlationid,
    actor: { subject: event.envelope.actorsub, organisationId: event.envelope.actororg },
  };
}

/**
 * Keeps concentration's copy of intake's lots (`intake_lot`) from intake's lot events: facts from
 * LotRegistered, compositions from LotAssayed (also after the hand-over), offers to concentration,
 * their acceptance (the lot becomes held: runs may take from it) or refusal, and corrections.
 * Events about other services' hand-overs only keep the copy current.
 */
export function intakeLotEventsConsumer(options: {
  registry: HeldLotRegistry;
  clock?: () => Date;
  name?: string;
}): EventConsumerDefinition {
  const store = new ReceivedLotStore();
  const now = options.clock ?? (() => new Date());

  async function existing(manager: EntityManager, event: ConsumedEvent, lotId: string): Promise<ReceivedLot> {
    const lot = await store.get(manager, lotId, { forUpdate: true });
    if (!lot) {
      throw new UnprocessableEventError(
        `${event.type} ${event.envelope.id} for lot ${lotId}: its LotRegistered event was never received`,
      );
    }
    return lot;
  }

  const registered: EventHandler<intakeV1.LotRegistered> = async (event, manager) => {
    const message = event.message;
    const lotId = message.lot?.lotId ?? event.envelope.subject;
    const materialKind = enumName(commonV1.MaterialKind, message.materialKind, 'MATERIAL_KIND_');
    const known = await store.get(manager, lotId, { forUpdate: true });
    await store.save(
      manager,
      {
        lotId,
        lotCode: message.lot?.lotCode ?? '',
        supplierOrganisationId: message.supplier?.organisationId || known?.supplierOrganisationId,
        materialKind,
        sourceCategory: enumName(commonV1.SourceCategory, message.sourceCategory, 'SOURCE_CATEGORY_'),
        route: routeOfMaterial(materialKind),
        weighedNetMassKg: massKgOf(message.weighedNetMass, 'weighed_net_mass'),
        declaredComposition: compositionOf(message.declaredComposition, 'declared_composition'),
        currentAssayId: known?.currentAssayId,
        currentComposition: known?.currentComposition,
        custody: known?.custody ?? 'AT_INTAKE',
        transferId: known?.transferId,
        offeredMassKg: known?.offeredMassKg,
        receivedMassKg: known?.receivedMassKg,
        heldSince: known?.heldSince,
        corrections: known?.corrections ?? [],
      },
      now(),
    );
  };

  const assayed: EventHandler<intakeV1.LotAssayed> = async (event, manager) => {
    if (!event.message.isCurrent) return;
    const lot = await existing(manager, event, event.envelope.subject);
    const updated: ReceivedLot = {
      ...lot,
      currentAssayId: event.message.assayId,
      currentComposition: compositionOf(event.message.composition, 'composition'),
    };
    await store.save(manager, updated, now());
    if (updated.custody === 'HELD') await options.registry.lotAssayed(manager, updated, causeOf(event));
  };

  const transferred: EventHandler<intakeV1.LotCustodyTransferred> = async (event, manager) => {
    const lot = await existing(manager, event, event.envelope.subject);
    if (event.message.toService !== commonV1.ServiceName.CONCENTRATION) return;
    await store.save(
      manager,
      {
        ...lot,
        custody: 'OFFERED',
        transferId: event.message.transferId,
        offeredMassKg: massKgOf(event.message.mass, 'mass'),
        receivedMassKg: undefined,
      },
      now(),
    );
  };

  const accepted: EventHandler<intakeV1.LotCustodyAccepted> = async (event, manager) => {
    const lot = await existing(manager, event, event.envelope.subject);
    if (event.message.custodian !== commonV1.ServiceName.CONCENTRATION) return;
    if (lot.custody === 'HELD') return;
    const receivedMassKg = massKgOf(event.message.receivedMass, 'received_mass') ?? lot.offeredMassKg;
    if (receivedMassKg === undefined) {
      throw new UnprocessableEventError(
        `LotCustodyAccepted ${event.envelope.id} for lot ${lot.lotCode}: no received mass and no offered mass`,
      );
    }
    const held: ReceivedLot = {
      ...lot,
      custody: 'HELD',
      transferId: event.message.transferId,
      receivedMassKg,
      heldSince: new Date(event.envelope.time),
    };
    await store.save(manager, held, now());
    await options.registry.lotHeld(manager, held, causeOf(event));
  };

  const refused: EventHandler<intakeV1.LotCustodyRefused> = async (event, manager) => {
    const lot = await existing(manager, event, event.envelope.subject);
    if (event.message.refusedBy !== commonV1.ServiceName.CONCENTRATION || lot.custody !== 'OFFERED') return;
    await store.save(manager, { ...lot, custody: 'REFUSED' }, now());
  };

  const corrected: EventHandler<intakeV1.LotCorrected> = async (event, manager) => {
    const lot = await existing(manager, event, event.envelope.subject);
    const message = event.message;
    await store.save(
      manager,
      {
        ...lot,
        corrections: [
          ...lot.corrections,
          {
            eventId: event.envelope.id,
            correctsEventType: message.correctsEventType,
            field: message.field,
            oldValue: message.oldValue,
            newValue: message.newValue,
            reason: message.reason,
            at: event.envelope.time,
          },
        ],
      },
      now(),
    );
  };

  return {
    name: options.name ?? INTAKE_LOT_EVENTS_CONSUMER,
    topics: [Topics.IntakeLotEvents],
    handlers: {
      [IntakeEventTypes.LotRegistered]: registered,
      [IntakeEventTypes.LotAssayed]: assayed,
      [IntakeEventTypes.LotCustodyTransferred]: transferred,
      [IntakeEventTypes.LotCustodyAccepted]: accepted,
      [IntakeEventTypes.LotCustodyRefused]: refused,
      [IntakeEventTypes.LotCorrected]: corrected,
    },
  };
}
