import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, GraphqlHardening, RequestAuthenticator } from '@rre/auth';
import type { Logger } from '@rre/telemetry';
import { HealthController } from './health.controller';
import { PLATFORM_INFO, PlatformInfo } from './platform-info';
import { PlatformResolver } from './platform.resolver';

@Module({})
export class PlatformModule {
  static forRoot(
    info: PlatformInfo,
    options: {
      introspection: boolean;
      authenticator: RequestAuthenticator;
      authLogger?: Logger;
      hardening: Pick<GraphqlHardening, 'validationRules' | 'plugins' | 'formatError'>;
      /** The GraphQL modules of the services plugged into the platform (platform-services.ts). */
      serviceModules?: DynamicModule[];
    },
  ): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        // A global guard: every resolver and route needs @Roles or @Public (deny by default).
        AuthModule.forRoot({ authenticator: options.authenticator, logger: options.authLogger }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          introspection: options.introspection,
          playground: false,
          includeStacktraceInErrorResponses: false,
          validationRules: options.hardening.validationRules,
          plugins: options.hardening.plugins,
          formatError: options.hardening.formatError,
          // Guards also decide field and entity-reference resolvers (nested and federated paths).
          fieldResolverEnhancers: ['guards'],
        }),
        ...(options.serviceModules ?? []),
      ],
      controllers: [HealthController],
      providers: [{ provide: PLATFORM_INFO, useValue: info }, PlatformResolver],
    };
  }
}
