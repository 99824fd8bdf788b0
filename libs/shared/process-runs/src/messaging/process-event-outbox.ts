import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { commonV1, processV1 } from '@rre/contracts';
import type { EventPublisher } from '@rre/messaging';
import type { EntityManager } from 'typeorm';
import type { MassBalance } from '../domain/mass-balance';
import type { AssayStatus, OutputRole, ProcessLotKind } from '../domain/process-lot';
import type { StoredComposition } from '../domain/process-quantities';
import type { ActorRef } from '../domain/process-run';
import {
  isLotEvent,
  type ProcessEventName,
  processEventSchema,
  processEventTypesOf,
  type ProcessServiceName,
} from './process-event-types';

export interface ProcessTopics {
  /** Lot events, keyed by lot id, e.g. `rre.concentration.lot-events.v1`. */
  readonly lots: string;
  /** Run events, keyed by run id, e.g. `rre.concentration.run-events.v1`. */
  readonly runs: string;
}

/**
 * Publishes the library's events through the host's outbox, in the host's transaction: lot events
 * keyed by lot id on `topics.lots`, run events keyed by run id on `topics.runs`. The first event of
 * a request is caused by the request, each later one by the event before it.
 */
export class ProcessEventOutbox {
  private causationId: string;
  readonly eventIds: string[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly publisher: EventPublisher,
    private readonly service: ProcessServiceName,
    private readonly topics: ProcessTopics,
    /** Without an actor the publisher's default actor (the service) signs the events. */
    private readonly metadata: { actor?: ActorRef; correlationId: string; causationId: string },
  ) {
    this.causationId = metadata.causationId;
  }

  async publish<N extends ProcessEventName>(
    name: N,
    subject: string,
    data: MessageInitShape<DescMessage>,
  ): Promise<string> {
    const schema = processEventSchema(name);
    const envelope = await this.publisher.publish(this.manager, {
      topic: isLotEvent(name) ? this.topics.lots : this.topics.runs,
      type: processEventTypesOf(this.service)[name],
      subject,
      data: { schema, message: create(schema, data) },
      correlationId: this.metadata.correlationId,
      causationId: this.causationId,
      actor:
        this.metadata.actor === undefined
          ? undefined
          : { sub: this.metadata.actor.subject, org: this.metadata.actor.organisationId },
    });
    this.causationId = envelope.id;
    this.eventIds.push(envelope.id);
    return envelope.id;
  }
}

const SERVICE_NAMES: Record<string, commonV1.ServiceName> = {
  intake: commonV1.ServiceName.INTAKE,
  concentration: commonV1.ServiceName.CONCENTRATION,
  separation: commonV1.ServiceName.SEPARATION,
  reduction: commonV1.ServiceName.REDUCTION,
  sales: commonV1.ServiceName.SALES,
  traceability: commonV1.ServiceName.TRACEABILITY,
};

export function serviceNameOf(service: string | undefined): commonV1.ServiceName {
  return service === undefined
    ? commonV1.ServiceName.UNSPECIFIED
    : (SERVICE_NAMES[service] ?? commonV1.ServiceName.UNSPECIFIED);
}

export function kgMass(value: string): MessageInitShape<typeof commonV1.MassSchema> {
  return { value, unitCode: 'KGM' };
}

export function compositionMessage(
  composition: StoredComposition | undefined,
): MessageInitShape<typeof commonV1.ElementCompositionSchema> | undefined {
  if (composition === undefined) return undefined;
  return {
    contents: Object.entries(composition).map(([element, c]) => ({
      element,
      massFraction: c.fraction,
      unitCode: 'C62',
      uncertainty: c.uncertainty ?? '',
    })),
    basis: { form: commonV1.ChemicalForm.ELEMENT },
  };
}

export function lotKindMessage(kind: ProcessLotKind): processV1.ProcessLotKind {
  return {
    MATERIAL: processV1.ProcessLotKind.MATERIAL,
    IN_PROCESS_INVENTORY: processV1.ProcessLotKind.IN_PROCESS_INVENTORY,
    REAGENT: processV1.ProcessLotKind.REAGENT,
  }[kind];
}

export function assayStatusMessage(status: AssayStatus | undefined): processV1.AssayStatus {
  if (status === undefined) return processV1.AssayStatus.UNSPECIFIED;
  return status === 'FINAL' ? processV1.AssayStatus.FINAL : processV1.AssayStatus.PROVISIONAL;
}

export function outputRoleMessage(role: OutputRole): processV1.OutputRole {
  return {
    PRODUCT: processV1.OutputRole.PRODUCT,
    BY_PRODUCT: processV1.OutputRole.BY_PRODUCT,
    RESIDUE: processV1.OutputRole.RESIDUE,
    IN_PROCESS_INVENTORY: processV1.OutputRole.IN_PROCESS_INVENTORY,
  }[role];
}

export function lossKindMessage(kind: string): processV1.LossKind {
  return (
    {
      OFF_GAS: processV1.LossKind.OFF_GAS,
      SPILL: processV1.LossKind.SPILL,
      SAMPLE: processV1.LossKind.SAMPLE,
      OTHER: processV1.LossKind.OTHER,
    }[kind] ?? processV1.LossKind.UNSPECIFIED
  );
}

export function actorMessage(
  actor: ActorRef | undefined,
): MessageInitShape<typeof commonV1.ActorSchema> | undefined {
  return actor === undefined ? undefined : { subjectId: actor.subject, organisationId: actor.organisationId };
}

export function balanceMessage(balance: MassBalance): MessageInitShape<typeof processV1.MassBalanceSchema> {
  return {
    closes: balance.closes,
    coverageFactor: balance.coverageFactor,
    elements: balance.elements.map((e) => ({
      element: e.element,
      openingInventory: kgMass(e.openingInventoryKg),
      inputs: kgMass(e.inputsKg),
      outputs: kgMass(e.outputsKg),
      closingInventory: kgMass(e.closingInventoryKg),
      losses: kgMass(e.lossesKg),
      imbalance: kgMass(e.imbalanceKg),
      combinedUncertainty: kgMass(e.combinedUncertaintyKg),
      tolerance: kgMass(e.toleranceKg),
      closes: e.closes,
      relativeImbalance: e.relativeImbalance ?? '',
    })),
  };
}
