import { type EventEnvelope, kafkaRecordOf } from '@rre/contracts';
import { canonicalEventBytes } from '@rre/ledger';

/**
 * The ledger's bytes of an event: the canonical form (@rre/ledger `canonicalEventBytes`) of the
 * Kafka record the relay publishes for this envelope (key = subject, value = the protobuf data,
 * the CloudEvents headers). The consumer gets the envelope back from those headers on Kafka and
 * from the outbox row's columns when embedded; both give the same record again, so both modes, and
 * a rebuild, hash the same bytes for one event.
 */
export function publishedEventBytes(envelope: EventEnvelope): Buffer {
  // Consumers validate every envelope they read (fromKafkaMessage, validateEnvelope).
  return canonicalEventBytes(kafkaRecordOf(envelope));
}
