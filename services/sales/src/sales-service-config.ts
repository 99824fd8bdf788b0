import { type ConfigOf, loadConfig, optional, text } from '@rre/config';
import { salesConfigSpec } from '@rre/sales';
import { SCHEMA_NAME_RULE, standaloneServiceConfigSpec } from '@rre/service-runtime';

/** Every variable the standalone sales service reads; its README lists the same. */
export const salesServiceConfigSpec = {
  ...standaloneServiceConfigSpec({
    service: 'sales',
    port: 3007,
    kafkaBrokers:
      "Kafka brokers (host:port,...): the outbox is relayed there and reduction's and separation's hand-overs consumed from there; unset: the embedded event log",
  }),
  REDUCTION_EVENTS_SCHEMA: optional(
    text(
      "Without Kafka: the schema of reduction's outbox in the same database, read for its hand-overs of metal; unset: none are received",
      SCHEMA_NAME_RULE,
    ),
  ),
  SEPARATION_EVENTS_SCHEMA: optional(
    text(
      "Without Kafka: the schema of separation's outbox in the same database, read for its hand-overs of oxide; unset: none are received",
      SCHEMA_NAME_RULE,
    ),
  ),
  TRACEABILITY_EVENTS_SCHEMA: optional(
    text(
      "Without Kafka: the schema of traceability's outbox in the same database, read for its recycled-content statements; unset: none are received",
      SCHEMA_NAME_RULE,
    ),
  ),
  ...salesConfigSpec,
};

export type SalesServiceConfig = ConfigOf<typeof salesServiceConfigSpec>;

/** Reads and checks the environment; throws one ConfigError naming every broken variable. */
export function loadSalesServiceConfig(
  env: Record<string, string | undefined> = process.env,
): SalesServiceConfig {
  return loadConfig('sales', salesServiceConfigSpec, env);
}
