import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { hostname } from 'node:os';
import pino, { DestinationStream, Logger } from 'pino';
import { telemetryServiceName } from './service-name';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** A pino level or `silent`; default: `LOG_LEVEL`, else `info`. */
  level?: string;
  /** The `service` field; default: the name given to startTelemetry, else `OTEL_SERVICE_NAME`. */
  serviceName?: string;
  /** Where the JSON lines go; default: stdout. */
  destination?: DestinationStream;
}

const LEVELS = [...Object.keys(pino.levels.values), 'silent'];

function logLevel(level: string | undefined): string {
  const chosen = (level ?? process.env['LOG_LEVEL'] ?? 'info').trim().toLowerCase() || 'info';
  if (!LEVELS.includes(chosen)) {
    throw new Error(`log level "${level ?? process.env['LOG_LEVEL']}" is not one of ${LEVELS.join(', ')}`);
  }
  return chosen;
}

/** `trace_id`, `span_id` and `trace_flags` of the active span, or nothing when there is none. */
function activeSpanFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) {
    return {};
  }
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) {
    return {};
  }
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, '0'),
  };
}

/**
 * A pino logger writing one JSON object per line: `level` (as a label), ISO `time`, `name`, `service`,
 * `pid`, `hostname`, `msg`, and the `trace_id` / `span_id` of the span active when the line is
 * written.
 */
export function createLogger(name: string, options: LoggerOptions = {}): Logger {
  const service = options.serviceName ?? telemetryServiceName();
  const loggerOptions: pino.LoggerOptions = {
    name,
    level: logLevel(options.level),
    base: { pid: process.pid, hostname: hostname(), ...(service ? { service } : {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: activeSpanFields,
  };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}
