import type { Attributes } from '@opentelemetry/api';

/**
 * The messaging system of a span (`messaging.system`): `kafka` for the Kafka transport, `embedded`
 * for the in-process transport of the single-process platform.
 */
export type MessagingSystem = 'kafka' | 'embedded';

/**
 * What a producer or consumer span says about its message. Turned into OpenTelemetry messaging
 * semantic-convention attributes by {@link messagingAttributes}.
 */
export interface MessagingSpanAttributes {
  /** `messaging.system` */
  system: MessagingSystem;
  /** The topic: `messaging.destination.name`. */
  destination: string;
  /** The event's id (CloudEvents `id`): `messaging.message.id`. */
  messageId?: string;
  /** The event's type (CloudEvents `type`): `cloudevents.event_type`. */
  eventType?: string;
  /** The correlation id of a conversation of events: `messaging.message.conversation_id`. */
  conversationId?: string;
  /** The Kafka message key: `messaging.kafka.message.key`. */
  key?: string;
  /** The partition: `messaging.destination.partition.id`. */
  partition?: number;
  /** The Kafka offset of a consumed message (kafkajs hands it over as a string): `messaging.kafka.offset`. */
  offset?: string | number;
  /** The consumer group: `messaging.consumer.group.name`. */
  consumerGroup?: string;
  /** Any further span attributes, set as given. */
  extra?: Attributes;
}

/** `messaging.operation.type`: `send` for producer spans, `process` for consumer spans. */
export type MessagingOperationType = 'send' | 'process';

/** Attribute names of the OpenTelemetry messaging semantic conventions used by this library. */
export const MessagingAttribute = {
  SYSTEM: 'messaging.system',
  DESTINATION_NAME: 'messaging.destination.name',
  OPERATION_TYPE: 'messaging.operation.type',
  OPERATION_NAME: 'messaging.operation.name',
  MESSAGE_ID: 'messaging.message.id',
  MESSAGE_CONVERSATION_ID: 'messaging.message.conversation_id',
  DESTINATION_PARTITION_ID: 'messaging.destination.partition.id',
  CONSUMER_GROUP_NAME: 'messaging.consumer.group.name',
  KAFKA_MESSAGE_KEY: 'messaging.kafka.message.key',
  KAFKA_OFFSET: 'messaging.kafka.offset',
  CLOUDEVENTS_EVENT_TYPE: 'cloudevents.event_type',
} as const;

/** The span attributes for a message, leaving out what is not known. */
export function messagingAttributes(
  message: MessagingSpanAttributes,
  operation: MessagingOperationType,
): Attributes {
  const attributes: Attributes = {
    [MessagingAttribute.SYSTEM]: message.system,
    [MessagingAttribute.DESTINATION_NAME]: message.destination,
    [MessagingAttribute.OPERATION_TYPE]: operation,
    [MessagingAttribute.OPERATION_NAME]: operation,
  };
  const optional: Attributes = {
    [MessagingAttribute.MESSAGE_ID]: message.messageId,
    [MessagingAttribute.CLOUDEVENTS_EVENT_TYPE]: message.eventType,
    [MessagingAttribute.MESSAGE_CONVERSATION_ID]: message.conversationId,
    [MessagingAttribute.KAFKA_MESSAGE_KEY]: message.key,
    [MessagingAttribute.DESTINATION_PARTITION_ID]:
      message.partition === undefined ? undefined : String(message.partition),
    [MessagingAttribute.KAFKA_OFFSET]: message.offset === undefined ? undefined : Number(message.offset),
    [MessagingAttribute.CONSUMER_GROUP_NAME]: message.consumerGroup,
  };
  for (const [name, value] of Object.entries(optional)) {
    if (value !== undefined) {
      attributes[name] = value;
    }
  }
  return { ...attributes, ...message.extra };
}
