import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { rememberServiceName } from './service-name';
import { TelemetryExporter, telemetryExporterFromEnv } from './telemetry-exporter';

export interface TelemetryOptions {
  /** `service.name` of every span, and the `service` field of log lines. */
  serviceName: string;
  /** `service.version` of every span. */
  serviceVersion?: string;
  /** Where spans go; default: from the environment, see {@link telemetryExporterFromEnv}. */
  exporter?: TelemetryExporter;
  /**
   * For `otlp`: the collector's base URL (`http://collector:4318`; `/v1/traces` is appended).
   * Default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` / `OTEL_EXPORTER_OTLP_ENDPOINT`, else
   * `http://localhost:4318`.
   */
  otlpEndpoint?: string;
}

export interface TelemetryHandle {
  /** The exporter in use. */
  readonly exporter: TelemetryExporter;
  /**
   * The finished spans, with the `memory` exporter only. They arrive asynchronously (the resource is
   * detected in the background): `await forceFlush()` before reading them.
   */
  readonly memoryExporter?: InMemorySpanExporter;
  /** Exports every span ended so far. */
  forceFlush(): Promise<void>;
  /** Exports what is still buffered and stops the SDK; call it when the service stops. */
  shutdown(): Promise<void>;
}

let started: TelemetryHandle | undefined;

function spanProcessorFor(
  exporter: TelemetryExporter,
  options: TelemetryOptions,
  memoryExporter: InMemorySpanExporter | undefined,
): SpanProcessor {
  switch (exporter) {
    case 'otlp':
      return new BatchSpanProcessor(
        new OTLPTraceExporter(
          options.otlpEndpoint ? { url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` } : {},
        ),
      );
    case 'console':
      return new SimpleSpanProcessor(new ConsoleSpanExporter());
    case 'memory':
      return new SimpleSpanProcessor(memoryExporter ?? new InMemorySpanExporter());
    case 'none':
      // A tracer provider is still registered, so spans get real ids for logs and message headers.
      return new NoopSpanProcessor();
  }
}

/**
 * Starts OpenTelemetry for this process: the NodeSDK with a resource naming the service, the W3C
 * trace-context propagator, an AsyncLocalStorage context manager, and the http, graphql and pg
 * instrumentations. Returns a handle to shut it down.
 *
 * It must run before `@nestjs/*`, `graphql` and `pg` are loaded, since the instrumentations patch
 * those modules when they are first required: services call it in their own `telemetry.ts`, and
 * `import './telemetry';` is the first statement of `main.ts`.
 *
 * Idempotent: a second call returns the handle of the first one and ignores its options.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (started) {
    return started;
  }
  const exporter = options.exporter ?? telemetryExporterFromEnv();
  const memoryExporter = exporter === 'memory' ? new InMemorySpanExporter() : undefined;
  const spanProcessor = spanProcessorFor(exporter, options, memoryExporter);
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
      }),
    ),
    spanProcessors: [spanProcessor],
    textMapPropagator: new W3CTraceContextPropagator(),
    // No OpenTelemetry log records: logs go to stdout as JSON lines (createLogger).
    logRecordProcessors: [],
    // No metrics unless asked for: the SDK's default, an OTLP exporter to localhost, made every
    // shutdown wait for its export to time out.
    ...(process.env['OTEL_METRICS_EXPORTER'] ? {} : { metricReaders: [] }),
    instrumentations: [
      new HttpInstrumentation(),
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
      // Only queries that belong to a request or a message: no root traces for pollers (outbox relay).
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  rememberServiceName(options.serviceName);

  let stopping: Promise<void> | undefined;
  started = {
    exporter,
    ...(memoryExporter ? { memoryExporter } : {}),
    forceFlush: () => spanProcessor.forceFlush(),
    shutdown: () => (stopping ??= sdk.shutdown()),
  };
  return started;
}
