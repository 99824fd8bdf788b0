// Trace context across a real Kafka broker: the consumer span of a message is the child of the
// span that produced it, and the handler's own spans are children of the consumer span.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { testKafka, uniqueGroupId, uniqueTopicName, waitFor } from '@rre/testing';
import { Admin, Consumer, IHeaders, Kafka, Partitioners, Producer } from 'kafkajs';
import { withConsumerSpan } from './consumer-span';
import { withProducerSpan } from './producer-span';
import { startTestTelemetry } from './test-telemetry';
import { currentTraceparent } from './trace-context';

const telemetry = startTestTelemetry('telemetry-kafka-spec');
const tracer = trace.getTracer('spec');

let kafka: Kafka;
let admin: Admin | undefined;
let producer: Producer | undefined;
let consumer: Consumer | undefined;
const topic = uniqueTopicName('telemetry.trace-propagation');

beforeAll(async () => {
  kafka = testKafka(); // throws a clear error when KAFKA_BROKERS is not set
  admin = kafka.admin();
  await admin.connect();
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
    waitForLeaders: true,
    timeout: 10_000,
  });
  expect(created).toBe(true);
  producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
});

afterAll(async () => {
  await consumer?.disconnect().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  if (admin) {
    await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
    await admin.disconnect();
  }
  await telemetry.shutdown();
});

function finished(name: string): ReadableSpan {
  const spans = telemetry.exporter.getFinishedSpans().filter((s) => s.name === name);
  expect(spans).toHaveLength(1);
  return spans[0] as ReadableSpan;
}

describe('trace context across Kafka', () => {
  it('makes the consumer span the child of the producer span, and the handler spans its children', async () => {
    const eventId = 'evt-kafka-1';
    const groupId = uniqueGroupId('telemetry.trace-propagation');

    // The business transaction writes the event to the outbox together with its trace context.
    const stored = tracer.startActiveSpan('business transaction', (span) => {
      span.end();
      return currentTraceparent();
    });

    // Later, the relay publishes it (no span active here).
    await withProducerSpan(
      `send ${topic}`,
      stored,
      { system: 'kafka', destination: topic, messageId: eventId, key: 'LOT-1' },
      (headers) =>
        (producer as Producer).send({
          topic,
          messages: [
            {
              key: 'LOT-1',
              value: JSON.stringify({ lot: 'LOT-1' }),
              headers: { ...headers, ce_id: eventId, ce_specversion: '1.0', ce_type: 'rre.test.v1' },
            },
          ],
        }),
    );

    const received: Array<{ headers: IHeaders | undefined; handlerTraceparent: string | undefined }> = [];
    consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 6_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 250,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic: t, partition, message }) =>
        withConsumerSpan(
          `process ${t}`,
          message.headers,
          {
            system: 'kafka',
            destination: t,
            messageId: message.headers?.['ce_id']?.toString(),
            partition,
            offset: message.offset,
            consumerGroup: groupId,
          },
          async () => {
            tracer.startSpan('handler work').end();
            received.push({ headers: message.headers, handlerTraceparent: currentTraceparent().traceparent });
          },
        ),
    });
    await waitFor(() => received.length >= 1, `the message on ${topic}`);
    await waitFor(
      () => telemetry.exporter.getFinishedSpans().some((s) => s.name === `process ${topic}`),
      'the consumer span to end',
    );

    const business = finished('business transaction');
    const producerSpan = finished(`send ${topic}`);
    const consumerSpan = finished(`process ${topic}`);
    const work = finished('handler work');
    const traceId = business.spanContext().traceId;

    // The message carried the producer span's own trace context.
    expect(received[0]?.headers?.['traceparent']?.toString()).toBe(
      `00-${traceId}-${producerSpan.spanContext().spanId}-01`,
    );
    expect(producerSpan.parentSpanContext?.spanId).toBe(business.spanContext().spanId);
    expect(consumerSpan.spanContext().traceId).toBe(traceId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe(producerSpan.spanContext().spanId);
    expect(work.spanContext().traceId).toBe(traceId);
    expect(work.parentSpanContext?.spanId).toBe(consumerSpan.spanContext().spanId);
    expect(received[0]?.handlerTraceparent).toBe(`00-${traceId}-${consumerSpan.spanContext().spanId}-01`);
    expect(consumerSpan.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.operation.type': 'process',
      'messaging.message.id': eventId,
      'messaging.destination.partition.id': '0',
      'messaging.kafka.offset': 0,
      'messaging.consumer.group.name': groupId,
    });
  });
});
