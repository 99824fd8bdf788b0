import { authConfigSpec, graphqlHardeningConfigSpec } from '@rre/auth';
import { concentrationConfigSpec } from '@rre/concentration';
import {
  type ConfigOf,
  flag,
  integer,
  list,
  loadConfig,
  oneOf,
  optional,
  parsed,
  port,
  text,
} from '@rre/config';
import { gatewayTrustConfigSpec } from '@rre/graphql';
import { maskDatabaseUrl, parseDatabaseUrl } from '@rre/persistence';

const SCHEMA_NAME = {
  pattern: /^[a-z][a-z0-9_]{0,62}$/,
  patternRule: 'must be a lower-case PostgreSQL name: a letter, then letters, digits or _ (at most 63)',
};

/** Every variable the standalone concentration service reads; its README lists the same. */
export const concentrationServiceConfigSpec = {
  PORT: port('HTTP port of the GraphQL endpoint and the health checks (0 picks a free port)', 3002),
  HOST: text('Interface to listen on', { default: '127.0.0.1' }),
  DATABASE_URL: parsed(
    'PostgreSQL database of the concentration service (its tables live in DATABASE_SCHEMA)',
    (raw) => {
      parseDatabaseUrl(raw);
      return raw;
    },
    { mask: maskDatabaseUrl },
  ),
  DATABASE_SCHEMA: text('Schema of the concentration tables (several deployments may share one database)', {
    default: 'concentration',
    ...SCHEMA_NAME,
  }),
  INTAKE_EVENTS_SCHEMA: text(
    "Without Kafka: the schema of intake's outbox in the same database, read as the embedded event log",
    { default: 'intake', ...SCHEMA_NAME },
  ),
  DATABASE_POOL_SIZE: integer('Connections of the concentration data source', {
    default: 10,
    min: 1,
    max: 100,
  }),
  DATA_DIR: text(
    'Local state: the embedded signing key lives in DATA_DIR/keys unless AUTH_KEY_DIR or AUTH_JWKS_URL is set',
    { default: './data' },
  ),
  KAFKA_BROKERS: optional(
    list(
      "Kafka brokers (host:port,...): the outbox is relayed there and intake's lot events consumed from there; unset: the embedded event log",
    ),
  ),
  KAFKA_TOPIC_PARTITIONS: integer('Partitions of an event topic the service creates', {
    default: 3,
    min: 1,
    max: 1000,
  }),
  KAFKA_REPLICATION_FACTOR: integer('Replication factor of an event topic the service creates', {
    default: 1,
    min: 1,
    max: 10,
  }),
  LOG_LEVEL: oneOf(
    'Log level',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    'info',
  ),
  GRAPHQL_INTROSPECTION: flag('Allow GraphQL introspection', true),
  ...authConfigSpec,
  ...graphqlHardeningConfigSpec,
  // GATEWAY_SHARED_SECRET: only requests the gateway signed are answered (@rre/graphql).
  ...gatewayTrustConfigSpec,
  ...concentrationConfigSpec,
};

export type ConcentrationServiceConfig = ConfigOf<typeof concentrationServiceConfigSpec>;

/** Reads and checks the environment; throws one ConfigError naming every broken variable. */
export function loadConcentrationServiceConfig(
  env: Record<string, string | undefined> = process.env,
): ConcentrationServiceConfig {
  return loadConfig('concentration', concentrationServiceConfigSpec, env);
}
