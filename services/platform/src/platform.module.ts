import { type DynamicModule, Module } from '@nestjs/common';
import { GatewayGraphqlModule, type GatewayGraphqlOptions } from '@rre/graphql';
import { HealthController } from './health.controller';
import { PLATFORM_INFO, PlatformInfo } from './platform-info';

/**
 * The platform's front application: the health checks, and the one GraphQL endpoint, an Apollo
 * Gateway over the supergraph of the in-process subgraphs (platform-graphql.ts).
 */
@Module({})
export class PlatformModule {
  static forRoot(info: PlatformInfo, graphql: GatewayGraphqlOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [GatewayGraphqlModule.forRoot(graphql)],
      controllers: [HealthController],
      providers: [{ provide: PLATFORM_INFO, useValue: info }],
    };
  }
}
