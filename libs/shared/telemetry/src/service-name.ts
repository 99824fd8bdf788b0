let serviceName: string | undefined;

/** Remembers the service name given to startTelemetry, for the `service` field of log lines. */
export function rememberServiceName(name: string): void {
  serviceName = name;
}

/** The service name given to startTelemetry, else `OTEL_SERVICE_NAME`, else undefined. */
export function telemetryServiceName(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return serviceName ?? (env['OTEL_SERVICE_NAME'] || undefined);
}
