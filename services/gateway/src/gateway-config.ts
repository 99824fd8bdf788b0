import { authConfigSpec, graphqlHardeningConfigSpec } from '@rre/auth';
import { type ConfigOf, flag, integer, loadConfig, oneOf, parsed, port, text } from '@rre/config';
import { gatewayTrustConfigSpec } from '@rre/graphql';

/** `name=url` pairs separated by commas, e.g. `intake=http://intake:3001/graphql`. */
export function parseSubgraphUrls(raw: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const pair of raw.split(',').map((s) => s.trim())) {
    if (pair === '') continue;
    const match = /^([a-z][a-z0-9_-]*)=(.+)$/.exec(pair);
    if (!match) throw new Error(`"${pair}": must be name=url pairs separated by commas`);
    let url: URL;
    try {
      url = new URL(match[2]);
    } catch {
      throw new Error(`"${pair}": ${match[2]} is not an absolute URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`"${pair}": must be an http:// or https:// URL`);
    }
    urls[match[1]] = url.toString();
  }
  return urls;
}

/** Every variable the gateway reads; its README lists the same. */
export const gatewayConfigSpec = {
  PORT: port('HTTP port of the GraphQL endpoint and the health check (0 picks a free port)', 4000),
  HOST: text('Interface to listen on', { default: '127.0.0.1' }),
  DATA_DIR: text(
    'Local state: the embedded signing key lives in DATA_DIR/keys unless AUTH_KEY_DIR or AUTH_JWKS_URL is set',
    { default: './data' },
  ),
  LOG_LEVEL: oneOf(
    'Log level',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    'info',
  ),
  GRAPHQL_INTROSPECTION: flag('Allow GraphQL introspection (default off with NODE_ENV=production)', true),
  GATEWAY_SUBGRAPH_URLS: parsed(
    'Where each subgraph is served (name=url,...), e.g. intake=http://intake:3001/graphql',
    parseSubgraphUrls,
    {
      default: {},
      defaultText: '(none)',
    },
  ),
  GATEWAY_COMPOSITION: oneOf(
    'static: serve GATEWAY_SUPERGRAPH_FILE (composed at build time); live: introspect the subgraphs and compose (development)',
    ['static', 'live'] as const,
    'static',
  ),
  GATEWAY_SUPERGRAPH_FILE: text('The supergraph composed at build time', {
    default: 'schema/supergraph.graphql',
  }),
  GATEWAY_POLL_INTERVAL_SECONDS: integer(
    'Live composition: how often the subgraphs are introspected again, in seconds',
    {
      default: 10,
      min: 1,
      max: 3600,
    },
  ),
  ...authConfigSpec,
  ...graphqlHardeningConfigSpec,
  // GATEWAY_SHARED_SECRET: the gateway signs every subgraph request with it (@rre/graphql).
  ...gatewayTrustConfigSpec,
};

export type GatewayConfig = ConfigOf<typeof gatewayConfigSpec>;

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  return loadConfig('gateway', gatewayConfigSpec, env);
}
