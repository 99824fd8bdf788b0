import {
  create,
  type DescMessage,
  fromBinary,
  type Message,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from '@bufbuild/protobuf';
import {
  LotAssayedSchema,
  LotCorrectedSchema,
  LotCustodyAcceptedSchema,
  LotCustodyRefusedSchema,
  LotCustodyTransferredSchema,
  LotDecisionProposedSchema,
  LotDecisionWithdrawnSchema,
  LotDocumentAddedSchema,
  LotManifestReportRecordedSchema,
  LotManifestSlipReturnedSchema,
  LotQuarantinedSchema,
  LotRegisteredSchema,
  LotRejectedSchema,
  LotReleasedSchema,
  LotScreenedSchema,
} from './generated/rre/intake/v1/lot_events_pb';
import { LotShippedSchema } from './generated/rre/sales/v1/sales_events_pb';
import { RecycledContentStatementIssuedSchema } from './generated/rre/traceability/v1/statement_events_pb';
import { type Topic, Topics } from './topics';

/**
 * CloudEvents `source` of each producing service: a URI-reference naming the service, not a host,
 * so it stays the same whichever process (embedded or distributed) publishes.
 */
export const EventSources = {
  Intake: '/rre/intake',
  Sales: '/rre/sales',
  Traceability: '/rre/traceability',
} as const;

/**
 * The CloudEvents types of the intake service's lot events. A type is `rre.<service>.<aggregate>.<event>.v<major>`
 * and is written here literally, never derived from a class or message name, so that renaming code
 * cannot change what is on the wire. It never changes once published; a breaking change to its data
 * makes a new type (`...v2`) with a new message in a new package (`rre.intake.v2`).
 */
export const IntakeEventTypes = {
  LotRegistered: 'rre.intake.lot.registered.v1',
  LotAssayed: 'rre.intake.lot.assayed.v1',
  LotScreened: 'rre.intake.lot.screened.v1',
  LotQuarantined: 'rre.intake.lot.quarantined.v1',
  LotReleased: 'rre.intake.lot.released.v1',
  LotRejected: 'rre.intake.lot.rejected.v1',
  LotCustodyTransferred: 'rre.intake.lot.custody-transferred.v1',
  LotCustodyAccepted: 'rre.intake.lot.custody-accepted.v1',
  LotCustodyRefused: 'rre.intake.lot.custody-refused.v1',
  LotCorrected: 'rre.intake.lot.corrected.v1',
  LotDecisionProposed: 'rre.intake.lot.decision-proposed.v1',
  LotDecisionWithdrawn: 'rre.intake.lot.decision-withdrawn.v1',
  LotManifestSlipReturned: 'rre.intake.lot.manifest-slip-returned.v1',
  LotManifestReportRecorded: 'rre.intake.lot.manifest-report-recorded.v1',
  LotDocumentAdded: 'rre.intake.lot.document-added.v1',
} as const;

/** The CloudEvents types of the sales service's lot events (topic rre.sales.lot-events.v1). */
export const SalesEventTypes = {
  LotShipped: 'rre.sales.lot.shipped.v1',
} as const;

/** The CloudEvents types of the traceability service's statements (topic rre.traceability.statement-events.v1). */
export const TraceabilityEventTypes = {
  RecycledContentStatementIssued: 'rre.traceability.statement.recycled-content-issued.v1',
} as const;

/** `rre.<service>.<aggregate>.<event>.v<major>`: lowercase letters, digits and hyphens between the dots. */
export const EVENT_TYPE_PATTERN = /^rre\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/;

/** What the platform knows about one event type: its data's protobuf schema, its topic, its producer. */
export interface EventTypeDefinition<T extends string = string, Desc extends DescMessage = DescMessage> {
  /** The CloudEvents `type`. */
  readonly type: T;
  /** Generated schema of the event's data (`application/protobuf`). */
  readonly schema: Desc;
  /** The topic the event is published to, keyed by the CloudEvents subject (the lot id). */
  readonly topic: Topic;
  /** The CloudEvents `source` of the producing service. */
  readonly source: string;
}

function intakeLotEvent<T extends string, Desc extends DescMessage>(
  type: T,
  schema: Desc,
): EventTypeDefinition<T, Desc> {
  return Object.freeze({ type, schema, topic: Topics.IntakeLotEvents, source: EventSources.Intake });
}

/**
 * The registry: every event type of the platform with its definition. To add an event type: add
 * its message to `proto/`, regenerate, add its type string above and its entry here (see README.md).
 */
const DEFINITIONS = [
  intakeLotEvent(IntakeEventTypes.LotRegistered, LotRegisteredSchema),
  intakeLotEvent(IntakeEventTypes.LotAssayed, LotAssayedSchema),
  intakeLotEvent(IntakeEventTypes.LotScreened, LotScreenedSchema),
  intakeLotEvent(IntakeEventTypes.LotQuarantined, LotQuarantinedSchema),
  intakeLotEvent(IntakeEventTypes.LotReleased, LotReleasedSchema),
  intakeLotEvent(IntakeEventTypes.LotRejected, LotRejectedSchema),
  intakeLotEvent(IntakeEventTypes.LotCustodyTransferred, LotCustodyTransferredSchema),
  intakeLotEvent(IntakeEventTypes.LotCustodyAccepted, LotCustodyAcceptedSchema),
  intakeLotEvent(IntakeEventTypes.LotCustodyRefused, LotCustodyRefusedSchema),
  intakeLotEvent(IntakeEventTypes.LotCorrected, LotCorrectedSchema),
  intakeLotEvent(IntakeEventTypes.LotDecisionProposed, LotDecisionProposedSchema),
  intakeLotEvent(IntakeEventTypes.LotDecisionWithdrawn, LotDecisionWithdrawnSchema),
  intakeLotEvent(IntakeEventTypes.LotManifestSlipReturned, LotManifestSlipReturnedSchema),
  intakeLotEvent(IntakeEventTypes.LotManifestReportRecorded, LotManifestReportRecordedSchema),
  intakeLotEvent(IntakeEventTypes.LotDocumentAdded, LotDocumentAddedSchema),
  Object.freeze({
    type: SalesEventTypes.LotShipped,
    schema: LotShippedSchema,
    topic: Topics.SalesLotEvents,
    source: EventSources.Sales,
  }),
  Object.freeze({
    type: TraceabilityEventTypes.RecycledContentStatementIssued,
    schema: RecycledContentStatementIssuedSchema,
    topic: Topics.TraceabilityStatementEvents,
    source: EventSources.Traceability,
  }),
] as const;

type AnyDefinition = (typeof DEFINITIONS)[number];

/** A CloudEvents type the platform knows. */
export type EventType = AnyDefinition['type'];
/** The definition of event type `T`. */
export type EventDefinitionOf<T extends EventType> = Extract<AnyDefinition, { type: T }>;
/** The generated schema of the data of event type `T`. */
export type EventSchemaOf<T extends EventType> = EventDefinitionOf<T>['schema'];
/** The data of event type `T`, as decoded (a generated message). */
export type EventMessageOf<T extends EventType> = MessageShape<EventSchemaOf<T>>;
/** The data of event type `T` as a generated message or as the object literal `create()` accepts. */
export type EventDataInitOf<T extends EventType> = MessageInitShape<EventSchemaOf<T>>;

const REGISTRY: ReadonlyMap<string, AnyDefinition> = (() => {
  const registry = new Map<string, AnyDefinition>();
  for (const definition of DEFINITIONS) {
    if (registry.has(definition.type)) throw new Error(`event type ${definition.type} is registered twice`);
    registry.set(definition.type, definition);
  }
  return registry;
})();

/** Every event type the platform knows, with its definition. */
export const ALL_EVENT_TYPES: readonly EventTypeDefinition[] = Object.freeze([...DEFINITIONS]);

/** An event `type` that is not in the registry (unknown to this version of the contracts). */
export class UnknownEventTypeError extends Error {
  override readonly name = 'UnknownEventTypeError';
  constructor(readonly type: string) {
    super(
      `unknown event type "${type}": not in the @rre/contracts registry (libs/shared/contracts/src/event-types.ts)`,
    );
  }
}

/** Event data that cannot be encoded or decoded as its type's message. */
export class EventDataError extends Error {
  override readonly name = 'EventDataError';
  constructor(
    readonly type: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`event data of type "${type}": ${detail}`, options);
  }
}

