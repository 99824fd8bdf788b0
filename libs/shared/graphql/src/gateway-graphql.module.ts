import { type GraphQLDataSource, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, type GraphqlHardening, type RequestAuthenticator } from '@rre/auth';
import type { Logger } from '@rre/telemetry';
import { gatewayErrorFormatter } from './gateway-error-formatter';

export type SupergraphSource =
  /** The supergraph composed at build time (schema/supergraph.graphql), or in-process at start. */
  | { kind: 'static'; supergraphSdl: string }
  /** Development: introspect the subgraphs (`_service { sdl }`) and compose, again every pollIntervalMs. */
  | { kind: 'live'; subgraphs: { name: string; url: string }[]; pollIntervalMs?: number };

export interface GatewayGraphqlOptions {
  supergraph: SupergraphSource;
  /** How the gateway reaches a subgraph: in-process, or over HTTP with the gateway signature. */
  dataSource: (subgraph: { name: string; url?: string }) => GraphQLDataSource;
  authenticator: RequestAuthenticator;
  authLogger?: Logger;
  hardening: Pick<GraphqlHardening, 'validationRules' | 'plugins' | 'formatError'>;
  introspection: boolean;
}

/**
 * One GraphQL endpoint (/graphql) over the composed supergraph (Apollo Gateway): the request is
 * admitted (token, rate limit) and limited (depth, complexity) here, then planned into fetches
 * that each subgraph authorises again. The platform and services/gateway both serve it.
 */
@Module({})
export class GatewayGraphqlModule {
  static forRoot(options: GatewayGraphqlOptions): DynamicModule {
    const source = options.supergraph;
    return {
      module: GatewayGraphqlModule,
      imports: [
        AuthModule.forRoot({ authenticator: options.authenticator, logger: options.authLogger }),
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: '/graphql',
            introspection: options.introspection,
            playground: false,
            includeStacktraceInErrorResponses: false,
            validationRules: options.hardening.validationRules,
            plugins: options.hardening.plugins,
            formatError: gatewayErrorFormatter(options.hardening.formatError),
          },
          gateway: {
            ...(source.kind === 'static'
              ? { supergraphSdl: source.supergraphSdl }
              : {
                  supergraphSdl: new IntrospectAndCompose({
                    subgraphs: source.subgraphs,
                    pollIntervalInMs: source.pollIntervalMs,
                  }),
                }),
            buildService: ({ name, url }) => options.dataSource({ name, url }),
          },
        }),
      ],
    };
  }
}
