// Trace context across a message, in process: business transaction → outbox → producer span →
// headers → consumer span → work inside the handler.
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { withConsumerSpan } from './consumer-span';
import { withProducerSpan } from './producer-span';
import { startTestTelemetry } from './test-telemetry';
import { currentTraceparent, TraceContextHeaders } from './trace-context';

const telemetry = startTestTelemetry('telemetry-spec');
const tracer = trace.getTracer('spec');

afterAll(() => telemetry.shutdown());
beforeEach(() => telemetry.reset());

function finished(name: string): ReadableSpan {
  const spans = telemetry.exporter.getFinishedSpans().filter((s) => s.name === name);
  expect(spans).toHaveLength(1);
  return spans[0] as ReadableSpan;
}

/** Runs `fn` in a new active span `name` (the business transaction) and ends it. */
async function inSpan<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
}

const kafkaMessage = { system: 'kafka', destination: 'intake.lot-received' } as const;

describe('withProducerSpan and withConsumerSpan', () => {
  it('make the consumer span a child of the producer span, which is a child of the stored context', async () => {
    const stored = await inSpan('business transaction', () => currentTraceparent());
    expect(stored.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // Later, in the outbox relay, where no span is active.
    const headers = await withProducerSpan(
      'send intake.lot-received',
      stored,
      { ...kafkaMessage, messageId: 'evt-1', key: 'LOT-1', eventType: 'rre.intake.lot-received.v1' },
      async (h) => h,
    );
    // kafkajs hands header values over as Buffers.
    const received = {
      traceparent: Buffer.from(headers.traceparent ?? ''),
      ce_id: Buffer.from('evt-1'),
    };
    await withConsumerSpan(
      'process intake.lot-received',
      received,
      { ...kafkaMessage, messageId: 'evt-1', partition: 2, offset: '41', consumerGroup: 'traceability' },
      async () => {
        tracer.startSpan('handler work').end();
      },
    );

    const business = finished('business transaction');
    const producer = finished('send intake.lot-received');
    const consumer = finished('process intake.lot-received');
    const work = finished('handler work');

    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    const traceId = business.spanContext().traceId;
    for (const span of [producer, consumer, work]) {
      expect(span.spanContext().traceId).toBe(traceId);
    }
    expect(producer.parentSpanContext?.spanId).toBe(business.spanContext().spanId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(consumer.parentSpanContext?.isRemote).toBe(true);
    expect(work.parentSpanContext?.spanId).toBe(consumer.spanContext().spanId);
    expect(headers.traceparent).toBe(`00-${traceId}-${producer.spanContext().spanId}-01`);

    expect(producer.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'intake.lot-received',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.message.id': 'evt-1',
      'messaging.kafka.message.key': 'LOT-1',
      'cloudevents.event_type': 'rre.intake.lot-received.v1',
    });
    expect(consumer.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'intake.lot-received',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.message.id': 'evt-1',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
      'messaging.consumer.group.name': 'traceability',
    });
  });

  it('parents the producer span on the active span when there is no stored context', async () => {
    await inSpan('relay poll', () =>
      withProducerSpan('send x', undefined, { system: 'embedded', destination: 'x' }, async () => undefined),
    );
    expect(finished('send x').parentSpanContext?.spanId).toBe(finished('relay poll').spanContext().spanId);
    await inSpan('relay poll 2', () =>
      withProducerSpan('send y', {}, { system: 'embedded', destination: 'y' }, async () => undefined),
    );
    expect(finished('send y').parentSpanContext?.spanId).toBe(finished('relay poll 2').spanContext().spanId);
  });

  it('starts a new trace for a message without a valid traceparent', async () => {
    await inSpan('consumer loop', () =>
      withConsumerSpan(
        'process z',
        { traceparent: 'garbage' },
        { system: 'kafka', destination: 'z' },
        async () => tracer.startSpan('inner').end(),
      ),
    );
    const consumer = finished('process z');
    expect(consumer.parentSpanContext).toBeUndefined();
    expect(consumer.spanContext().traceId).not.toBe(finished('consumer loop').spanContext().traceId);
    expect(finished('inner').parentSpanContext?.spanId).toBe(consumer.spanContext().spanId);
  });

  it('carries tracestate through the message', async () => {
    const stored: TraceContextHeaders = {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'rre=lot-7',
    };
    const headers = await withProducerSpan('send s', stored, kafkaMessage, async (h) => h);
    expect(headers.tracestate).toBe('rre=lot-7');
    const seen = await withConsumerSpan('process s', headers, kafkaMessage, async () => currentTraceparent());
    expect(seen.tracestate).toBe('rre=lot-7');
    expect(finished('send s').parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(finished('process s').spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('mark the span as failed and rethrow when the handler throws', async () => {
    const failure = new TypeError('lot LOT-9 has no mass');
    await expect(
      withConsumerSpan('process failing', {}, kafkaMessage, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);

    const consumer = finished('process failing');
    expect(consumer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'lot LOT-9 has no mass' });
    expect(consumer.attributes['error.type']).toBe('TypeError');
    expect(consumer.events.map((e) => e.name)).toEqual(['exception']);
    expect(consumer.events[0]?.attributes?.['exception.message']).toBe('lot LOT-9 has no mass');
    expect(consumer.ended).toBe(true);

    await expect(
      withProducerSpan('send failing', undefined, kafkaMessage, async () => {
        throw 'broker down';
      }),
    ).rejects.toBe('broker down');
    expect(finished('send failing').status).toEqual({ code: SpanStatusCode.ERROR, message: 'broker down' });

    class LotRejected extends Error {}
    await expect(
      withConsumerSpan('process rejected', {}, kafkaMessage, async () => {
        throw new LotRejected('rejected');
      }),
    ).rejects.toBeInstanceOf(LotRejected);
    expect(finished('process rejected').attributes['error.type']).toBe('LotRejected');
  });

  it('leave successful spans without an error status', async () => {
    await withConsumerSpan('process ok', {}, kafkaMessage, async () => 42);
    expect(finished('process ok').status.code).toBe(SpanStatusCode.UNSET);
  });
});

describe('currentTraceparent', () => {
  it('returns undefined fields when no span is active', () => {
    const headers = currentTraceparent();
    expect(headers.traceparent).toBeUndefined();
    expect(headers.tracestate).toBeUndefined();
    expect(headers).toEqual({});
  });

  it('returns the active span', async () => {
    const seen = await inSpan('active', () => currentTraceparent());
    const span = finished('active').spanContext();
    expect(seen).toEqual({ traceparent: `00-${span.traceId}-${span.spanId}-01` });
  });
});