/** Whether `type` is an event type the platform knows. */
export function isEventType(type: string): type is EventType {
  return REGISTRY.has(type);
}

/** The definition (schema, topic, source) of event type `type`; throws UnknownEventTypeError if it is unknown. */
export function eventTypeOf<T extends EventType>(type: T): EventDefinitionOf<T>;
export function eventTypeOf(type: string): EventTypeDefinition;
export function eventTypeOf(type: string): EventTypeDefinition {
  const definition = REGISTRY.get(type);
  if (definition === undefined) throw new UnknownEventTypeError(type);
  return definition;
}

/** The event types published to `topic`. */
export function eventTypesOfTopic(topic: string): readonly EventTypeDefinition[] {
  return ALL_EVENT_TYPES.filter((definition) => definition.topic === topic);
}

/**
 * The protobuf bytes of an event's data (the Kafka message value). `message` is the generated
 * message or the object literal `create()` accepts; a message of another type is refused.
 */
export function encodeEventData<T extends EventType>(type: T, message: EventDataInitOf<T>): Uint8Array {
  const { schema } = eventTypeOf(type) as EventTypeDefinition;
  const typeName = (message as { $typeName?: unknown } | null)?.$typeName;
  if (typeName !== undefined && typeName !== schema.typeName) {
    throw new EventDataError(type, `got a ${String(typeName)} message, must be ${schema.typeName}`);
  }
  try {
    return toBinary(schema, create(schema, message as MessageInitShape<DescMessage>));
  } catch (error: unknown) {
    throw new EventDataError(type, `cannot encode as ${schema.typeName}: ${errorText(error)}`, {
      cause: error,
    });
  }
}

/**
 * An event's data decoded from protobuf bytes as its type's message. Fields this version does not
 * know (added by a newer producer) are skipped by the reader's code but kept in the message's
 * `$unknown`, so re-encoding it (a relay, a replay) loses nothing.
 */
export function decodeEventData<T extends EventType>(type: T, bytes: Uint8Array): EventMessageOf<T>;
export function decodeEventData(type: string, bytes: Uint8Array): Message;
export function decodeEventData(type: string, bytes: Uint8Array): Message {
  const { schema } = eventTypeOf(type);
  try {
    return fromBinary(schema, bytes);
  } catch (error: unknown) {
    throw new EventDataError(type, `cannot decode as ${schema.typeName}: ${errorText(error)}`, {
      cause: error,
    });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
