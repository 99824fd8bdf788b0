import { Context, context, Span, SpanStatusCode, trace, Tracer } from '@opentelemetry/api';

/** The tracer of this library's own spans. */
export function messagingTracer(): Tracer {
  return trace.getTracer('@rre/telemetry');
}

/**
 * Runs `fn` with `ctx` active and ends `span` after it. When `fn` throws, the span records the
 * exception, gets the error status and the `error.type` attribute, and the error is rethrown.
 */
export async function runInSpan<T>(span: Span, ctx: Context, fn: () => Promise<T>): Promise<T> {
  try {
    return await context.with(ctx, fn);
  } catch (error) {
    if (error instanceof Error) {
      span.recordException(error);
      // `error.type`: the error's own name, else its class (`class LotNotFound extends Error {}`).
      span.setAttribute('error.type', error.name !== 'Error' ? error.name : error.constructor.name);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    } else {
      span.recordException(String(error));
      span.setAttribute('error.type', typeof error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    }
    throw error;
  } finally {
    span.end();
  }
}
