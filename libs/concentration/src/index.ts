// @rre/concentration: leaching and adsorption runs that concentrate Dy and Tb. See README.md.
export { ConcentrationModule, type ConcentrationModuleOptions } from './concentration.module';
export {
  ConcentrationApplication,
  type AdsorbentBatchView,
  type ConcentrationApplicationOptions,
} from './concentration-application';
export {
  concentrationConfigSpec,
  concentrationSettingsFrom,
  DEFAULT_CONCENTRATION_SETTINGS,
  loadConcentrationConfig,
  type ConcentrationConfig,
  type ConcentrationSettings,
} from './concentration-config';
export { CONCENTRATION_APPLICATION } from './concentration.di-tokens';
export {
  CONCENTRATION_SERVICE_NAME,
  concentrationEntities,
  concentrationMigrations,
} from './persistence/concentration-persistence';
export { INTAKE_LOT_EVENTS_CONSUMER } from './messaging/intake-lot-events.consumer';
export {
  SEPARATION_ANSWERS_CONSUMER,
  SEPARATION_LOT_EVENTS_TOPIC,
} from './messaging/separation-answers.consumer';
export {
  CONCENTRATION_CLIENT_ERRORS,
  ConcentrationGraphQLError,
  formatConcentrationError,
} from './graphql/concentration-error.filter';
export { ConcentrationError, ConcentrationErrorCode } from './domain/concentration-error';
export type { RunKpiRecord } from './domain/run-kpi-record';
