// @rre/contracts: the platform's event contracts. Generated protobuf messages (one namespace per
// proto package), the registry of topics and event types, and the CloudEvents envelope with its
// Kafka binding. See README.md.
export * as commonV1 from './proto/common-v1';
export * as intakeV1 from './proto/intake-v1';
export * as processV1 from './proto/process-v1';
export * as salesV1 from './proto/sales-v1';
export * as traceabilityV1 from './proto/traceability-v1';
export { ALL_TOPICS, isTopic, type Topic, TOPIC_NAME_PATTERN, Topics } from './topics';
export {
  ALL_EVENT_TYPES,
  decodeEventData,
  encodeEventData,
  EVENT_TYPE_PATTERN,
  type EventDataInitOf,
  EventDataError,
  type EventDefinitionOf,
  type EventMessageOf,
  type EventSchemaOf,
  EventSources,
  type EventType,
  type EventTypeDefinition,
  eventTypeOf,
  eventTypesOfTopic,
  IntakeEventTypes,
  isEventType,
  SalesEventTypes,
  TraceabilityEventTypes,
  UnknownEventTypeError,
} from './event-types';
export * from './envelope';
