// @rre/traceability: the genealogy of every lot and run, and the backward trace of a lot's
// elements to its source lots, exact to the milligram. See README.md.
export { TraceabilityModule, type TraceabilityModuleOptions } from './traceability.module';
export {
  TraceabilityApplication,
  type TraceabilityApplicationOptions,
  type Watermark,
} from './traceability-application';
export { TRACEABILITY_APPLICATION } from './traceability.di-tokens';
export {
  TRACEABILITY_SERVICE_NAME,
  traceabilityEntities,
  traceabilityMigrations,
} from './persistence/traceability-persistence';
export {
  GENEALOGY_TOPICS,
  LOT_AND_RUN_EVENTS_CONSUMER,
  lotAndRunEventsConsumer,
} from './messaging/lot-and-run-events.consumer';
export { TRACEABILITY_CLIENT_ERRORS, TraceabilityGraphQLError } from './graphql/traceability-error.filter';
export { TraceabilityError, TraceabilityErrorCode } from './domain/traceability-error';
export {
  ATTRIBUTION_ROUNDING_RULE,
  attributeToSources,
  type BackwardTrace,
  type SourceAttribution,
  SourceShares,
} from './domain/attribute-to-sources';
export type { Genealogy, GenealogyLot, GenealogyRun, SourceCategory } from './domain/genealogy';
export { genealogyOf } from './domain/genealogy';
export {
  RECONCILIATION_CLOSING_RULE,
  reconcileRun,
  type ElementReconciliation,
  type RunReconciliation,
} from './reconciliation/reconcile-run';
export { reconcilePlant, type PlantReconciliation } from './reconciliation/reconcile-plant';
export { ReconciliationQueries } from './reconciliation/reconciliation-queries';
export { buildEpcisDocument, type EpcisDocument, type EpcisShipment } from './epcis/epcis-document';
export { EpcisExport, type EpcisExportOptions } from './epcis/epcis-export';
export { type EpcisShipmentSource, NO_SHIPMENTS_RECORDED } from './epcis/epcis-shipments';
export { DEFAULT_GS1_IDENTIFIERS, type Gs1IdentifierOptions } from './epcis/gs1-identifiers';
export {
  CHAIN_OF_CUSTODY_MODEL,
  type ContentCategory,
  recycledContentOf,
  STATEMENT_ELEMENTS,
  STATEMENT_METHOD_VERSION,
} from './domain/recycled-content';
export { recycledContentStatementOf, type StatementFigures } from './domain/recycled-content-statement';
export { type CarbonFootprint, carbonFootprintOf, type RunEmissions } from './domain/carbon-footprint';
export {
  downstreamGenealogyOf,
  type ForwardTrace,
  type Shipment,
  traceForward,
} from './domain/forward-trace';
export { StatementApplication } from './application/statement-application';
export { RecallApplication, type RecallReport } from './application/recall-application';
export type { FrozenStatement } from './persistence/statement.store';
export {
  type LedgerPublicKey,
  type LedgerSettings,
  type LedgerVerification,
  LedgerApplication,
} from './ledger/ledger-application';
export type { LedgerModuleSettings } from './ledger/ledger.providers';
export { publishedEventBytes } from './ledger/published-bytes';
export { type LedgerConfig, ledgerConfigSpec, ledgerSettingsFrom } from './ledger/ledger-config';
export {
  rebuildFromOutboxes,
  type RebuildFromOutboxesOptions,
  type RebuildMode,
  type RebuildReport,
} from './rebuild/rebuild-from-outboxes';
export { progressBar, type RebuildProgress } from './rebuild/progress-bar';
export { rebuildFromKafka, type RebuildFromKafkaOptions } from './rebuild/rebuild-from-kafka';
export { EvidencePacks, type EvidencePack } from './evidence/evidence-pack';
export {
  evidencePackProblems,
  type EvidenceManifest,
  type ManifestSignature,
} from './evidence/evidence-manifest';
export { unzipArchive, zipArchive, type ArchiveFile } from './evidence/zip-archive';
export { EpcisPeriodExport, epcisPeriodOf } from './epcis/epcis-period-export';
