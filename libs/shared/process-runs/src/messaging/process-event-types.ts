import { type DescMessage, fromBinary } from '@bufbuild/protobuf';
import { processV1 } from '@rre/contracts';
import { type EventTypeRegistry, eventTypeRegistry } from '@rre/messaging';

/** The process services the library serves; each publishes the same messages under its own types. */
export type ProcessServiceName = 'concentration' | 'separation' | 'reduction' | 'sales';

const LOT_EVENTS = {
  LotReceived: ['received', processV1.LotReceivedSchema],
  LotCustodyAccepted: ['custody-accepted', processV1.LotCustodyAcceptedSchema],
  LotCustodyRefused: ['custody-refused', processV1.LotCustodyRefusedSchema],
  LotAssayRecorded: ['assay-recorded', processV1.LotAssayRecordedSchema],
  LotQuantityTaken: ['quantity-taken', processV1.LotQuantityTakenSchema],
  LotQuantityReturned: ['quantity-returned', processV1.LotQuantityReturnedSchema],
  LotSampleDrawn: ['sample-drawn', processV1.LotSampleDrawnSchema],
  LotProduced: ['produced', processV1.LotProducedSchema],
  LotCustodyTransferred: ['custody-transferred', processV1.LotCustodyTransferredSchema],
  LotHandOverSettled: ['hand-over-settled', processV1.LotHandOverSettledSchema],
  LotMassCorrected: ['mass-corrected', processV1.LotMassCorrectedSchema],
} as const;

const RUN_EVENTS = {
  RunPlanned: ['planned', processV1.RunPlannedSchema],
  RunStarted: ['started', processV1.RunStartedSchema],
  RunHeld: ['held', processV1.RunHeldSchema],
  RunResumed: ['resumed', processV1.RunResumedSchema],
  RunLossesRecorded: ['losses-recorded', processV1.RunLossesRecordedSchema],
  RunCompleted: ['completed', processV1.RunCompletedSchema],
  RunOverrideRequested: ['override-requested', processV1.RunOverrideRequestedSchema],
  RunImbalanceOverridden: ['imbalance-overridden', processV1.RunImbalanceOverriddenSchema],
  RunAborted: ['aborted', processV1.RunAbortedSchema],
  RunFinalized: ['finalized', processV1.RunFinalizedSchema],
  RunCorrected: ['corrected', processV1.RunCorrectedSchema],
  RunMeasurementsRecorded: ['measurements-recorded', processV1.RunMeasurementsRecordedSchema],
  RunEnergyRecorded: ['energy-recorded', processV1.RunEnergyRecordedSchema],
} as const;

export type ProcessLotEventName = keyof typeof LOT_EVENTS;
export type ProcessRunEventName = keyof typeof RUN_EVENTS;
export type ProcessEventName = ProcessLotEventName | ProcessRunEventName;

/**
 * The CloudEvents types of one process service's events: `rre.<service>.lot.<event>.v1` (subject:
 * the lot id) and `rre.<service>.run.<event>.v1` (subject: the run id). The event part of each
 * name is written literally above and never changes once published.
 */
export function processEventTypesOf(service: ProcessServiceName): Readonly<Record<ProcessEventName, string>> {
  const types: Record<string, string> = {};
  for (const [name, [event]] of Object.entries(LOT_EVENTS)) types[name] = `rre.${service}.lot.${event}.v1`;
  for (const [name, [event]] of Object.entries(RUN_EVENTS)) types[name] = `rre.${service}.run.${event}.v1`;
  return Object.freeze(types) as Record<ProcessEventName, string>;
}

/** The generated schema of each event, by name. */
export function processEventSchema(name: ProcessEventName): DescMessage {
  return name in LOT_EVENTS
    ? LOT_EVENTS[name as ProcessLotEventName][1]
    : RUN_EVENTS[name as ProcessRunEventName][1];
}

/** Whether the event is a lot event (keyed by lot id) or a run event (keyed by run id). */
export function isLotEvent(name: ProcessEventName): name is ProcessLotEventName {
  return name in LOT_EVENTS;
}

/**
 * A consumer's registry for the events of these process services, in front of the contracts
 * registry: `{ name, topics, handlers, registry: processEventRegistry(['concentration']) }`.
 */
export function processEventRegistry(
  services: readonly ProcessServiceName[],
  fallback?: EventTypeRegistry,
): EventTypeRegistry {
  const decoders: Record<string, (data: Uint8Array) => unknown> = {};
  for (const service of services) {
    for (const [name, type] of Object.entries(processEventTypesOf(service))) {
      const schema = processEventSchema(name as ProcessEventName);
      decoders[type] = (data) => fromBinary(schema, data);
    }
  }
  return fallback === undefined ? eventTypeRegistry(decoders) : eventTypeRegistry(decoders, fallback);
}
