import { type DynamicModule, Module } from '@nestjs/common';
import { SubgraphModule, type SubgraphModuleOptions } from '@rre/graphql';
import { ServiceHealthModule, type ServiceHealthOptions } from './service-health.module';

export type StandaloneServiceModuleOptions = SubgraphModuleOptions & ServiceHealthOptions;

/**
 * A standalone service's Nest app: its Apollo Federation 2 subgraph (the service module behind the
 * same authentication and GraphQL limits as the platform) and its health checks.
 */
@Module({})
export class StandaloneServiceModule {
  static forRoot({ dataSource, database, ...subgraph }: StandaloneServiceModuleOptions): DynamicModule {
    return {
      module: StandaloneServiceModule,
      imports: [SubgraphModule.forRoot(subgraph), ServiceHealthModule.forRoot({ dataSource, database })],
    };
  }
}
