import { type ConfigOf, loadConfig, optional, text } from '@rre/config';
import { reductionConfigSpec } from '@rre/reduction';
import { SCHEMA_NAME_RULE, standaloneServiceConfigSpec } from '@rre/service-runtime';

/** Every variable the standalone reduction service reads; its README lists the same. */
export const reductionServiceConfigSpec = {
  ...standaloneServiceConfigSpec({
    service: 'reduction',
    port: 3005,
    kafkaBrokers:
      "Kafka brokers (host:port,...): the outbox is relayed there and separation's hand-overs consumed from there; unset: the embedded event log",
  }),
  SEPARATION_EVENTS_SCHEMA: optional(
    text(
      "Without Kafka: the schema of separation's outbox in the same database, read for its hand-overs; unset: none are received",
      SCHEMA_NAME_RULE,
    ),
  ),
  ...reductionConfigSpec,
};

export type ReductionServiceConfig = ConfigOf<typeof reductionServiceConfigSpec>;

/** Reads and checks the environment; throws one ConfigError naming every broken variable. */
export function loadReductionServiceConfig(
  env: Record<string, string | undefined> = process.env,
): ReductionServiceConfig {
  return loadConfig('reduction', reductionServiceConfigSpec, env);
}
