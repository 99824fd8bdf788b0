import { ConfigError, type ConfigOf, integer, optional, parsed } from '@rre/config';

function parseSecret(raw: string): string {
  if (raw.length < 32) throw new Error('must be at least 32 characters (e.g. `openssl rand -base64 48`)');
  return raw;
}

/** How a subgraph tells that a request came through the gateway, and how the gateway signs. */
export const gatewayTrustConfigSpec = {
  GATEWAY_SHARED_SECRET: optional(
    parsed(
      'Secret the gateway signs subgraph requests with (HMAC); a subgraph with it refuses unsigned requests; required with NODE_ENV=production',
      parseSecret,
      { mask: () => '****' },
    ),
  ),
  GATEWAY_SIGNATURE_MAX_AGE_SECONDS: integer('How old a gateway signature a subgraph accepts, in seconds', {
    default: 60,
    min: 1,
    max: 600,
  }),
};
export type GatewayTrustConfig = ConfigOf<typeof gatewayTrustConfigSpec>;

/** The gateway secret, or undefined (direct requests accepted); in production a subgraph must have one. */
export function resolveGatewaySecret(
  config: GatewayTrustConfig,
  options: { service: string; env?: Record<string, string | undefined> },
): string | undefined {
  const env = options.env ?? process.env;
  if (config.GATEWAY_SHARED_SECRET === undefined && env['NODE_ENV'] === 'production') {
    throw new ConfigError(options.service, [
      {
        variable: 'GATEWAY_SHARED_SECRET',
        value: undefined,
        rule: 'is required with NODE_ENV=production: a subgraph answers only requests that come through the gateway',
      },
    ]);
  }
  return config.GATEWAY_SHARED_SECRET;
}
