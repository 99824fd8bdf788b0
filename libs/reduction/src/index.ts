// @rre/reduction: molten-salt electrolysis of Tb and Dy onto liquid-alloy cathodes, vacuum
// distillation, and their energy and CO2 against calcium-thermal reduction. See README.md.
export { ReductionModule, type ReductionModuleOptions } from './reduction.module';
export {
  ReductionApplication,
  type PeriodKpis,
  type ReductionApplicationOptions,
} from './reduction-application';
export {
  DEFAULT_REDUCTION_SETTINGS,
  loadReductionConfig,
  reductionConfigSpec,
  reductionSettingsFrom,
  type ReductionConfig,
  type ReductionSettings,
} from './reduction-config';
export { REDUCTION_APPLICATION } from './reduction.di-tokens';
export {
  REDUCTION_SERVICE_NAME,
  reductionEntities,
  reductionMigrations,
} from './persistence/reduction-persistence';
export { SEPARATION_HAND_OVERS_CONSUMER } from './messaging/separation-hand-overs.consumer';
export { REDUCTION_CLIENT_ERRORS, ReductionGraphQLError } from './graphql/reduction-error.filter';
export { ReductionError, ReductionErrorCode } from './domain/reduction-error';
export { ReductionRunKind } from './application/run-planning';
export type { RunKpiRecord } from './domain/run-kpi-record';
