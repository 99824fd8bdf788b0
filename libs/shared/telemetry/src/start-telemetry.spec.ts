// Starts the real NodeSDK (memory exporter); this file's Jest sandbox has its own OpenTelemetry globals.
import { afterAll, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { createLogger } from './create-logger';
import { withProducerSpan } from './producer-span';
import { startTelemetry } from './start-telemetry';

const handle = startTelemetry({ serviceName: 'intake', serviceVersion: '1.2.3', exporter: 'memory' });
afterAll(() => handle.shutdown());

describe('startTelemetry', () => {
  it('is idempotent', () => {
    expect(startTelemetry({ serviceName: 'other', exporter: 'none' })).toBe(handle);
    expect(handle.exporter).toBe('memory');
  });

  it('registers a tracer provider whose spans carry the service resource', async () => {
    const headers = await withProducerSpan(
      'send lots',
      undefined,
      { system: 'kafka', destination: 'lots' },
      async (h) => h,
    );
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    await handle.forceFlush();
    const spans = handle.memoryExporter?.getFinishedSpans() ?? [];
    expect(spans.map((s) => s.name)).toEqual(['send lots']);
    expect(spans[0]?.resource.attributes).toMatchObject({
      'service.name': 'intake',
      'service.version': '1.2.3',
      'telemetry.sdk.language': 'nodejs',
    });
  });

  it('propagates context through async work (AsyncLocalStorage) and names the service in logs', async () => {
    const lines: Array<Record<string, any>> = [];
    const log = createLogger('spec', { destination: { write: (l: string) => lines.push(JSON.parse(l)) } });
    await trace.getTracer('spec').startActiveSpan('outer', async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.info('later');
      span.end();
    });
    expect(lines[0]).toMatchObject({ service: 'intake', trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('shuts down once', async () => {
    await Promise.all([handle.shutdown(), handle.shutdown()]);
  });
});
