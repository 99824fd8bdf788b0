/**
 * Where finished spans go:
 * - `none`: nowhere. Spans are still created, so trace ids reach the logs and the message headers.
 * - `console`: printed to stdout by the OpenTelemetry console exporter (for debugging).
 * - `otlp`: sent in batches to an OpenTelemetry collector over OTLP/HTTP (JSON).
 * - `memory`: kept in an `InMemorySpanExporter` (tests).
 */
export type TelemetryExporter = 'none' | 'console' | 'otlp' | 'memory';

const FROM_OTEL_TRACES_EXPORTER: Readonly<Record<string, TelemetryExporter>> = {
  none: 'none',
  console: 'console',
  otlp: 'otlp',
};

/**
 * The exporter chosen by environment variables:
 * 1. `OTEL_TRACES_EXPORTER` when set: `otlp`, `console` or `none` (anything else throws);
 * 2. otherwise `otlp` when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`)
 *    is set;
 * 3. otherwise `none`.
 */
export function telemetryExporterFromEnv(env: NodeJS.ProcessEnv = process.env): TelemetryExporter {
  const chosen = env['OTEL_TRACES_EXPORTER']?.trim().toLowerCase();
  if (chosen) {
    const exporter = FROM_OTEL_TRACES_EXPORTER[chosen];
    if (exporter === undefined) {
      throw new Error(
        `OTEL_TRACES_EXPORTER="${env['OTEL_TRACES_EXPORTER']}" is not supported: use otlp, console or none`,
      );
    }
    return exporter;
  }
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  return endpoint?.trim() ? 'otlp' : 'none';
}
