import { type ConfigOf, loadConfig } from '@rre/config';
import { standaloneServiceConfigSpec } from '@rre/service-runtime';

/** Every variable the standalone people directory reads (those of every standalone service). */
export const peopleServiceConfigSpec = standaloneServiceConfigSpec({
  service: 'people',
  port: 3003,
  kafkaBrokers: 'Kafka brokers (host:port,...): unused, the directory publishes no events',
});

export type PeopleServiceConfig = ConfigOf<typeof peopleServiceConfigSpec>;

/** Reads and checks the environment; throws one ConfigError naming every broken variable. */
export function loadPeopleServiceConfig(
  env: Record<string, string | undefined> = process.env,
): PeopleServiceConfig {
  return loadConfig('people', peopleServiceConfigSpec, env);
}
