import { type DynamicModule, Module } from '@nestjs/common';
import {
  createProcessMeasurementResolver,
  createProcessRunsGraphql,
  type ProcessMeasurementBackend,
} from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { LotInReductionResolver } from './graphql/lot-in-reduction.resolver';
import { ReductionResolver } from './graphql/reduction.resolver';
import { ReductionApplication } from './reduction-application';
import type { ReductionSettings } from './reduction-config';
import { REDUCTION_APPLICATION } from './reduction.di-tokens';

export interface ReductionModuleOptions {
  readonly dataSource: DataSource;
  readonly settings: ReductionSettings;
  readonly clock?: () => Date;
}

const MEASUREMENTS_BACKEND = Symbol('REDUCTION_MEASUREMENTS_BACKEND');

/**
 * Reduction's GraphQL API: its own operations, the run library's (prefixed `reduction`: runs,
 * lots, takes, outputs, losses, completion, hand-over) and its measurements
 * (`recordReductionMeasurements`: the cell current and voltage).
 */
@Module({})
export class ReductionModule {
  static forRoot(options: ReductionModuleOptions): DynamicModule {
    const application = new ReductionApplication(options);
    const measurements: ProcessMeasurementBackend = {
      dataSource: options.dataSource,
      measurements: application.measurements,
    };
    return {
      module: ReductionModule,
      providers: [
        { provide: REDUCTION_APPLICATION, useValue: application },
        ReductionResolver,
        LotInReductionResolver,
        // Created once per process; a second call rebinds them to this module's instances.
        ...createProcessRunsGraphql({
          prefix: 'reduction',
          processRuns: application.processRuns,
          dataSource: options.dataSource,
        }).resolvers,
        { provide: MEASUREMENTS_BACKEND, useValue: measurements },
        createProcessMeasurementResolver({ prefix: 'Reduction', backend: MEASUREMENTS_BACKEND }),
      ],
      exports: [REDUCTION_APPLICATION],
    };
  }
}
