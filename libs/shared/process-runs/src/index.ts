// @rre/process-runs: the run machinery of the process services (lots in custody, runs, inputs,
// outputs, losses, mass balance, hand-over, idempotency, events, GraphQL). See README.md.
import { mesNotificationEntities, mesNotificationMigrations } from './notifications';
import { processMeasurementEntities, processMeasurementMigrations } from './measurements';
import { processRunTableMigrations } from './persistence/process-runs-migrations';

export { ProcessRuns, type LotListFilter, type Page, type RunListFilter } from './application/process-runs';
export type {
  ProcessRunsOptions,
  BalanceOptions,
  RunKindDefinition,
} from './application/process-runs-options';
export type {
  ProcessRequest,
  ProcessMutationOutcome,
  ProcessMutationResult,
} from './application/process-request';
export type * from './application/process-inputs';
export {
  type DecimalBounds,
  inputReaders,
  type InputReaders,
  type InputRefusal,
} from './domain/input-readers';
export {
  ProcessRunError,
  ProcessRunErrorCode,
  type ProcessRunErrorDetails,
} from './domain/process-run-error';
export {
  type AssayStatus,
  LOSS_KINDS,
  LOT_KINDS,
  type LossKind,
  type LotCustody,
  OUTPUT_ROLES,
  type OutputRole,
  type ProcessLotKind,
  type ProcessLotView,
} from './domain/process-lot';
export type {
  ActorRef,
  CompletionBasis,
  CorrectionView,
  ImbalanceOverrideView,
  LossView,
  LotTakeView,
  MovementKind,
  MovementView,
  OutputView,
  RunInputView,
  RunStatus,
  RunView,
} from './domain/process-run';
export {
  type BalanceSide,
  computeMassBalance,
  type ElementBalance,
  type LossBalanceTerm,
  type LotBalanceTerm,
  type MassBalance,
  type MassBalanceSettings,
} from './domain/mass-balance';
export {
  type CompositionInput,
  type ElementContentInputValue,
  type MassInput,
  parseComposition,
  parseMassKg,
  type StoredComposition,
} from './domain/process-quantities';
export {
  checkIdempotencyKey,
  type Idempotent,
  type IdempotencyScope,
  idempotentMutation,
  MIN_IDEMPOTENCY_TTL_MS,
  purgeExpiredIdempotencyKeys,
} from './idempotency/idempotent-mutation';
export { canonicalJson, requestHash } from '@rre/idempotency';
export { createIdempotencyKeyTable } from './idempotency/idempotency-key-table';
export { type ProcessEventOutbox, type ProcessTopics } from './messaging/process-event-outbox';
export {
  isLotEvent,
  type ProcessEventName,
  processEventRegistry,
  processEventSchema,
  processEventTypesOf,
  type ProcessLotEventName,
  type ProcessRunEventName,
  type ProcessServiceName,
} from './messaging/process-event-types';

/** Every migration the host registers for this library (after @rre/messaging's): runs, measurements, MES notifications. */
export const processRunsMigrations = [
  ...processRunTableMigrations,
  ...processMeasurementMigrations,
  ...mesNotificationMigrations,
];
/** TypeORM entities of the library: the measurement and notification tables (the run tables are reached through SQL). */
export const processRunsEntities = [...processMeasurementEntities, ...mesNotificationEntities];
export {
  createProcessRunsGraphql,
  lotModel,
  type ProcessRunsGraphqlOptions,
  runModel,
} from './graphql/process-runs-graphql';
export { type GraphqlContext, processRequestOf, withoutNulls } from './graphql/process-request.context';
export { MES_RUN_ID_DESCRIPTION, PlanRunInputFields } from './graphql/plan-run-input-fields';
export {
  formatProcessRunError,
  PROCESS_RUN_CLIENT_ERRORS,
  ProcessRunGraphQLError,
  toGraphQLError,
} from './graphql/process-run-graphql-error';
export * from './measurements';
export * from './notifications';
export { receiptOfHandOver, serviceOf, settlementOfHandOver } from './messaging/hand-over-wiring';
export {
  handOverAnswersConsumer,
  type HandOverAnswersConsumerOptions,
} from './messaging/hand-over-answers.consumer';
export { lotHandOversConsumer, type LotHandOversConsumerOptions } from './messaging/lot-hand-overs.consumer';
