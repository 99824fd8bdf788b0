import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { MutationOutcome } from '../application/idempotency/idempotent-mutation';
import type { IntakeRequest } from '../application/intake-caller';
import { IntakeMutation } from '../application/intake-access-policy';
import type { IntakeApplication } from '../intake-application';
import { INTAKE_APPLICATION, INTAKE_CALLER_RESOLVER } from '../intake.di-tokens';
import { IntakeErrorFilter } from './intake-error.filter';
import { MayCall } from './intake-roles';
import {
  type GraphqlContext,
  type IntakeCallerResolver,
  intakeRequestOf,
  withoutNulls,
} from './intake-request.context';
import {
  AcceptLotTransferInput,
  ApproveLotDecisionInput,
  CorrectLotInput,
  RecordAssayInput,
  RefuseLotTransferInput,
  RejectLotInput,
  ReleaseLotInput,
  ScreenLotInput,
  TransferLotInput,
  WithdrawLotDecisionInput,
} from './lot-command.input';
import { LotMutationPayloadModel } from './lot.model';
import { lotView } from './lot.view';
import { calendarDateIn } from '../domain/lot-code';
import type { CalendarDate } from '../domain/waste-manifest';
import { RecordManifestReportInput, RecordManifestSlipReturnInput } from './waste-manifest.input';
import { ImportLotsInput, LotImportReportModel } from './lot-import.graphql';
import { IntakeError } from '../domain/intake-error';
import { RegisterLotInput } from './register-lot.input';

const IDEMPOTENCY_KEY = {
  nullable: true,
  description:
    'Client-chosen key (e.g. a UUID) kept 24 h per client: the same key with the same input returns the first result; with other input it is refused (IDEMPOTENCY_KEY_REUSED)',
} as const;

@Resolver()
@UseFilters(IntakeErrorFilter)
export class LotMutationResolver {
  constructor(
    @Inject(INTAKE_APPLICATION) private readonly intake: IntakeApplication,
    @Inject(INTAKE_CALLER_RESOLVER) private readonly resolveCaller: IntakeCallerResolver,
  ) {}

  @Mutation(() => LotMutationPayloadModel, {
    description: 'Register a delivered lot with its weighbridge weighing (recycler, admin)',
  })
  @MayCall(IntakeMutation.REGISTER_LOT)
  async registerLot(
    @Args('input') input: RegisterLotInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.registerLot.execute(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description: 'Record an assay of a lot; also after the hand-over (lab, admin)',
  })
  @MayCall(IntakeMutation.RECORD_ASSAY)
  async recordAssay(
    @Args('input') input: RecordAssayInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.recordAssay.execute(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description: 'Screen a lot for natural radioactivity; above the threshold it is quarantined (lab, admin)',
  })
  @MayCall(IntakeMutation.SCREEN_LOT)
  async screenLot(
    @Args('input') input: ScreenLotInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.screenLot.execute(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description: 'Release a quarantined lot, with a reason (lab, admin)',
  })
  @MayCall(IntakeMutation.RELEASE_LOT)
  async releaseLot(
    @Args('input') input: ReleaseLotInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.decideLot.release(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description: 'Reject a lot not yet handed over, with a reason (lab, admin)',
  })
  @MayCall(IntakeMutation.REJECT_LOT)
  async rejectLot(
    @Args('input') input: RejectLotInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.decideLot.reject(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description:
      'Four eyes: approve a pending release or rejection; the approver must differ from the decider (lab, admin)',
  })
  @MayCall(IntakeMutation.APPROVE_LOT_DECISION)
  async approveLotDecision(
    @Args('input') input: ApproveLotDecisionInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.approveLotDecision.execute(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description:
      'Four eyes: withdraw a release or rejection that waits for approval, with a reason; by the person who proposed it or an admin (lab, admin)',
  })
  @MayCall(IntakeMutation.WITHDRAW_LOT_DECISION)
  async withdrawLotDecision(
    @Args('input') input: WithdrawLotDecisionInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.withdrawLotDecision.execute(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description: 'Hand an accepted or released lot over to the concentration step (lab, admin)',
  })
  @MayCall(IntakeMutation.TRANSFER_LOT)
  async transferLot(
    @Args('input') input: TransferLotInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.transferLot.execute(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description: "The receiving step accepts a hand-over and becomes the lot's custodian (operator, admin)",
  })
  @MayCall(IntakeMutation.ACCEPT_LOT_TRANSFER)
  async acceptLotTransfer(
    @Args('input') input: AcceptLotTransferInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.answerLotTransfer.accept(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description:
      'The receiving step refuses a hand-over; the lot returns to intake with the reason (operator, admin)',
  })
  @MayCall(IntakeMutation.REFUSE_LOT_TRANSFER)
  async refuseLotTransfer(
    @Args('input') input: RefuseLotTransferInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.answerLotTransfer.refuse(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description:
      'Correct mistyped facts of a lot; the registered values stay visible (recycler for its own lots, lab, admin)',
  })
  @MayCall(IntakeMutation.CORRECT_LOT)
  async correctLot(
    @Args('input') input: CorrectLotInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(await this.intake.correctLot.execute(withoutNulls(input), request), request);
  }

