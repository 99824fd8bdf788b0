import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { trace } from '@opentelemetry/api';
import { withConsumerSpan } from './consumer-span';
import { createLogger } from './create-logger';
import { startTestTelemetry } from './test-telemetry';

const telemetry = startTestTelemetry('logger-spec');
afterAll(() => telemetry.shutdown());

const savedLogLevel = process.env['LOG_LEVEL'];
afterEach(() => {
  if (savedLogLevel === undefined) {
    delete process.env['LOG_LEVEL'];
  } else {
    process.env['LOG_LEVEL'] = savedLogLevel;
  }
});

/** A pino destination that keeps the JSON lines. */
function capture(): { write(line: string): void; lines: Array<Record<string, any>> } {
  const lines: Array<Record<string, any>> = [];
  return { lines, write: (line: string) => lines.push(JSON.parse(line)) };
}

describe('createLogger', () => {
  it('writes JSON lines with the trace and span id of the consumer span they are written in', async () => {
    const out = capture();
    const log = createLogger('intake.consumer', { destination: out, serviceName: 'intake' });
    const headers = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };

    const span = await withConsumerSpan(
      'process lots',
      headers,
      { system: 'kafka', destination: 'lots' },
      async (s) => {
        log.info({ lot: 'LOT-1' }, 'lot received');
        return s;
      },
    );
    log.info('after the message');

    const [inside, after] = out.lines;
    expect(inside).toMatchObject({
      level: 'info',
      name: 'intake.consumer',
      service: 'intake',
      msg: 'lot received',
      lot: 'LOT-1',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: span.spanContext().spanId,
      trace_flags: '01',
    });
    expect(inside?.['span_id']).not.toBe('00f067aa0ba902b7');
    expect(typeof inside?.['time']).toBe('string');
    expect(after?.['msg']).toBe('after the message');
    expect(after).not.toHaveProperty('trace_id');
    expect(after).not.toHaveProperty('span_id');
  });

  it('carries the trace of the active span into child loggers', () => {
    const out = capture();
    const child = createLogger('parent', { destination: out }).child({ lot: 'LOT-2' });
    trace.getTracer('spec').startActiveSpan('request', (span) => {
      child.warn('inside');
      span.end();
    });
    expect(out.lines[0]).toMatchObject({
      level: 'warn',
      lot: 'LOT-2',
      trace_id: telemetry.exporter.getFinishedSpans().at(-1)?.spanContext().traceId,
    });
  });

  it('takes the level from LOG_LEVEL, defaults to info and supports silent', () => {
    const out = capture();
    delete process.env['LOG_LEVEL'];
    expect(createLogger('a', { destination: out }).level).toBe('info');
    process.env['LOG_LEVEL'] = 'debug';
    expect(createLogger('b', { destination: out }).level).toBe('debug');
    expect(createLogger('c', { destination: out, level: 'warn' }).level).toBe('warn');

    const silent = createLogger('d', { destination: out, level: 'silent' });
    silent.fatal('nothing');
    silent.error('nothing');
    expect(out.lines).toEqual([]);
  });

  it('rejects an unknown level with a clear message', () => {
    process.env['LOG_LEVEL'] = 'verbose';
    expect(() => createLogger('e')).toThrow(
      'log level "verbose" is not one of trace, debug, info, warn, error, fatal, silent',
    );
  });
});
