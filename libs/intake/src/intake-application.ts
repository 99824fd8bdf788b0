import { EventPublisher, pooledUlidRandom } from '@rre/messaging';
import type { DataSource } from 'typeorm';
import { monotonicFactory } from 'ulid';
import { AnswerLotTransferHandler } from './application/commands/answer-lot-transfer.handler';
import { ApproveLotDecisionHandler } from './application/commands/approve-lot-decision.handler';
import { CorrectLotHandler } from './application/commands/correct-lot.handler';
import { DecideLotHandler } from './application/commands/decide-lot.handler';
import { RecordManifestPaperworkHandler } from './application/commands/record-manifest-paperwork.handler';
import {
  type DocumentSettings,
  UploadLotDocumentHandler,
} from './application/commands/upload-lot-document.handler';
import { GetLotDocumentHandler } from './application/queries/get-lot-document.handler';
import { ImportLotsHandler } from './application/import/import-lots.handler';
import { RecordAssayHandler } from './application/commands/record-assay.handler';
import { RegisterLotHandler } from './application/commands/register-lot.handler';
import { ScreenLotHandler } from './application/commands/screen-lot.handler';
import { TransferLotHandler } from './application/commands/transfer-lot.handler';
import { WithdrawLotDecisionHandler } from './application/commands/withdraw-lot-decision.handler';
import { DEFAULT_IDEMPOTENCY_TTL_MS, type IntakeDependencies } from './application/intake-dependencies';
import type { IntakeClock } from './application/ports/intake-clock.port';
import { GetLotHandler } from './application/queries/get-lot.handler';
import { ListLotsHandler } from './application/queries/list-lots.handler';
import { ListOverdueSlipsHandler } from './application/queries/list-overdue-slips.handler';
import { DEFAULT_INTAKE_POLICY, type IntakePolicy } from './domain/intake-policy';
import { INTAKE_SERVICE_NAME } from './persistence/intake-persistence';
import { TypeormIntakeTransactions } from './persistence/typeorm-intake-transactions';
import { TypeormLotReader } from './persistence/typeorm-lot-reader';

export interface IntakeApplicationOptions {
  /** Intake's data source, opened with intakeEntities and intakeMigrations. */
  readonly dataSource: DataSource;
  readonly policy?: IntakePolicy;
  readonly idempotencyTtlMs?: number;
  readonly clock?: IntakeClock;
  /** Where document bytes are kept, and the largest accepted; without it uploads are refused. */
  readonly documents?: DocumentSettings;
}

/** Intake's use cases, wired to its database and outbox. */
export interface IntakeApplication {
  readonly policy: IntakePolicy;
  readonly idempotencyTtlMs: number;
  readonly clock: IntakeClock;
  readonly registerLot: RegisterLotHandler;
  readonly recordAssay: RecordAssayHandler;
  readonly screenLot: ScreenLotHandler;
  readonly decideLot: DecideLotHandler;
  readonly approveLotDecision: ApproveLotDecisionHandler;
  readonly withdrawLotDecision: WithdrawLotDecisionHandler;
  readonly transferLot: TransferLotHandler;
  readonly answerLotTransfer: AnswerLotTransferHandler;
  readonly correctLot: CorrectLotHandler;
  readonly manifestPaperwork: RecordManifestPaperworkHandler;
  readonly listOverdueSlips: ListOverdueSlipsHandler;
  readonly uploadLotDocument: UploadLotDocumentHandler;
  readonly getLotDocument: GetLotDocumentHandler;
  readonly importLots: ImportLotsHandler;
  readonly getLot: GetLotHandler;
  readonly listLots: ListLotsHandler;
}

/** The composition root of intake, usable by GraphQL, a CLI or a consumer alike. */
export function createIntakeApplication(options: IntakeApplicationOptions): IntakeApplication {
  const clock = options.clock ?? { now: () => new Date() };
  const nextUlid = monotonicFactory(pooledUlidRandom);
  const deps: IntakeDependencies = {
    transactions: new TypeormIntakeTransactions(
      options.dataSource,
      new EventPublisher({ service: INTAKE_SERVICE_NAME }),
      clock,
    ),
    reader: new TypeormLotReader(options.dataSource),
    clock,
    ids: { next: () => nextUlid() },
    policy: options.policy ?? DEFAULT_INTAKE_POLICY,
    idempotencyTtlMs: options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS,
  };
  return {
    policy: deps.policy,
    idempotencyTtlMs: deps.idempotencyTtlMs,
    clock,
    registerLot: new RegisterLotHandler(deps),
    recordAssay: new RecordAssayHandler(deps),
    screenLot: new ScreenLotHandler(deps),
    decideLot: new DecideLotHandler(deps),
    approveLotDecision: new ApproveLotDecisionHandler(deps),
    withdrawLotDecision: new WithdrawLotDecisionHandler(deps),
    transferLot: new TransferLotHandler(deps),
    answerLotTransfer: new AnswerLotTransferHandler(deps),
    correctLot: new CorrectLotHandler(deps),
    manifestPaperwork: new RecordManifestPaperworkHandler(deps),
    listOverdueSlips: new ListOverdueSlipsHandler(deps.reader, clock, deps.policy.timeZone),
    uploadLotDocument: new UploadLotDocumentHandler(deps, options.documents),
    getLotDocument: new GetLotDocumentHandler(deps.reader, options.documents?.storage),
    importLots: new ImportLotsHandler(deps),
    getLot: new GetLotHandler(deps.reader),
    listLots: new ListLotsHandler(deps.reader),
  };
}
