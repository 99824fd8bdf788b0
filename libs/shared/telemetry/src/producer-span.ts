import { context, Span, SpanKind, trace } from '@opentelemetry/api';
import { messagingAttributes, MessagingSpanAttributes } from './messaging-attributes';
import { messagingTracer, runInSpan } from './run-in-span';
import { contextWithRemoteParent, TraceContextHeaders, traceContextOf } from './trace-context';

/**
 * Runs `fn` inside a new span of kind PRODUCER, for publishing one message.
 *
 * The span's parent is `storedContext` (the trace context captured by {@link currentTraceparent}
 * when the event was written to the outbox), or the active span when `storedContext` is undefined
 * or holds no valid `traceparent`. `fn` gets the producer span's own trace context: put its fields
 * into the outgoing message headers, so that the consumer span becomes the producer span's child.
 *
 * When `fn` throws, the span is marked as failed and the error is rethrown.
 */
export function withProducerSpan<T>(
  name: string,
  storedContext: TraceContextHeaders | undefined,
  attributes: MessagingSpanAttributes,
  fn: (headers: TraceContextHeaders, span: Span) => Promise<T>,
): Promise<T> {
  const parent = contextWithRemoteParent(context.active(), storedContext);
  const span = messagingTracer().startSpan(
    name,
    { kind: SpanKind.PRODUCER, attributes: messagingAttributes(attributes, 'send') },
    parent,
  );
  const spanContext = trace.setSpan(parent, span);
  return runInSpan(span, spanContext, () => fn(traceContextOf(spanContext), span));
}
