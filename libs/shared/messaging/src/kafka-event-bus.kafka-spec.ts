// The event bus contract on the Kafka adapter: the broker at KAFKA_BROKERS, PostgreSQL.
import { describeEventBusContract } from './test-support/event-bus.contract';
import { createKafkaHarness } from './test-support/kafka-event-bus-harness';

describeEventBusContract('kafka', createKafkaHarness);
