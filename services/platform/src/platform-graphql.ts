import { type Auth, type ClientErrors, graphqlHardening } from '@rre/auth';
import {
  composeSupergraph,
  type ComposedSupergraph,
  type InProcessSubgraph,
  PLATFORM_STATUS_SUBGRAPH,
  PlatformStatusModule,
  type PlatformStatusSource,
  startInProcessSubgraph,
  type SubgraphDefinition,
} from '@rre/graphql';
import type { Logger } from '@rre/telemetry';
import type { DataSource } from 'typeorm';
import type { PlatformConfig } from './platform-config';
import type { PlatformServiceDefinition } from './platform-services';

/** A subgraph the platform serves, with its service's own client errors. */
export interface PlatformSubgraph {
  definition: SubgraphDefinition;
  clientErrors?: ClientErrors;
}

/** Where the gateway reaches a subgraph when a deployment does not say (GATEWAY_SUBGRAPH_URLS overrides it). */
export function defaultSubgraphUrl(name: string): string {
  return `http://${name}.subgraph.invalid/graphql`;
}

/**
 * The `platform` status subgraph and the subgraph of every service with `graphql` (named after the
 * service): the one list the platform serves and the build composes into schema/supergraph.graphql.
 */
export function platformSubgraphs(
  services: readonly PlatformServiceDefinition[],
  context: {
    dataSources: ReadonlyMap<string, DataSource>;
    config: PlatformConfig;
    status: PlatformStatusSource;
  },
): PlatformSubgraph[] {
  const subgraphs: PlatformSubgraph[] = [
    { definition: { name: PLATFORM_STATUS_SUBGRAPH, module: PlatformStatusModule.forRoot(context.status) } },
  ];
  for (const service of services) {
    const dataSource = context.dataSources.get(service.name);
    if (!service.graphql || !dataSource) continue;
    subgraphs.push({
      definition: {
        name: service.name,
        module: service.graphql.module({ dataSource, config: context.config }),
        formatError: service.graphql.formatError,
      },
      clientErrors: service.graphql.clientErrors,
    });
  }
  return subgraphs;
}

export interface PlatformGraphql {
  subgraphs: InProcessSubgraph[];
  /** Composed in-process from the subgraphs' SDL, as the build composes schema/supergraph.graphql. */
  supergraph: ComposedSupergraph;
  close(): Promise<void>;
}

/**
 * Starts every subgraph in this process (each its own Nest application: guard, hardening, error
 * formatter, as when it runs alone) and composes their supergraph. Rate limits are the gateway's:
 * a subgraph fetch does not draw from the client's budget a second time.
 */
export async function startPlatformSubgraphs(
  subgraphs: readonly PlatformSubgraph[],
  options: { config: PlatformConfig; auth: Auth; logger: Logger; introspection: boolean },
): Promise<PlatformGraphql> {
  const started: InProcessSubgraph[] = [];
  const close = async () => {
    for (const subgraph of started.reverse()) await subgraph.close();
    started.length = 0;
  };
  try {
    for (const { definition, clientErrors } of subgraphs) {
      const hardening = graphqlHardening(
        { ...options.config, RATE_LIMIT_ENABLED: false },
        { authenticator: options.auth.authenticator, logger: options.logger, clientErrors },
      );
      started.push(
        await startInProcessSubgraph(definition, {
          authenticator: options.auth.authenticator,
          authLogger: options.logger,
          hardening,
          introspection: options.introspection,
          logLevel: options.config.LOG_LEVEL,
        }),
      );
    }
    const supergraph = composeSupergraph(
      started.map((s) => ({ name: s.name, url: defaultSubgraphUrl(s.name), sdl: s.sdl })),
    );
    return { subgraphs: [...started], supergraph, close };
  } catch (error) {
    await close();
    throw error;
  }
}
