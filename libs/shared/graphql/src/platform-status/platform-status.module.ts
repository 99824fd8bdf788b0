import { type DynamicModule, Inject, Module } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '@rre/auth';
import { PlatformModel } from './platform-status.model';

/** What the process serving the endpoint reports about itself (the platform, or the gateway). */
export type PlatformStatusSource = () => Promise<PlatformModel>;

const PLATFORM_STATUS_SOURCE = Symbol('PLATFORM_STATUS_SOURCE');

/** The subgraph name of the status module in the supergraph. */
export const PLATFORM_STATUS_SUBGRAPH = 'platform';

@Resolver(() => PlatformModel)
class PlatformStatusResolver {
  constructor(@Inject(PLATFORM_STATUS_SOURCE) private readonly status: PlatformStatusSource) {}

  @Public()
  @Query(() => PlatformModel, { description: 'Version, mode and service modules of the running platform' })
  platform(): Promise<PlatformModel> {
    return this.status();
  }
}

/** The `platform` query as a subgraph module; the process that serves the endpoint says what it is. */
@Module({})
export class PlatformStatusModule {
  static forRoot(status: PlatformStatusSource): DynamicModule {
    return {
      module: PlatformStatusModule,
      providers: [{ provide: PLATFORM_STATUS_SOURCE, useValue: status }, PlatformStatusResolver],
    };
  }
}
