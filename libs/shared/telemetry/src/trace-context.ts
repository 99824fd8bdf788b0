import { Context, context, defaultTextMapSetter, TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * A W3C trace context (https://www.w3.org/TR/trace-context/) as it is stored with an outbox event
 * and sent in message headers. A field is absent when there is no valid trace context. (A type, not
 * an interface, so that it can be passed wherever message headers are expected.)
 */
export type TraceContextHeaders = {
  traceparent?: string;
  tracestate?: string;
};

/** One message header value as kafkajs hands it over (`IHeaders`). */
export type MessageHeaderValue = string | Buffer | ReadonlyArray<string | Buffer> | undefined;

/** Message headers as kafkajs hands them over (`IHeaders`), or any plain string record. */
export type MessageHeaders = Readonly<Record<string, MessageHeaderValue>>;

// The helpers use W3C trace context directly rather than the global propagator: the message format
// is fixed (a `traceparent` header), and it must hold whether or not the SDK was started.
const w3c = new W3CTraceContextPropagator();

function headerText(value: string | Buffer): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

const messageHeaderGetter: TextMapGetter<MessageHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => {
    // Header names are compared without case, as in HTTP.
    const name = key in headers ? key : Object.keys(headers).find((k) => k.toLowerCase() === key);
    const value = name === undefined ? undefined : headers[name];
    if (value === undefined) {
      return undefined;
    }
    return typeof value === 'string' || Buffer.isBuffer(value) ? headerText(value) : value.map(headerText);
  },
};

/** The W3C trace context of `ctx`'s span, without the absent fields. */
export function traceContextOf(ctx: Context): TraceContextHeaders {
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  const headers: TraceContextHeaders = {};
  if (carrier['traceparent'] !== undefined) {
    headers.traceparent = carrier['traceparent'];
  }
  if (carrier['tracestate'] !== undefined) {
    headers.tracestate = carrier['tracestate'];
  }
  return headers;
}

/**
 * `base` with the remote span of `headers` as its active span, or `base` unchanged when `headers`
 * carry no valid `traceparent`.
 */
export function contextWithRemoteParent(base: Context, headers: MessageHeaders | undefined): Context {
  return headers === undefined ? base : w3c.extract(base, headers, messageHeaderGetter);
}

/**
 * The W3C trace context of the active span, to store with an event written to the outbox in the
 * business transaction. Both fields are undefined when no span is active.
 */
export function currentTraceparent(): TraceContextHeaders {
  return traceContextOf(context.active());
}
