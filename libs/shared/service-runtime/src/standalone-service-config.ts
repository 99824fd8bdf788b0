import { authConfigSpec, graphqlHardeningConfigSpec } from '@rre/auth';
import { type ConfigOf, flag, integer, list, oneOf, optional, parsed, port, text } from '@rre/config';
import { gatewayTrustConfigSpec } from '@rre/graphql';
import { maskDatabaseUrl, parseDatabaseUrl } from '@rre/persistence';

/** The rule of a variable that names a PostgreSQL schema. */
export const SCHEMA_NAME_RULE = {
  pattern: /^[a-z][a-z0-9_]{0,62}$/,
  patternRule: 'must be a lower-case PostgreSQL name: a letter, then letters, digits or _ (at most 63)',
};

/** LOG_LEVEL, GRAPHQL_INTROSPECTION, tokens (AUTH_*) and GraphQL limits (@rre/auth) of a process serving GraphQL. */
export const graphqlServiceConfigSpec = {
  LOG_LEVEL: oneOf(
    'Log level',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    'info',
  ),
  GRAPHQL_INTROSPECTION: flag('Allow GraphQL introspection', true),
  ...authConfigSpec,
  ...graphqlHardeningConfigSpec,
};

export interface StandaloneServiceConfigOptions {
  /** The service, e.g. 'intake': the default schema and the descriptions name it. */
  service: string;
  /** Default HTTP port, e.g. 3001. */
  port: number;
  /** Description of KAFKA_BROKERS (what the service sends to and reads from Kafka). */
  kafkaBrokers: string;
}

/**
 * The variables every standalone service reads: HTTP (PORT, HOST), its database (DATABASE_URL,
 * DATABASE_SCHEMA, DATABASE_POOL_SIZE), DATA_DIR, Kafka (KAFKA_BROKERS, KAFKA_TOPIC_PARTITIONS,
 * KAFKA_REPLICATION_FACTOR), graphqlServiceConfigSpec and the gateway's signature (GATEWAY_*).
 */
export function standaloneServiceConfigSpec({
  service,
  port: defaultPort,
  kafkaBrokers,
}: StandaloneServiceConfigOptions) {
  return {
    PORT: port('HTTP port of the GraphQL endpoint and the health checks (0 picks a free port)', defaultPort),
    HOST: text('Interface to listen on', { default: '127.0.0.1' }),
    DATABASE_URL: parsed(
      `PostgreSQL database of the ${service} service (its tables live in DATABASE_SCHEMA)`,
      (raw) => {
        parseDatabaseUrl(raw);
        return raw;
      },
      { mask: maskDatabaseUrl },
    ),
    DATABASE_SCHEMA: text(`Schema of the ${service} tables (several deployments may share one database)`, {
      default: service,
      ...SCHEMA_NAME_RULE,
    }),
    DATABASE_POOL_SIZE: integer(`Connections of the ${service} data source`, {
      default: 10,
      min: 1,
      max: 100,
    }),
    DATA_DIR: text(
      'Local state: the embedded signing key lives in DATA_DIR/keys unless AUTH_KEY_DIR or AUTH_JWKS_URL is set',
      { default: './data' },
    ),
    KAFKA_BROKERS: optional(list(kafkaBrokers)),
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
    ...graphqlServiceConfigSpec,
    // GATEWAY_SHARED_SECRET: only requests the gateway signed are answered (@rre/graphql).
    ...gatewayTrustConfigSpec,
  };
}

export type StandaloneServiceConfig = ConfigOf<ReturnType<typeof standaloneServiceConfigSpec>>;
