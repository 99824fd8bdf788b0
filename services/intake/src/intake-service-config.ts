import { type ConfigOf, loadConfig } from '@rre/config';
import { intakeConfigSpec } from '@rre/intake';
import { standaloneServiceConfigSpec } from '@rre/service-runtime';

/** Every variable the standalone intake service reads; its README lists the same. */
export const intakeServiceConfigSpec = {
  ...standaloneServiceConfigSpec({
    service: 'intake',
    port: 3001,
    kafkaBrokers:
      'Kafka brokers (host:port,...) the outbox is relayed to; unset: the outbox is sequenced as the embedded event log',
  }),
  ...intakeConfigSpec,
};

export type IntakeServiceConfig = ConfigOf<typeof intakeServiceConfigSpec>;

/** Reads and checks the environment; throws one ConfigError naming every broken variable. */
export function loadIntakeServiceConfig(
  env: Record<string, string | undefined> = process.env,
): IntakeServiceConfig {
  return loadConfig('intake', intakeServiceConfigSpec, env);
}
