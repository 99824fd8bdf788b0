import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PassportController } from './graphql/passport.controller';
import { SalesResolver } from './graphql/sales.resolver';
import { SalesApplication } from './sales-application';
import type { SalesSettings } from './sales-config';
import { SALES_APPLICATION } from './sales.di-tokens';

export interface SalesModuleOptions {
  readonly dataSource: DataSource;
  readonly settings: SalesSettings;
  readonly clock?: () => Date;
}

/** Sales' GraphQL API (the `sales` subgraph). */
@Module({})
export class SalesModule {
  static forRoot(options: SalesModuleOptions): DynamicModule {
    const application = new SalesApplication(options);
    return {
      module: SalesModule,
      controllers: [PassportController],
      providers: [{ provide: SALES_APPLICATION, useValue: application }, SalesResolver],
      exports: [SALES_APPLICATION],
    };
  }
}
