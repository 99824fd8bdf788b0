export * from './consumer-span';
export * from './create-logger';
export * from './messaging-attributes';
export * from './producer-span';
export * from './start-telemetry';
export * from './telemetry-exporter';
export * from './test-telemetry';
export { currentTraceparent } from './trace-context';
export type { MessageHeaders, MessageHeaderValue, TraceContextHeaders } from './trace-context';