  @Mutation(() => LotMutationPayloadModel, {
    description:
      'A manifest slip came back to the issuer; also after the hand-over (recycler for its own lots, admin)',
  })
  @MayCall(IntakeMutation.RECORD_MANIFEST_SLIP_RETURN)
  async recordManifestSlipReturn(
    @Args('input') input: RecordManifestSlipReturnInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(
      await this.intake.manifestPaperwork.slipReturned(withoutNulls(input), request),
      request,
    );
  }

  @Mutation(() => LotMutationPayloadModel, {
    description: "Record the plant's own report that a manifest stage ended (admin)",
  })
  @MayCall(IntakeMutation.RECORD_MANIFEST_REPORT)
  async recordManifestReport(
    @Args('input') input: RecordManifestReportInput,
    @Context() context: GraphqlContext,
    @Args('idempotencyKey', IDEMPOTENCY_KEY) idempotencyKey?: string,
  ): Promise<LotMutationPayloadModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, idempotencyKey);
    return this.payload(
      await this.intake.manifestPaperwork.reportSent(withoutNulls(input), request),
      request,
    );
  }

  @Mutation(() => LotImportReportModel, {
    description:
      'Import lots from a CSV file (UTF-8 or Shift_JIS); a dry run validates only; every bad cell is reported (recycler, admin)',
  })
  @MayCall(IntakeMutation.IMPORT_LOTS)
  async importLots(
    @Args('input') input: ImportLotsInput,
    @Context() context: GraphqlContext,
  ): Promise<LotImportReportModel> {
    const request = await intakeRequestOf(this.resolveCaller, context, undefined);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64)) {
      throw new IntakeError({
        code: 'INVALID_INPUT',
        field: 'contentBase64',
        value: `${input.contentBase64.length} characters`,
        rule: 'must be the file in base64',
      });
    }
    const report = await this.intake.importLots.execute(
      {
        content: Buffer.from(input.contentBase64, 'base64'),
        encoding: input.encoding ?? 'AUTO',
        dryRun: input.dryRun ?? false,
        allOrNothing: input.allOrNothing ?? true,
      },
      request,
    );
    return { ...report, rows: [...report.rows], issues: [...report.issues] };
  }

  private async payload(outcome: MutationOutcome, request: IntakeRequest): Promise<LotMutationPayloadModel> {
    // A fresh change answers with the lot it left; a replay reads the lot as it is now.
    const lot = outcome.lot ?? (await this.intake.getLot.execute(outcome.lotId, request.caller));
    if (!lot) throw new Error(`lot ${outcome.lotId} vanished after a mutation`);
    return {
      lot: lotView(
        lot,
        this.intake.policy,
        calendarDateIn(this.intake.clock.now(), this.intake.policy.timeZone) as CalendarDate,
      ),
      recordIds: [...outcome.recordIds],
      replayed: outcome.replayed,
    };
  }
}
