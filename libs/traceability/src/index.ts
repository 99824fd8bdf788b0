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
