import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  LotInTraceabilityResolver,
  TraceabilityLotRecordResolver,
  TraceabilityResolver,
} from './graphql/traceability.resolver';
import { EpcisResolver } from './graphql/epcis.resolver';
import { ReconciliationResolver } from './graphql/reconciliation.resolver';
import { RecallResolver } from './graphql/recall.resolver';
import { StatementResolver } from './graphql/statement.resolver';
import { RecallApplication } from './application/recall-application';
import { StatementApplication } from './application/statement-application';
import { EpcisDocumentController } from './epcis/epcis-document.controller';
import { EpcisExport, type EpcisExportOptions } from './epcis/epcis-export';
import { EPCIS_EXPORT } from './epcis/epcis.di-token';
import { ReconciliationQueries } from './reconciliation/reconciliation-queries';
import { RECONCILIATION_QUERIES } from './reconciliation/reconciliation.di-token';
import { ledgerProviders, type LedgerModuleSettings } from './ledger/ledger.providers';
import { TraceabilityApplication } from './traceability-application';
import { TRACEABILITY_APPLICATION } from './traceability.di-tokens';

export interface TraceabilityModuleOptions {
  readonly dataSource: DataSource;
  readonly clock?: () => Date;
  /** GS1 identifiers, URIs and the shipment source of the EPCIS export (defaults: README, "EPCIS 2.0 export"). */
  readonly epcis?: EpcisExportOptions;
  /** The ledger's signing key and checkpoint period (defaults: a development key, README "Tamper-evident ledger"). */
  readonly ledger?: LedgerModuleSettings;
}

/** Traceability's read-only GraphQL API (subgraph `traceability`). */
@Module({})
export class TraceabilityModule {
  static forRoot(options: TraceabilityModuleOptions): DynamicModule {
    const ledger = ledgerProviders(options);
    return {
      module: TraceabilityModule,
      providers: [
        { provide: TRACEABILITY_APPLICATION, useValue: new TraceabilityApplication(options) },
        TraceabilityResolver,
        LotInTraceabilityResolver,
        TraceabilityLotRecordResolver,
        { provide: StatementApplication, useValue: new StatementApplication(options) },
        StatementResolver,
        { provide: RecallApplication, useValue: new RecallApplication(options) },
        RecallResolver,
        { provide: RECONCILIATION_QUERIES, useValue: new ReconciliationQueries(options.dataSource) },
        ReconciliationResolver,
        {
          provide: EPCIS_EXPORT,
          useValue: new EpcisExport(options.dataSource, options.epcis, options.clock),
        },
        EpcisResolver,
        ...ledger.providers,
      ],
      controllers: [...ledger.controllers, EpcisDocumentController],
      exports: [TRACEABILITY_APPLICATION],
    };
  }
}
