import { integer, list, loadConfig, optional, parsed, port, text, ConfigOf } from '@rre/config';
import { concentrationConfigSpec } from '@rre/concentration';
import { intakeConfigSpec } from '@rre/intake';
import { maskDatabaseUrl, parseDatabaseUrl } from '@rre/persistence';
import { reductionConfigSpec } from '@rre/reduction';
import { separationConfigSpec } from '@rre/separation';
import { salesConfigSpec } from '@rre/sales';
import { ledgerConfigSpec } from '@rre/traceability';
import { graphqlServiceConfigSpec } from '@rre/service-runtime';

/** Every variable the platform reads; the README's configuration table lists the same. */
export const platformConfigSpec = {
  PORT: port('HTTP port of the GraphQL endpoint and the health checks (0 picks a free port)', 3000),
  HOST: text('Interface to listen on', { default: '127.0.0.1' }),
  DATA_DIR: text(
    'Embedded mode: directory of the PGlite database (created if missing, locked while running)',
    {
      default: './data',
    },
  ),
  DATABASE_URL: optional(
    parsed(
      'PostgreSQL server to use instead of embedded PGlite (postgres://user:password@host:port/database)',
      (raw) => {
        parseDatabaseUrl(raw);
        return raw;
      },
      { mask: maskDatabaseUrl },
    ),
  ),
  KAFKA_BROKERS: optional(
    list('Kafka brokers (host:port,...) to relay every service outbox to; unset: the embedded event log'),
  ),
  KAFKA_TOPIC_PARTITIONS: integer('Partitions of an event topic the platform creates', {
    default: 3,
    min: 1,
    max: 1000,
  }),
  KAFKA_REPLICATION_FACTOR: integer('Replication factor of an event topic the platform creates', {
    default: 1,
    min: 1,
    max: 10,
  }),
  DATABASE_POOL_SIZE: integer('Connections per service data source', { default: 10, min: 1, max: 100 }),
  // LOG_LEVEL, GRAPHQL_INTROSPECTION, tokens (AUTH_*: embedded local key unless AUTH_JWKS_URL is
  // set) and GraphQL limits (@rre/auth): @rre/service-runtime.
  ...graphqlServiceConfigSpec,
  // Intake's rules (INTAKE_*: mass tolerance, screening figures, four eyes, GS1, idempotency): @rre/intake.
  ...intakeConfigSpec,
  // Concentration's rules (CONCENTRATION_*: balance elements, adsorbent warning, residue screening): @rre/concentration.
  ...concentrationConfigSpec,
  // Separation's rules and figures (SEPARATION_*: balance, conventional beta and the 2x goal, cascade stage factor, contactor throughputs): @rre/separation.
  ...separationConfigSpec,
  // Reduction's rules and figures (REDUCTION_*: process windows, sample gap, grid factor, heating, calcium-thermal baseline): @rre/reduction.
  ...reductionConfigSpec,
  // Traceability's ledger (TRACEABILITY_LEDGER_*: the checkpoint signing key and period): @rre/traceability.
  ...ledgerConfigSpec,
  // Sales' settings (SALES_*: idempotency, passport issuer, resolver base and signing key, 2040 targets): @rre/sales.
  ...salesConfigSpec,
};

export type PlatformConfig = ConfigOf<typeof platformConfigSpec>;

export function loadPlatformConfig(env: Record<string, string | undefined> = process.env): PlatformConfig {
  return loadConfig('platform', platformConfigSpec, env);
}
