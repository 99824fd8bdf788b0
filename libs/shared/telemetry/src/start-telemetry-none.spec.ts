// The `none` exporter, chosen from the environment: nothing is exported, but spans still get real
// ids, so trace context reaches log lines and message headers.
import { afterAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { currentTraceparent } from './trace-context';
import { startTelemetry } from './start-telemetry';

const saved = process.env['OTEL_TRACES_EXPORTER'];
process.env['OTEL_TRACES_EXPORTER'] = 'none';
const handle = startTelemetry({ serviceName: 'sales' });
afterAll(async () => {
  await handle.shutdown();
  if (saved === undefined) {
    delete process.env['OTEL_TRACES_EXPORTER'];
  } else {
    process.env['OTEL_TRACES_EXPORTER'] = saved;
  }
});

describe('startTelemetry with the none exporter', () => {
  it('exports nothing but still creates spans with trace context', () => {
    expect(handle.exporter).toBe('none');
    expect(handle.memoryExporter).toBeUndefined();
    const seen = trace.getTracer('spec').startActiveSpan('request', (span) => {
      span.end();
      return { inside: currentTraceparent(), spanContext: span.spanContext() };
    });
    expect(seen.inside.traceparent).toBe(`00-${seen.spanContext.traceId}-${seen.spanContext.spanId}-01`);
  });
});
