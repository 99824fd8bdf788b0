import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { type BuildSchemaOptions, GraphQLModule } from '@nestjs/graphql';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule, type GraphqlHardening, type RequestAuthenticator } from '@rre/auth';
import type { Logger } from '@rre/telemetry';
import type { GraphQLFormattedError } from 'graphql';
import { ClientRefusalFilter } from './client-refusal.filter';
import { gatewayOnlyMiddleware } from './gateway-only.middleware';
import { ownTypesOnly } from './subgraph-schema';
import { subgraphTypeModules, typesRegisteredIn } from './subgraph-types';

export const SUBGRAPH_PATH = '/graphql';

const SUBGRAPH_GATEWAY_TRUST = Symbol('SUBGRAPH_GATEWAY_TRUST');

interface GatewayTrust {
  secret: string;
  maxAgeSeconds?: number;
  logger?: Logger;
}

export interface SubgraphModuleOptions {
  /** The service's own Nest module: its resolvers make the subgraph. */
  serviceModule: DynamicModule;
  authenticator: RequestAuthenticator;
  authLogger?: Logger;
  hardening: Pick<GraphqlHardening, 'validationRules' | 'plugins' | 'formatError'>;
  /** Formats the service's own errors first (undefined: not one of its errors); prefer clientErrors in graphqlHardening. */
  formatError?: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError | undefined;
  introspection: boolean;
  /**
   * The secret the gateway signs its requests with: requests without a fresh signature are refused
   * (HTTP 401). Undefined: direct requests are accepted (development, and the platform, whose
   * gateway calls its subgraphs in-process, not over HTTP).
   */
  gatewaySecret?: string;
  gatewaySignatureMaxAgeSeconds?: number;
}

/**
 * A service's Apollo Federation 2 subgraph: the service module behind @rre/auth's guard (deny by
 * default, also on field and entity-reference resolvers) and GraphQL hardening, its schema built
 * code-first with `@key` entities and `@ResolveReference` resolvers, served at /graphql. Its schema
 * has the types registered in the service module (`registerIn`) and none registered in another
 * service's, so several services can each extend `Lot` in one process (README, "Extending an entity").
 */
@Module({})
export class SubgraphModule implements NestModule {
  static forRoot(options: SubgraphModuleOptions): DynamicModule {
    const typeModules = subgraphTypeModules(options.serviceModule);
    const own = options.formatError;
    const formatError = own
      ? (formatted: GraphQLFormattedError, error: unknown) =>
          own(formatted, error) ?? options.hardening.formatError(formatted, error)
      : options.hardening.formatError;
    return {
      module: SubgraphModule,
      providers: [
        { provide: APP_FILTER, useClass: ClientRefusalFilter },
        {
          provide: SUBGRAPH_GATEWAY_TRUST,
          useValue: options.gatewaySecret
            ? {
                secret: options.gatewaySecret,
                maxAgeSeconds: options.gatewaySignatureMaxAgeSeconds,
                logger: options.authLogger,
              }
            : undefined,
        },
      ],
      imports: [
        AuthModule.forRoot({ authenticator: options.authenticator, logger: options.authLogger }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloFederationDriver,
          path: SUBGRAPH_PATH,
          autoSchemaFile: { federation: 2 },
          // Types registered in another service's module (`registerIn`) stay out of this subgraph
          // (subgraph-types.ts says why this, not `include`), its own are in even where only
          // `_entities` returns them; unregistered ones are pruned by ownTypesOnly.
          buildSchemaOptions: {
            includeModules: typeModules,
            orphanedTypes: typesRegisteredIn(typeModules),
          } as BuildSchemaOptions,
          transformSchema: ownTypesOnly,
          sortSchema: true,
          introspection: options.introspection,
          playground: false,
          includeStacktraceInErrorResponses: false,
          validationRules: options.hardening.validationRules,
          // No federated tracing (ftv1): there is no Apollo Studio to report to.
          plugins: [...options.hardening.plugins, ApolloServerPluginInlineTraceDisabled()],
          formatError,
          // Guards also decide field and entity-reference (`_entities`) resolvers.
          fieldResolverEnhancers: ['guards'],
        }),
        options.serviceModule,
      ],
    };
  }

  constructor(@Inject(SUBGRAPH_GATEWAY_TRUST) private readonly trust: GatewayTrust | undefined) {}

  configure(consumer: MiddlewareConsumer): void {
    if (this.trust) consumer.apply(gatewayOnlyMiddleware(this.trust)).forRoutes(SUBGRAPH_PATH);
  }
}
