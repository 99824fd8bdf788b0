import { type DynamicModule, Module } from '@nestjs/common';
import { createProcessRunsGraphql } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { ConcentrationApplication } from './concentration-application';
import type { ConcentrationSettings } from './concentration-config';
import { CONCENTRATION_APPLICATION } from './concentration.di-tokens';
import { ConcentrationResolver } from './graphql/concentration.resolver';
import { LotInConcentrationResolver } from './graphql/lot-in-concentration.resolver';
import { mesIntegrationProviders } from './mes-integration.providers';

export interface ConcentrationModuleOptions {
  readonly dataSource: DataSource;
  readonly settings: ConcentrationSettings;
  readonly clock?: () => Date;
}

/** Concentration's GraphQL API (its own operations and the run library's, prefixed `concentration`). */
@Module({})
export class ConcentrationModule {
  static forRoot(options: ConcentrationModuleOptions): DynamicModule {
    const application = new ConcentrationApplication(options);
    return {
      module: ConcentrationModule,
      providers: [
        { provide: CONCENTRATION_APPLICATION, useValue: application },
        ConcentrationResolver,
        // Concentration's fields on the federated Lot (`Lot.concentration`), through entity references.
        LotInConcentrationResolver,
        // The run library's MES mutations and queries, every root field and type prefixed `concentration`
        // (created once per process; a second call rebinds them to this module's instances).
        ...createProcessRunsGraphql({
          prefix: 'concentration',
          processRuns: application.processRuns,
          dataSource: options.dataSource,
        }).resolvers,
        ...mesIntegrationProviders(application),
      ],
      exports: [CONCENTRATION_APPLICATION],
    };
  }
}
