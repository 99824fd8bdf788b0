import {
  commonV1,
  IntakeEventTypes,
  type intakeV1,
  processV1,
  SalesEventTypes,
  type salesV1,
  Topics,
} from '@rre/contracts';
import {
  type EventConsumerDefinition,
  type EventHandler,
  type GatedEvent,
  UnprocessableEventError,
} from '@rre/messaging';
import {
  type ProcessEventName,
  processEventRegistry,
  processEventTypesOf,
  type ProcessServiceName,
} from '@rre/process-runs';
import type { EntityManager } from 'typeorm';
import type { SourceCategory } from '../domain/genealogy';
import { LedgerApplication } from '../ledger/ledger-application';
import { publishedEventBytes } from '../ledger/published-bytes';
import { GenealogyStore } from '../persistence/genealogy.store';
import { RunBalanceStore } from '../reconciliation/run-balance.store';
import { RunEmissionStore } from '../persistence/run-emission.store';
import { enumName, fractionsOf, massKgOf } from './event-values';
import { applyLotCorrected } from './lot-corrected';
import { applyLotShipped } from './lot-shipped';
import { applyRunEnergyRecorded } from './run-energy-recorded';
import { restateAffectedStatements } from '../as-of/restate-affected-statements';
import { freezePendingStatements } from '../pending-statements/freeze-pending-statements';
import { type EventIngestion, storedIngestion } from './event-ingestion';

/** Inbox, dead-letter and gate name of the consumer (and its Kafka group id). */
export const LOT_AND_RUN_EVENTS_CONSUMER = 'traceability.lot-and-run-events';

/** Every topic whose events build the genealogy. */
export const GENEALOGY_TOPICS: readonly string[] = [
  Topics.IntakeLotEvents,
  Topics.ConcentrationLotEvents,
  Topics.ConcentrationRunEvents,
  Topics.SeparationLotEvents,
  Topics.SeparationRunEvents,
  Topics.ReductionLotEvents,
  Topics.ReductionRunEvents,
  Topics.SalesLotEvents,
];

// Sales receives and accepts lots in the process services' format (its own LotShipped ends custody).
const PROCESS_SERVICES: readonly ProcessServiceName[] = ['concentration', 'separation', 'reduction', 'sales'];

/** Every process event type, to its service and event name. */
const PROCESS_TYPES = new Map<string, { service: ProcessServiceName; name: ProcessEventName }>(
  PROCESS_SERVICES.flatMap((service) =>
    Object.entries(processEventTypesOf(service)).map(
      ([name, type]) => [type, { service, name: name as ProcessEventName }] as const,
    ),
  ),
);

const registry = processEventRegistry(PROCESS_SERVICES);

/**
 * Builds the genealogy from every lot and run event of intake and the process services. Events
 * from different topics arrive in any order: each passes the PredecessorGate, which holds it until
 * the same service's earlier events of its lot (or run) have been applied, so every lot's and
 * run's history is applied in the order it was written. Causation ids are not awaited: many are
 * requests, not events, and would hold an event forever. Every event type of those topics has a
 * handler (those the genealogy ignores too), because the gate must see every sequence number.
 */
