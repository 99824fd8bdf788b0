export { EnvelopeError } from './envelope-error';
export {
  CLOUDEVENTS_CORE_ATTRIBUTES,
  CLOUDEVENTS_SPEC_VERSION,
  ENVELOPE_EXTENSION_ATTRIBUTES,
  type EventEnvelope,
  isRfc3339Timestamp,
  isValidExtensionName,
  isValidSequence,
  isValidTraceparent,
  PROTOBUF_CONTENT_TYPE,
  validateEnvelope,
} from './event-envelope';
export {
  CE_HEADER_PREFIX,
  fromKafkaMessage,
  type IncomingKafkaMessage,
  KAFKA_HEADERS,
  type KafkaHeaderValue,
  type KafkaRecord,
  kafkaRecordOf,
  toKafkaMessage,
} from './kafka-binding';
export { createEnvelope, type DecodedEvent, decodeEvent, type NewEvent } from './create-envelope';
