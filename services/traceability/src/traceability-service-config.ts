import { type ConfigOf, loadConfig } from '@rre/config';
import { standaloneServiceConfigSpec } from '@rre/service-runtime';
import { ledgerConfigSpec } from '@rre/traceability';

/** Every variable the standalone traceability service reads; its README lists the same. */
export const traceabilityServiceConfigSpec = {
  ...standaloneServiceConfigSpec({
    service: 'traceability',
    port: 3006,
    kafkaBrokers:
      'Kafka brokers (host:port,...): every lot and run topic is consumed from there; unset: no events are received (the genealogy of embedded mode is built by the platform)',
  }),
  ...ledgerConfigSpec,
};

export type TraceabilityServiceConfig = ConfigOf<typeof traceabilityServiceConfigSpec>;

/** Reads and checks the environment; throws one ConfigError naming every broken variable. */
export function loadTraceabilityServiceConfig(
  env: Record<string, string | undefined> = process.env,
): TraceabilityServiceConfig {
  return loadConfig('traceability', traceabilityServiceConfigSpec, env);
}
