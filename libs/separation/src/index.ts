// @rre/separation: Dy/Tb solvent extraction, precipitation and calcination to oxide. See README.md.
export { SeparationModule, type SeparationModuleOptions } from './separation.module';
export { SeparationApplication, type SeparationApplicationOptions } from './separation-application';
export {
  DEFAULT_SEPARATION_SETTINGS,
  loadSeparationConfig,
  separationConfigSpec,
  separationSettingsFrom,
  type SeparationConfig,
  type SeparationSettings,
} from './separation-config';
export { SEPARATION_APPLICATION } from './separation.di-tokens';
export {
  SEPARATION_SERVICE_NAME,
  separationEntities,
  separationMigrations,
} from './persistence/separation-persistence';
export { CONCENTRATION_LOT_EVENTS_CONSUMER } from './messaging/concentration-lot-events.consumer';
export { REDUCTION_ANSWERS_CONSUMER } from './messaging/reduction-answers.consumer';
export { SEPARATION_CLIENT_ERRORS, SeparationErrorFilter } from './graphql/separation-error.filter';
export { SeparationError, SeparationErrorCode } from './domain/separation-error';
export { cascadeDesign, type CascadeDesign, type CascadeDesignInput } from './domain/cascade-design';
export type { RunKpiRecord } from './domain/run-kpi-record';