export function lotAndRunEventsConsumer(
  options: {
    topics?: readonly string[];
    clock?: () => Date;
    name?: string;
    ledger?: LedgerApplication;
    /** False when rebuilding from the log: statements are frozen again but not announced again. */
    publishStatements?: boolean;
    /** Watermark, ledger append, gate (default: stored per event; a bulk rebuild keeps them in memory). */
    ingestion?: EventIngestion;
    /** The genealogy's and run balances' writes (default: a statement each; a bulk rebuild keeps them in memory). */
    genealogy?: GenealogyStore;
    runBalances?: RunBalanceStore;
    emissions?: RunEmissionStore;
  } = {},
): EventConsumerDefinition {
  const name = options.name ?? LOT_AND_RUN_EVENTS_CONSUMER;
  const ingestion = options.ingestion ?? storedIngestion(name);
  const genealogy = options.genealogy ?? new GenealogyStore();
  const runBalances = options.runBalances ?? new RunBalanceStore();
  const emissions = options.emissions ?? new RunEmissionStore();
  const now = options.clock ?? (() => new Date());
  const ledgerWithin = (manager: EntityManager) =>
    options.ledger ?? new LedgerApplication(manager.connection, {}, options.clock);

  const handle: EventHandler<unknown> = async (event, manager) => {
    await ingestion.advanceWatermark(manager, {
      topic: event.topic,
      source: event.position.source,
      partition: event.position.partition ?? 0,
      position: event.position.position,
      eventTime: new Date(event.envelope.time),
      now: now(),
    });
    // The ledger records arrival order (offset order of each topic-partition), before the gate:
    // the order in which the gate releases depends on how topics interleave, which a rebuild does
    // not reproduce. The inbox has dropped redeliveries before this handler runs.
    await ingestion.appendToLedger(manager, {
      topic: event.topic,
      source: event.position.source,
      partition: event.position.partition ?? 0,
      position: event.position.position,
      eventId: event.envelope.id,
      subject: event.envelope.subject,
      eventBytes: publishedEventBytes(event.envelope),
      at: now(),
    });
    const released = await ingestion.admit(manager, { envelope: event.envelope, topic: event.topic });
    const arriving = event.envelope.id;
    if (event.recordedAt && !released.some((each) => each.envelope.id === arriving))
      await ingestion.keepRecordedTimeForHeld(manager, arriving, event.recordedAt);
    // Each event's facts are recorded at the time the platform recorded the event, so a rebuild
    // from the log records them at the same times (as-of queries answer alike).
    let lastRecordedAt: Date | undefined;
    for (const each of released) {
      const recordedAt =
        each.envelope.id === arriving
          ? event.recordedAt
          : await ingestion.takeRecordedTimeForReleased(manager, each.envelope.id);
      await ingestion.setRecordedTime(manager, recordedAt);
      if (recordedAt && (!lastRecordedAt || recordedAt > lastRecordedAt)) lastRecordedAt = recordedAt;
      await apply(each, each.envelope.id === arriving ? event.message : undefined, manager);
    }
    if (released.length > 0 && ingestion.statementsMayChange(released)) {
      await ingestion.settleProjection(manager);
      await restateAffectedStatements(
        manager,
        released.map((each) => each.envelope),
        lastRecordedAt ?? now(),
        { ledger: ledgerWithin(manager), publish: options.publishStatements ?? true },
      );
      // Shipped lots whose statement waited for these events' runs and lots may be frozen now.
      await freezePendingStatements(
        manager,
        released.map((each) => each.envelope.subject),
        now(),
        { ledger: ledgerWithin(manager), publish: options.publishStatements ?? true },
      );
    }
  };

  async function apply(event: GatedEvent, decoded: unknown, manager: EntityManager): Promise<void> {
    const { envelope } = event;
    const message = decoded ?? decode(event);
    const at = new Date(envelope.time);
    if (envelope.type === IntakeEventTypes.LotRegistered) {
      const registered = message as intakeV1.LotRegistered;
      const lotId = registered.lot?.lotId || envelope.subject;
      const massKg =
        massKgOf(registered.weighedNetMass, 'weighed_net_mass') ??
        massKgOf(registered.declaredMass, 'declared_mass');
      await genealogy.noteLot(manager, lotId, 'intake', at, {
        lotCode: registered.lot?.lotCode,
        sourceCategory: enumName(
          commonV1.SourceCategory,
          registered.sourceCategory,
          'SOURCE_CATEGORY_',
        ) as SourceCategory,
        supplierOrganisationId: registered.supplier?.organisationId,
        countryOfOrigin: registered.countryOfOrigin,
        materialKind: enumName(commonV1.MaterialKind, registered.materialKind, 'MATERIAL_KIND_'),
      });
      if (massKg !== undefined) await genealogy.setRegisteredMass(manager, lotId, massKg);
      const declared = fractionsOf(registered.declaredComposition, 'declared_composition');
      if (declared) await genealogy.stateComposition(manager, lotId, declared, at, false);
      return;
    }
    if (envelope.type === IntakeEventTypes.LotCorrected) {
      await applyLotCorrected(genealogy, manager, message as intakeV1.LotCorrected, envelope.subject, at);
      return;
    }
    if (envelope.type === IntakeEventTypes.LotAssayed) {
      const assayed = message as intakeV1.LotAssayed;
      const composition = fractionsOf(assayed.composition, 'composition');
      if (!assayed.isCurrent || !composition) return;
      await genealogy.noteLot(manager, envelope.subject, 'intake', at);
      await genealogy.stateComposition(manager, envelope.subject, composition, at, true);
      return;
    }
    if (envelope.type === SalesEventTypes.LotShipped) {
      await ingestion.settleProjection(manager);
      // The statement names a checkpoint signed in this transaction, over every event ingested so far.
      const ledgerOfStatements = ledgerWithin(manager);
      await applyLotShipped(
        manager,
        message as salesV1.LotShipped,
        envelope,
        now(),
        ledgerOfStatements,
        options.publishStatements ?? true,
      );
      return;
    }
    const process = PROCESS_TYPES.get(envelope.type);
    if (process)
      await applyProcessEvent(process.service, process.name, message, envelope.subject, at, manager);
  }

  async function applyProcessEvent(
    service: ProcessServiceName,
    name: ProcessEventName,
    message: unknown,
    subject: string,
    at: Date,
    manager: EntityManager,
  ): Promise<void> {
    switch (name) {
      case 'LotReceived': {
        const received = message as processV1.LotReceived;
        const lotId = received.lot?.lotId || subject;
        await genealogy.noteLot(manager, lotId, service, at, {
          lotCode: received.lot?.lotCode,
          firstMassKg: massKgOf(received.mass, 'mass'),
        });
        const composition = fractionsOf(received.composition, 'composition');
        if (composition) await genealogy.stateComposition(manager, lotId, composition, at, true);
        return;
      }
      case 'LotAssayRecorded': {
        const assay = message as processV1.LotAssayRecorded;
        const composition = fractionsOf(assay.composition, 'composition');
        if (!composition) return;
        await genealogy.noteLot(manager, assay.lot?.lotId || subject, service, at);
        await genealogy.stateComposition(manager, assay.lot?.lotId || subject, composition, at, true);
        return;
      }
      case 'LotQuantityTaken':
      case 'LotQuantityReturned': {
        const movement = message as processV1.LotQuantityTaken | processV1.LotQuantityReturned;
        const lotId = movement.lot?.lotId || subject;
        const massKg = massKgOf(movement.mass, 'mass');
        if (massKg === undefined) throw new UnprocessableEventError(`${name} of lot ${lotId}: no mass`);
        const kind =
          name === 'LotQuantityReturned'
            ? 'RETURN'
            : (movement as processV1.LotQuantityTaken).kind === processV1.TakeKind.OPENING_INVENTORY
              ? 'OPENING_INVENTORY'
              : 'INPUT';
        await genealogy.noteLot(manager, lotId, service, at);
        await genealogy.noteRun(manager, movement.runId, service, at);
        await genealogy.recordMovement(manager, {
          movementId: movement.movementId,
          runId: movement.runId,
          lotId,
          kind,
          massKg,
          at,
        });
        return;
      }
      case 'LotProduced': {
        const produced = message as processV1.LotProduced;
        const lotId = produced.lot?.lotId || subject;
        const massKg = massKgOf(produced.mass, 'mass');
        if (massKg === undefined) throw new UnprocessableEventError(`LotProduced of lot ${lotId}: no mass`);
        await genealogy.noteLot(manager, lotId, service, at, { lotCode: produced.lot?.lotCode });
        await genealogy.noteRun(manager, produced.runId, service, at, { workOrder: produced.workOrder });
        await genealogy.recordProduced(
          manager,
          lotId,
          produced.runId,
          enumName(processV1.OutputRole, produced.role, 'OUTPUT_ROLE_'),
          massKg,
        );
        const composition = fractionsOf(produced.composition, 'composition');
        if (composition) await genealogy.stateComposition(manager, lotId, composition, at, true);
        return;
      }
      case 'LotMassCorrected': {
        const corrected = message as processV1.LotMassCorrected;
        const massKg = massKgOf(corrected.newMass, 'new_mass');
        if (massKg !== undefined)
          await genealogy.correctMass(manager, corrected.lot?.lotId || subject, massKg);
        return;
      }
      case 'RunPlanned': {
        const planned = message as processV1.RunPlanned;
        await genealogy.noteRun(manager, planned.runId || subject, service, at, {
          kind: planned.kind,
          equipmentId: planned.equipmentId,
          workOrder: planned.workOrder,
          status: 'PLANNED',
        });
        return;
      }
      case 'RunStarted':
      case 'RunResumed':
        await genealogy.noteRun(manager, subject, service, at, { status: 'STARTED' });
        return;
      case 'RunHeld':
        await genealogy.noteRun(manager, subject, service, at, { status: 'HELD' });
        return;
      case 'RunAborted':
        await genealogy.noteRun(manager, subject, service, at, { status: 'ABORTED' });
        return;
      case 'RunLossesRecorded': {
        const recorded = message as processV1.RunLossesRecorded;
        await genealogy.noteRun(manager, subject, service, at);
        for (const loss of recorded.losses) {
          const massKg = massKgOf(loss.mass, `losses.${loss.element}`);
          if (massKg === undefined) continue;
          await genealogy.recordLoss(manager, {
            runId: subject,
            lossId: loss.lossId,
            element: loss.element,
            massKg,
          });
        }
        return;
      }
      case 'RunCompleted':
      case 'RunFinalized':
      case 'RunImbalanceOverridden': {
        const balance = (message as processV1.RunCompleted | processV1.RunFinalized).balance;
        await genealogy.noteRun(manager, subject, service, at, { status: 'COMPLETED' });
        if (balance) await genealogy.setBalanceLosses(manager, subject, lossesOf(balance));
        await runBalances.apply(manager, name, subject, message, at);
        return;
      }
      case 'RunCorrected': {
        const corrected = message as processV1.RunCorrected;
        await applyOutputCorrections(corrected.changesJson, manager, at);
        if (corrected.balanceAfter)
          await genealogy.setBalanceLosses(manager, subject, lossesOf(corrected.balanceAfter));
        await runBalances.apply(manager, name, subject, message, at);
        return;
      }
      case 'RunEnergyRecorded':
        await applyRunEnergyRecorded(
          { genealogy, emissions },
          manager,
          service,
          message as processV1.RunEnergyRecorded,
          subject,
          at,
        );
        return;
      default:
        return;
    }
  }

  // A correction's output masses and assays: the process service stores a corrected assay without
  // publishing it as an assay event, so the correction is the only place the genealogy learns it.
  async function applyOutputCorrections(
    changesJson: string,
    manager: EntityManager,
    at: Date,
  ): Promise<void> {
    if (changesJson === '') return;
    const changes = JSON.parse(changesJson) as { field?: string; lotId?: string; new?: unknown }[];
    for (const change of changes) {
      if (change.field === 'mass' && change.lotId && typeof change.new === 'string') {
        await genealogy.correctMass(manager, change.lotId, change.new);
      }
      if (change.field === 'composition' && change.lotId && isStoredComposition(change.new)) {
        const composition = Object.entries(change.new).map(([element, content]) =>
          content.uncertainty === undefined
            ? { element, fraction: content.fraction }
            : { element, fraction: content.fraction, uncertainty: content.uncertainty },
        );
        await genealogy.stateComposition(manager, change.lotId, composition, at, true);
      }
    }
  }

  const handlers: Record<string, EventHandler<never>> = {};
  for (const type of [
    ...Object.values(IntakeEventTypes),
    ...PROCESS_TYPES.keys(),
    ...Object.values(SalesEventTypes),
  ])
    handlers[type] = handle;
  return { name, topics: options.topics ?? GENEALOGY_TOPICS, handlers, registry };
}

function isStoredComposition(
  value: unknown,
): value is Record<string, { fraction: string; uncertainty?: string }> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (content: unknown) =>
      typeof content === 'object' &&
      content !== null &&
      typeof (content as { fraction?: unknown }).fraction === 'string' &&
      ['undefined', 'string'].includes(typeof (content as { uncertainty?: unknown }).uncertainty),
  );
}

function decode(event: GatedEvent): unknown {
  const decoder = registry.decoderFor(event.envelope.type);
  if (!decoder) throw new UnprocessableEventError(`no decoder for event type ${event.envelope.type}`);
  return decoder(event.envelope.data);
}

function lossesOf(balance: processV1.MassBalance): Record<string, string> {
  const losses: Record<string, string> = {};
  for (const element of balance.elements) {
    const massKg = massKgOf(element.losses, `balance.${element.element}.losses`);
    if (massKg !== undefined) losses[element.element] = massKg;
  }
  return losses;
}
