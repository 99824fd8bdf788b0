import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  LotInTraceabilityResolver,
  TraceabilityLotRecordResolver,
  TraceabilityResolver,
} from './graphql/traceability.resolver';
import { TraceabilityApplication } from './traceability-application';
import { TRACEABILITY_APPLICATION } from './traceability.di-tokens';

export interface TraceabilityModuleOptions {
  readonly dataSource: DataSource;
  readonly clock?: () => Date;
}

/** Traceability's read-only GraphQL API (subgraph `traceability`). */
@Module({})
export class TraceabilityModule {
  static forRoot(options: TraceabilityModuleOptions): DynamicModule {
    return {
      module: TraceabilityModule,
      providers: [
        { provide: TRACEABILITY_APPLICATION, useValue: new TraceabilityApplication(options) },
        TraceabilityResolver,
        LotInTraceabilityResolver,
        TraceabilityLotRecordResolver,
      ],
      exports: [TRACEABILITY_APPLICATION],
    };
  }
}
