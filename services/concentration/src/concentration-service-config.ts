import { type ConfigOf, loadConfig, text } from '@rre/config';
import { concentrationConfigSpec } from '@rre/concentration';
import { SCHEMA_NAME_RULE, standaloneServiceConfigSpec } from '@rre/service-runtime';

/** Every variable the standalone concentration service reads; its README lists the same. */
export const concentrationServiceConfigSpec = {
  ...standaloneServiceConfigSpec({
    service: 'concentration',
    port: 3002,
    kafkaBrokers:
      "Kafka brokers (host:port,...): the outbox is relayed there and intake's lot events consumed from there; unset: the embedded event log",
  }),
  INTAKE_EVENTS_SCHEMA: text(
    "Without Kafka: the schema of intake's outbox in the same database, read as the embedded event log",
    { default: 'intake', ...SCHEMA_NAME_RULE },
  ),
  ...concentrationConfigSpec,
};

export type ConcentrationServiceConfig = ConfigOf<typeof concentrationServiceConfigSpec>;

/** Reads and checks the environment; throws one ConfigError naming every broken variable. */
export function loadConcentrationServiceConfig(
  env: Record<string, string | undefined> = process.env,
): ConcentrationServiceConfig {
  return loadConfig('concentration', concentrationServiceConfigSpec, env);
}
