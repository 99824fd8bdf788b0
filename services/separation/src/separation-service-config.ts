import { type ConfigOf, loadConfig, text } from '@rre/config';
import { separationConfigSpec } from '@rre/separation';
import { SCHEMA_NAME_RULE, standaloneServiceConfigSpec } from '@rre/service-runtime';

/** Every variable the standalone separation service reads; its README lists the same. */
export const separationServiceConfigSpec = {
  ...standaloneServiceConfigSpec({
    service: 'separation',
    port: 3004,
    kafkaBrokers:
      "Kafka brokers (host:port,...): the outbox is relayed there and concentration's lot events consumed from there; unset: the embedded event log",
  }),
  CONCENTRATION_EVENTS_SCHEMA: text(
    "Without Kafka: the schema of concentration's outbox in the same database, read as the embedded event log",
    { default: 'concentration', ...SCHEMA_NAME_RULE },
  ),
  ...separationConfigSpec,
};

export type SeparationServiceConfig = ConfigOf<typeof separationServiceConfigSpec>;

/** Reads and checks the environment; throws one ConfigError naming every broken variable. */
export function loadSeparationServiceConfig(
  env: Record<string, string | undefined> = process.env,
): SeparationServiceConfig {
  return loadConfig('separation', separationServiceConfigSpec, env);
}
