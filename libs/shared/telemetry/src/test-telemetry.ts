import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TestTelemetry {
  /** Every span ended since the start or the last {@link TestTelemetry.reset}. */
  readonly exporter: InMemorySpanExporter;
  /** Forgets the finished spans. */
  reset(): void;
  /** Unregisters the tracer provider, context manager and propagator. */
  shutdown(): Promise<void>;
}

let current: TestTelemetry | undefined;

/**
 * Registers a tracer provider for tests, without the NodeSDK and its instrumentations: spans go
 * synchronously to an in-memory exporter, context travels with AsyncLocalStorage, W3C trace
 * context is the propagator. Idempotent until {@link TestTelemetry.shutdown}.
 */
export function startTestTelemetry(serviceName = 'test'): TestTelemetry {
  if (current) {
    return current;
  }
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const handle: TestTelemetry = {
    exporter,
    reset: () => exporter.reset(),
    shutdown: async () => {
      if (current !== handle) {
        return;
      }
      current = undefined;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  current = handle;
  return handle;
}
