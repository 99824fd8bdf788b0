import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { HealthController } from './health.controller';
import { PLATFORM_INFO, PlatformInfo } from './platform-info';
import { PlatformResolver } from './platform.resolver';

@Module({})
export class PlatformModule {
  static forRoot(info: PlatformInfo, options: { introspection: boolean }): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          introspection: options.introspection,
          playground: false,
          includeStacktraceInErrorResponses: false,
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: PLATFORM_INFO, useValue: info }, PlatformResolver],
    };
  }
}
