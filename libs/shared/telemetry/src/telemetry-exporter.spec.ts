import { describe, expect, it } from '@jest/globals';
import { telemetryExporterFromEnv } from './telemetry-exporter';

describe('telemetryExporterFromEnv', () => {
  it('is none by default', () => {
    expect(telemetryExporterFromEnv({})).toBe('none');
  });

  it('is otlp when a collector endpoint is set', () => {
    expect(telemetryExporterFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
    expect(
      telemetryExporterFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }),
    ).toBe('otlp');
    expect(telemetryExporterFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe('none');
  });

  it('honours OTEL_TRACES_EXPORTER, which wins over the endpoint', () => {
    expect(telemetryExporterFromEnv({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
    expect(telemetryExporterFromEnv({ OTEL_TRACES_EXPORTER: 'None' })).toBe('none');
    expect(telemetryExporterFromEnv({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe('otlp');
    expect(
      telemetryExporterFromEnv({
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      }),
    ).toBe('none');
  });

  it('rejects an exporter it does not support', () => {
    expect(() => telemetryExporterFromEnv({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(
      'OTEL_TRACES_EXPORTER="zipkin" is not supported: use otlp, console or none',
    );
  });
});
