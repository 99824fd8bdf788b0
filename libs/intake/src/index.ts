// @rre/intake: lots of scrap magnets and unused resources as they enter the plant. See README.md.
export { IntakeModule, type IntakeModuleOptions } from './intake.module';
export {
  createIntakeApplication,
  type IntakeApplication,
  type IntakeApplicationOptions,
} from './intake-application';
export {
  intakeConfigSpec,
  intakeSettingsFrom,
  loadIntakeConfig,
  type IntakeConfig,
  type IntakeSettings,
} from './intake-config';
export { INTAKE_APPLICATION } from './intake.di-tokens';
export { INTAKE_SERVICE_NAME, intakeEntities, intakeMigrations } from './persistence/intake-persistence';
export { purgeExpiredIdempotencyKeys } from './persistence/typeorm-idempotency-store';
export type { IntakeCaller, IntakeRequest } from './application/intake-caller';
export {
  callerFromPrincipal,
  type GraphqlContext,
  type IntakeCallerResolver,
} from './graphql/intake-request.context';
export { formatIntakeError, INTAKE_CLIENT_ERRORS, IntakeGraphQLError } from './graphql/intake-error.filter';
export { IntakeError, IntakeErrorCode } from './domain/intake-error';
export { DEFAULT_INTAKE_POLICY, type IntakePolicy } from './domain/intake-policy';
export { screenRadioactivity, screeningPolicy, type ScreeningResult } from './domain/radioactivity-screening';
