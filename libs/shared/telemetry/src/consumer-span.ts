import { ROOT_CONTEXT, Span, SpanKind, trace } from '@opentelemetry/api';
import { messagingAttributes, MessagingSpanAttributes } from './messaging-attributes';
import { messagingTracer, runInSpan } from './run-in-span';
import { contextWithRemoteParent, MessageHeaders } from './trace-context';

/**
 * Runs `fn` inside a new span of kind CONSUMER, for handling one received message.
 *
 * The span is the child of the span whose W3C trace context the message carries (`traceparent` and
 * `tracestate` headers, string or Buffer values as kafkajs gives them); a message without a valid
 * `traceparent` starts a new trace. `fn` runs with the consumer span active, so the database spans
 * and log lines of the handler belong to it. When `fn` throws, the span records the exception and
 * gets the error status, and the error is rethrown.
 */
export function withConsumerSpan<T>(
  name: string,
  headers: MessageHeaders | undefined,
  attributes: MessagingSpanAttributes,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  // The message alone decides the trace: whatever was active where the consumer loop was started
  // (kafkajs keeps that context for `eachMessage`) is not the parent.
  const parent = contextWithRemoteParent(ROOT_CONTEXT, headers);
  const span = messagingTracer().startSpan(
    name,
    { kind: SpanKind.CONSUMER, attributes: messagingAttributes(attributes, 'process') },
    parent,
  );
  return runInSpan(span, trace.setSpan(parent, span), () => fn(span));
}
