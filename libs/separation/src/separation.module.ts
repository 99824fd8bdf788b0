import { type DynamicModule, Module } from '@nestjs/common';
import { createProcessRunsGraphql } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { LotInSeparationResolver } from './graphql/lot-in-separation.resolver';
import { SeparationResolver } from './graphql/separation.resolver';
import { SeparationApplication } from './separation-application';
import type { SeparationSettings } from './separation-config';
import { SEPARATION_APPLICATION } from './separation.di-tokens';

export interface SeparationModuleOptions {
  readonly dataSource: DataSource;
  readonly settings: SeparationSettings;
  readonly clock?: () => Date;
}

/** Separation's GraphQL API (its own operations and the run library's, prefixed `separation`). */
@Module({})
export class SeparationModule {
  static forRoot(options: SeparationModuleOptions): DynamicModule {
    const application = new SeparationApplication(options);
    return {
      module: SeparationModule,
      providers: [
        { provide: SEPARATION_APPLICATION, useValue: application },
        SeparationResolver,
        LotInSeparationResolver,
        // The run library's MES mutations and queries, every root field and type prefixed `separation`
        // (created once per process; a second call rebinds them to this module's instances).
        ...createProcessRunsGraphql({
          prefix: 'separation',
          processRuns: application.processRuns,
          dataSource: options.dataSource,
        }).resolvers,
      ],
      exports: [SEPARATION_APPLICATION],
    };
  }
}
