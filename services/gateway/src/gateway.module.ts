import { type DynamicModule, Module } from '@nestjs/common';
import { GatewayGraphqlModule, type GatewayGraphqlOptions } from '@rre/graphql';
import { HealthController } from './health.controller';

/** The gateway: one GraphQL endpoint over the supergraph, and its health check. */
@Module({})
export class GatewayModule {
  static forRoot(graphql: GatewayGraphqlOptions): DynamicModule {
    return {
      module: GatewayModule,
      imports: [GatewayGraphqlModule.forRoot(graphql)],
      controllers: [HealthController],
    };
  }
}
