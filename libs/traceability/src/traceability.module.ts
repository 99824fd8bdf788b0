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
import { EpcisPeriodController } from './epcis/epcis-period.controller';
import { EpcisPeriodExport } from './epcis/epcis-period-export';
import { EPCIS_PERIOD_EXPORT } from './epcis/epcis-period.di-token';
import { EvidencePacks } from './evidence/evidence-pack';
import { EvidencePackController } from './evidence/evidence-pack.controller';
import { EVIDENCE_PACKS } from './evidence/evidence.di-token';
import type { LedgerApplication } from './ledger/ledger-application';
import { LEDGER_APPLICATION } from './ledger/ledger.di-token';
import { ReconciliationQueries } from './reconciliation/reconciliation-queries';
import { RECONCILIATION_QUERIES } from './reconciliation/reconciliation.di-token';
import { MassBalanceApplication } from './mass-balance/mass-balance-application';
import { MASS_BALANCE_APPLICATION } from './mass-balance/mass-balance.di-token';
import { MassBalanceResolver } from './mass-balance/mass-balance.resolver';
import { ledgerProviders, type LedgerModuleSettings } from './ledger/ledger.providers';
import { TraceabilityApplication } from './traceability-application';
import { TRACEABILITY_APPLICATION } from './traceability.di-tokens';
import { AsOfResolver } from './as-of/as-of.resolver';
import { ConfigurationApplication } from './as-of/configuration-application';
import { RestatementQueries } from './as-of/restatement-queries';

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
          provide: MASS_BALANCE_APPLICATION,
          useValue: new MassBalanceApplication({ dataSource: options.dataSource, clock: options.clock }),
        },
        MassBalanceResolver,
        {
          provide: EPCIS_EXPORT,
          useValue: new EpcisExport(options.dataSource, options.epcis, options.clock),
        },
        EpcisResolver,
        { provide: ConfigurationApplication, useValue: new ConfigurationApplication(options) },
        { provide: RestatementQueries, useValue: new RestatementQueries(options) },
        AsOfResolver,
        {
          provide: EPCIS_PERIOD_EXPORT,
          useValue: new EpcisPeriodExport(options.dataSource, options.epcis, options.clock),
        },
        {
          provide: EVIDENCE_PACKS,
          useFactory: (
            ledgerApplication: LedgerApplication,
            epcis: EpcisExport,
            reconciliation: ReconciliationQueries,
          ) =>
            new EvidencePacks({
              dataSource: options.dataSource,
              ledger: ledgerApplication,
              epcis,
              reconciliation,
              clock: options.clock,
            }),
          inject: [LEDGER_APPLICATION, EPCIS_EXPORT, RECONCILIATION_QUERIES],
        },
        ...ledger.providers,
      ],
      controllers: [
        ...ledger.controllers,
        EpcisDocumentController,
        EpcisPeriodController,
        EvidencePackController,
      ],
      exports: [TRACEABILITY_APPLICATION],
    };
  }
}
