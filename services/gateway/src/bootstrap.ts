import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createAuth, graphqlHardening, introspectionEnabled, resolveAuthSettings } from '@rre/auth';
import { ConfigError } from '@rre/config';
import {
  PLATFORM_STATUS_SUBGRAPH,
  PlatformModeValue,
  PlatformStatusModule,
  RemoteSubgraphDataSource,
  resolveGatewaySecret,
  type SupergraphSource,
  startInProcessSubgraph,
} from '@rre/graphql';
import { cleanupStack, releaseVersion, serveNestApp } from '@rre/service-runtime';
import { createLogger } from '@rre/telemetry';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GatewayConfig } from './gateway-config';
import { GatewayModule } from './gateway.module';

export interface RunningGateway {
  app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  /** The subgraphs it composes, with where it reaches them. */
  subgraphs: { name: string; url: string }[];
  stop(): Promise<void>;
}

/** The subgraph names of a supergraph SDL (its `join__Graph` values). */
export function supergraphSubgraphs(supergraphSdl: string): string[] {
  return [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]);
}

/**
 * Serves the supergraph (the one composed at build time, or composed live from the subgraphs in
 * development) at /graphql: verifies the caller's token, applies the limits, and forwards the
 * Authorization header to each subgraph with the gateway's signature. The `platform` status
 * subgraph runs in this process and reports the gateway itself.
 */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const cleanups = cleanupStack();
  const stop = () => cleanups.stop();
  try {
    const startedAt = new Date();
    const gatewaySecret = resolveGatewaySecret(config, { service: 'gateway' });
    const authLogger = createLogger('auth', { level: config.LOG_LEVEL });
    const auth = await createAuth(
      resolveAuthSettings(config, { dataDir: config.DATA_DIR, service: 'gateway' }),
      {
        logger: authLogger,
      },
    );
    const introspection = introspectionEnabled(config.GRAPHQL_INTROSPECTION);
    const status = await startInProcessSubgraph(
      {
        name: PLATFORM_STATUS_SUBGRAPH,
        module: PlatformStatusModule.forRoot(async () => ({
          version: releaseVersion(),
          mode: PlatformModeValue.GATEWAY,
          dataLocation: 'none (each service has its own database)',
          startedAt: startedAt.toISOString(),
          eventLog: 'none (each service relays its own outbox)',
          starts: 0,
          services: [],
        })),
      },
      {
        authenticator: auth.authenticator,
        authLogger,
        hardening: graphqlHardening(
          { ...config, RATE_LIMIT_ENABLED: false },
          { authenticator: auth.authenticator, logger: authLogger },
        ),
        introspection,
        logLevel: config.LOG_LEVEL,
      },
    );
    cleanups.push(() => status.close());

    const remote = Object.entries(config.GATEWAY_SUBGRAPH_URLS).map(([name, url]) => ({ name, url }));
    let supergraph: SupergraphSource;
    if (config.GATEWAY_COMPOSITION === 'live') {
      supergraph = {
        kind: 'live',
        subgraphs: [{ name: PLATFORM_STATUS_SUBGRAPH, url: 'http://in-process.invalid/graphql' }, ...remote],
        pollIntervalMs: config.GATEWAY_POLL_INTERVAL_SECONDS * 1000,
      };
    } else {
      const file = path.resolve(config.GATEWAY_SUPERGRAPH_FILE);
      if (!existsSync(file)) {
        throw new ConfigError('gateway', [
          {
            variable: 'GATEWAY_SUPERGRAPH_FILE',
            value: config.GATEWAY_SUPERGRAPH_FILE,
            rule: `no such file (${file})`,
          },
        ]);
      }
      const supergraphSdl = readFileSync(file, 'utf8');
      const missing = supergraphSubgraphs(supergraphSdl).filter(
        (name) => name !== PLATFORM_STATUS_SUBGRAPH && config.GATEWAY_SUBGRAPH_URLS[name] === undefined,
      );
      if (missing.length > 0) {
        throw new ConfigError('gateway', [
          {
            variable: 'GATEWAY_SUBGRAPH_URLS',
            value: Object.keys(config.GATEWAY_SUBGRAPH_URLS).join(',') || undefined,
            rule: `must give the URL of every subgraph of the supergraph; missing: ${missing.join(', ')}`,
          },
        ]);
      }
      supergraph = { kind: 'static', supergraphSdl };
    }

    const hardening = graphqlHardening(config, { authenticator: auth.authenticator, logger: authLogger });
    const { app, url } = await serveNestApp(
      GatewayModule.forRoot({
        supergraph,
        dataSource: ({ name, url }) =>
          name === PLATFORM_STATUS_SUBGRAPH
            ? status.dataSource
            : new RemoteSubgraphDataSource({
                url: config.GATEWAY_SUBGRAPH_URLS[name] ?? url ?? '',
                gatewaySecret,
              }),
        authenticator: auth.authenticator,
        authLogger,
        hardening,
        introspection,
      }),
      { config, maxRequestBytes: hardening.maxRequestBytes, cleanups },
    );
    return { app, url, subgraphs: remote, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
