import { processV1 } from '@rre/contracts';
import { DECIMAL_PATTERN, parseDecimal, parseElementSymbol, toPlainString } from '@rre/quantities';
import { ulid } from 'ulid';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '@rre/idempotency';
import { idempotentMutation, MIN_IDEMPOTENCY_TTL_MS } from '../idempotency/idempotent-mutation';
import {
  computeMassBalance,
  type LotBalanceTerm,
  type LossBalanceTerm,
  type MassBalance,
} from '../domain/mass-balance';
import {
  type AssayStatus,
  LOSS_KINDS,
  LOT_KINDS,
  OUTPUT_ROLES,
  type ProcessLotKind,
  type ProcessLotView,
} from '../domain/process-lot';
import {
  fromQuantityError,
  kgText,
  parseComposition,
  parseMassKg,
  type StoredComposition,
} from '../domain/process-quantities';
import { ProcessRunError } from '../domain/process-run-error';
import {
  type ActorRef,
  assertRunAllows,
  type ImbalanceOverrideView,
  type LotTakeView,
  requireReason,
  type RunStatus,
  type RunView,
} from '../domain/process-run';
import {
  actorMessage,
  assayStatusMessage,
  balanceMessage,
  compositionMessage,
  kgMass,
  lossKindMessage,
  lotKindMessage,
  outputRoleMessage,
  ProcessEventOutbox,
  serviceNameOf,
} from '../messaging/process-event-outbox';
import { ProcessStore } from '../persistence/process-store';
import type {
  AcceptLotInput,
  CorrectLotMassInput,
  CompleteRunInput,
  CorrectRunInput,
  DeclareOutputInput,
  DrawSampleInput,
  HandOverLotInput,
  LossInput,
  PlanRunInput,
  ReceiveLotInput,
  RecordLossesInput,
  RecordLotAssayInput,
  RefuseLotInput,
  ReturnInputInput,
  RunReasonInput,
  RunRefInput,
  SettleHandOverInput,
  TakeInputInput,
} from './process-inputs';
import type { ProcessMutationOutcome, ProcessMutationResult, ProcessRequest } from './process-request';
import type { ProcessRunsOptions } from './process-runs-options';

interface CommandContext {
  readonly manager: EntityManager;
  readonly store: ProcessStore;
  readonly events: ProcessEventOutbox;
  readonly now: Date;
  readonly actor: ActorRef;
}

type CommandResult = ProcessMutationResult & { readonly alreadyDone?: boolean };

export interface RunListFilter {
  /** Runs planned at or after this time. */
  readonly from?: Date;
  /** Runs planned before this time. */
  readonly to?: Date;
  readonly status?: RunStatus;
  readonly kind?: string;
  /** 1-100, default 20. */
  readonly first?: number;
  /** The `endCursor` of the previous page. */
  readonly after?: string;
}

export interface LotListFilter {
  readonly custody?: ProcessLotView['custody'];
  readonly kind?: ProcessLotKind;
  readonly first?: number;
  readonly after?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly endCursor?: string;
  readonly hasNextPage: boolean;
}

const KNOWN_SERVICES = ['intake', 'concentration', 'separation', 'reduction', 'sales', 'traceability'];

function requireText(value: unknown, field: string, max = 200): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw new ProcessRunError({
      code: 'INVALID_INPUT',
      field,
      value: JSON.stringify(
        typeof value === 'string' && value.length > 60 ? `${value.slice(0, 57)}...` : (value ?? null),
      ),
      rule: `must be 1 to ${max} characters, not blank`,
    });
  }
  return value.trim();
}

function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T)) {
    throw new ProcessRunError({
      code: 'INVALID_INPUT',
      field,
      value: JSON.stringify(value ?? null),
      rule: `must be one of ${allowed.join(', ')}`,
    });
  }
  return value as T;
}

function unknownLot(lotId: string, field = 'lotId'): ProcessRunError {
  return new ProcessRunError({
    code: 'UNKNOWN_LOT',
    field,
    value: lotId,
    rule: 'must be the id of a lot this service has received or produced',
  });
}

function unknownRun(runId: string): ProcessRunError {
  return new ProcessRunError({
    code: 'UNKNOWN_RUN',
    field: 'runId',
    value: runId,
    rule: 'must be the id of a run of this service',
  });
}

function notInCustody(lot: ProcessLotView, field = 'lotId'): ProcessRunError {
  return new ProcessRunError({
    code: 'NOT_IN_CUSTODY',
    field,
    value: lot.id,
    detail: `lot ${lot.code} is ${lot.custody}`,
    rule: 'must be a lot this service holds (custody HELD)',
    retryable: lot.custody === 'OFFERED' || lot.custody === 'OFFERED_OUT',
  });
}

/**
 * The run machinery of one process service. Every mutation runs in the caller's transaction
 * (`manager` from `inTransaction`), under the request's idempotency key, and publishes its events
 * through the host's outbox in that transaction; a refusal throws `ProcessRunError` and the
 * caller's transaction rolls back, so nothing changes.
 */
export class ProcessRuns {
  readonly service: ProcessRunsOptions['service'];
  private readonly clock: () => Date;
  private readonly ttlMs: number;
  private readonly coverageFactor: ReturnType<typeof parseDecimal>;

  constructor(private readonly options: ProcessRunsOptions) {
    this.service = options.service;
    this.clock = options.clock ?? (() => new Date());
    this.ttlMs = Math.max(options.idempotencyTtlMs ?? MIN_IDEMPOTENCY_TTL_MS, MIN_IDEMPOTENCY_TTL_MS);
    this.coverageFactor = parseDecimal(options.balance?.coverageFactor ?? '2', 'balance.coverageFactor');
    if (this.coverageFactor.lessThanOrEqualTo(0)) {
      throw new Error(`balance.coverageFactor: got ${options.balance?.coverageFactor}, must be above zero`);
    }
  }

  // ---------------------------------------------------------------- lots

  receiveLot(
    manager: EntityManager,
    request: ProcessRequest,
    input: ReceiveLotInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'receiveLot', input, async (ctx) => {
      const lotId = requireText(input.lotId, 'lotId', 100);
      const lotCode = requireText(input.lotCode, 'lotCode', 100);
      const kind = requireOneOf(input.kind, LOT_KINDS, 'kind');
      const custody = requireOneOf(input.custody, ['OFFERED', 'HELD'] as const, 'custody');
      const massKg = parseMassKg(input.mass, 'mass', { positive: true });
      const { composition, status } = this.lotComposition(kind, input.composition, input.compositionStatus);
      const fromService =
        input.from === undefined
          ? undefined
          : requireOneOf(input.from.service, KNOWN_SERVICES, 'from.service');
      const existing = await ctx.store.lot(lotId, { lock: true });
      if (existing) {
        const again = existing.custody === 'REFUSED' || existing.custody === 'HANDED_OVER';
        if (!again || input.from?.transferId === existing.receivedTransferId) {
          return { lotIds: [lotId], recordIds: [], alreadyDone: true };
        }
        await ctx.manager.query(
          `UPDATE ${ctx.store.table('process_lot')} SET custody = $2, mass_kg = $3, remaining_kg = $3,
             received_from_service = $4, received_transfer_id = $5, refusal_reason = NULL, updated_at = $6 WHERE id = $1`,
          [
            lotId,
            custody,
            toPlainString(massKg),
            fromService ?? null,
            input.from?.transferId ?? null,
            ctx.now,
          ],
        );
      } else {
        const inserted = await ctx.store.insertLot({
          id: lotId,
          code: lotCode,
          kind,
          custody,
          massKg: toPlainString(massKg),
          materialKind: input.materialKind,
          sourceCategory: input.sourceCategory,
          equipmentId: input.equipmentId,
          description: input.description,
          receivedFromService: fromService,
          receivedTransferId: input.from?.transferId,
          now: ctx.now,
        });
        if (!inserted) return { lotIds: [lotId], recordIds: [], alreadyDone: true };
      }
      const recordIds: string[] = [];
      if (composition !== undefined) {
        recordIds.push(await this.storeAssay(ctx, lotId, input.assayId ?? 'received', composition, status));
      }
      await ctx.events.publish('LotReceived', lotId, {
        lot: { lotId, lotCode },
        kind: lotKindMessage(kind),
        mass: kgMass(toPlainString(massKg)),
        composition: compositionMessage(composition),
        compositionStatus: assayStatusMessage(composition === undefined ? undefined : status),
        custody: custody === 'HELD' ? processV1.ReceivedCustody.HELD : processV1.ReceivedCustody.OFFERED,
        fromService: serviceNameOf(fromService),
        transferId: input.from?.transferId ?? '',
        custodian: serviceNameOf(this.service),
        equipmentId: input.equipmentId ?? '',
      });
      return { lotIds: [lotId], recordIds };
    });
  }

  acceptLot(
    manager: EntityManager,
    request: ProcessRequest,
    input: AcceptLotInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'acceptLot', input, async (ctx) => {
      const lot = await this.offeredLot(ctx, input.lotId);
      const massKg =
        input.receivedMass === undefined
          ? undefined
          : toPlainString(parseMassKg(input.receivedMass, 'receivedMass'));
      await ctx.store.setCustody(lot.id, 'HELD', ctx.now, { massKg });
      await ctx.events.publish('LotCustodyAccepted', lot.id, {
        lot: { lotId: lot.id, lotCode: lot.code },
        custodian: serviceNameOf(this.service),
        transferId: lot.receivedTransferId ?? '',
        receivedMass: kgMass(massKg ?? lot.massKg),
      });
      return { lotIds: [lot.id], recordIds: [] };
    });
  }

  refuseLot(
    manager: EntityManager,
    request: ProcessRequest,
    input: RefuseLotInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'refuseLot', input, async (ctx) => {
      const reason = requireReason(input.reason);
      const lot = await this.offeredLot(ctx, input.lotId);
      await ctx.store.setCustody(lot.id, 'REFUSED', ctx.now, { refusalReason: reason });
      await ctx.events.publish('LotCustodyRefused', lot.id, {
        lot: { lotId: lot.id, lotCode: lot.code },
        refusedBy: serviceNameOf(this.service),
        transferId: lot.receivedTransferId ?? '',
        reason,
      });
      return { lotIds: [lot.id], recordIds: [] };
    });
  }

  recordLotAssay(
    manager: EntityManager,
    request: ProcessRequest,
    input: RecordLotAssayInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'recordLotAssay', input, async (ctx) => {
      const lot = await ctx.store.lot(requireText(input.lotId, 'lotId', 100), { lock: true });
      if (!lot) throw unknownLot(input.lotId);
      const assayId = requireText(input.assayId, 'assayId', 100);
      const { composition, status } = this.lotComposition(lot.kind, input.composition, input.status);
      if (composition === undefined) throw new Error('unreachable: composition required');
      const recordId = await this.storeAssay(ctx, lot.id, assayId, composition, status);
      await ctx.events.publish('LotAssayRecorded', lot.id, {
        lot: { lotId: lot.id, lotCode: lot.code },
        assayId,
        composition: compositionMessage(composition),
        status: assayStatusMessage(status),
      });
      return { lotIds: [lot.id], recordIds: [recordId] };
    });
  }

  /**
   * The sender corrected the mass of a lot this service received (a corrected weighing): the lot's
   * mass becomes the new figure and its remaining mass moves by the difference (never below zero);
   * the old figure stays in `process_lot_correction`. Correcting to the current figure is a replay.
   */
  correctLotMass(
    manager: EntityManager,
    request: ProcessRequest,
    input: CorrectLotMassInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'correctLotMass', input, async (ctx) => {
      const lot = await ctx.store.lot(requireText(input.lotId, 'lotId', 100), { lock: true });
      if (!lot) throw unknownLot(input.lotId);
      const reason = requireReason(input.reason);
      const newMass = parseMassKg(input.mass, 'mass', { positive: true });
      const oldMass = parseDecimal(lot.massKg);
      if (newMass.equals(oldMass)) return { lotIds: [lot.id], recordIds: [], alreadyDone: true };
      const remaining = parseDecimal(lot.remainingKg).plus(newMass.minus(oldMass));
      if (remaining.isNegative()) {
        throw new ProcessRunError({
          code: 'MORE_THAN_REMAINS',
          field: 'mass',
          value: kgText(newMass),
          rule: `must be at least the ${kgText(oldMass.minus(parseDecimal(lot.remainingKg)))} already taken from lot ${lot.code}`,
        });
      }
      const correctionId = ulid();
      await ctx.manager.query(
        `UPDATE ${ctx.store.table('process_lot')} SET mass_kg = $2, remaining_kg = $3, updated_at = $4 WHERE id = $1`,
        [lot.id, toPlainString(newMass), toPlainString(remaining), ctx.now],
      );
      await ctx.manager.query(
        `INSERT INTO ${ctx.store.table('process_lot_correction')} (id, lot_id, field, old_value, new_value, reason,
           source_event_id, recorded_at, recorded_by) VALUES ($1, $2, 'mass_kg', $3, $4, $5, $6, $7, $8)`,
        [
          correctionId,
          lot.id,
          lot.massKg,
          toPlainString(newMass),
          reason,
          input.sourceEventId ?? null,
          ctx.now,
          ctx.actor.subject,
        ],
      );
      await ctx.events.publish('LotMassCorrected', lot.id, {
        lot: { lotId: lot.id, lotCode: lot.code },
        oldMass: kgMass(lot.massKg),
        newMass: kgMass(toPlainString(newMass)),
        remainingMass: kgMass(toPlainString(remaining)),
        reason,
        sourceEventId: input.sourceEventId ?? '',
        correctionId,
      });
      return { lotIds: [lot.id], recordIds: [correctionId] };
    });
  }

  handOverLot(
    manager: EntityManager,
    request: ProcessRequest,
    input: HandOverLotInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'handOverLot', input, async (ctx) => {
      const toService = requireOneOf(input.toService, KNOWN_SERVICES, 'toService');
      if (toService === this.service) {
        throw new ProcessRunError({
          code: 'INVALID_INPUT',
          field: 'toService',
          value: toService,
          rule: 'must be another service than this one',
        });
      }
      const lot = await ctx.store.lot(requireText(input.lotId, 'lotId', 100), { lock: true });
      if (!lot) throw unknownLot(input.lotId);
      if (lot.custody !== 'HELD') throw notInCustody(lot);
      if (parseDecimal(lot.remainingKg).isZero()) throw usedUp(lot);
      const transferId = ulid();
      await ctx.store.insertTransfer({
        id: transferId,
        lotId: lot.id,
        toService,
        massKg: lot.remainingKg,
        now: ctx.now,
      });
      await ctx.store.setCustody(lot.id, 'OFFERED_OUT', ctx.now);
      await ctx.events.publish('LotCustodyTransferred', lot.id, {
        lot: { lotId: lot.id, lotCode: lot.code },
        transferId,
        fromService: serviceNameOf(this.service),
        toService: serviceNameOf(toService),
        mass: kgMass(lot.remainingKg),
        composition: compositionMessage(lot.composition),
        compositionStatus: assayStatusMessage(lot.compositionStatus),
        kind: lotKindMessage(lot.kind),
      });
      return { lotIds: [lot.id], recordIds: [transferId] };
    });
  }

  settleHandOver(
    manager: EntityManager,
    request: ProcessRequest,
    input: SettleHandOverInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'settleHandOver', input, async (ctx) => {
      const transfer = await ctx.store.transfer(requireText(input.transferId, 'transferId', 100));
      if (!transfer) {
        throw new ProcessRunError({
          code: 'UNKNOWN_TRANSFER',
          field: 'transferId',
          value: input.transferId,
          rule: 'must be the id of a hand-over of this service',
        });
      }
      const outcome = input.accepted ? 'ACCEPTED' : 'REFUSED';
      if (transfer.status !== 'OFFERED') {
        if (transfer.status === outcome)
          return { lotIds: [transfer.lot_id], recordIds: [transfer.id], alreadyDone: true };
        throw new ProcessRunError({
          code: 'INVALID_INPUT',
          field: 'accepted',
          value: String(input.accepted),
          rule: `the hand-over ${transfer.id} was already ${transfer.status}`,
        });
      }
      const reason = input.accepted ? undefined : requireReason(input.reason);
      const lot = await ctx.store.lot(transfer.lot_id, { lock: true });
      if (!lot) throw unknownLot(transfer.lot_id);
      await ctx.store.settleTransfer(transfer.id, outcome, reason, ctx.now);
      await ctx.store.setCustody(lot.id, input.accepted ? 'HANDED_OVER' : 'HELD', ctx.now);
      await ctx.events.publish('LotHandOverSettled', lot.id, {
        lot: { lotId: lot.id, lotCode: lot.code },
        transferId: transfer.id,
        toService: serviceNameOf(transfer.to_service),
        accepted: input.accepted,
        reason: reason ?? '',
      });
      return { lotIds: [lot.id], recordIds: [transfer.id] };
    });
  }

  // ---------------------------------------------------------------- run lifecycle

  planRun(
    manager: EntityManager,
    request: ProcessRequest,
    input: PlanRunInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'planRun', input, async (ctx) => {
      const externalId =
        input.externalId === undefined ? undefined : requireText(input.externalId, 'externalId', 200);
      if (externalId !== undefined) {
        const known = await ctx.store.runIdByExternalId(externalId);
        if (known) return { runId: known, lotIds: [], recordIds: [], alreadyDone: true };
      }
      const kind = requireText(input.kind, 'kind', 100);
      const equipmentId = requireText(input.equipmentId, 'equipmentId', 200);
      const workOrder = requireText(input.workOrder, 'workOrder', 200);
      const parameters = this.parseParameters(kind, input.parameters);
      const runId = ulid();
      const inserted = await ctx.store.insertRun({
        id: runId,
        externalId,
        kind,
        parameters,
        equipmentId,
        workOrder,
        now: ctx.now,
        by: ctx.actor.subject,
      });
      if (!inserted && externalId !== undefined) {
        const known = await ctx.store.runIdByExternalId(externalId);
        if (known) return { runId: known, lotIds: [], recordIds: [], alreadyDone: true };
      }
      await ctx.events.publish('RunPlanned', runId, {
        runId,
        externalId: externalId ?? '',
        kind,
        equipmentId,
        workOrder,
        parametersJson: parameters === undefined ? '' : canonicalJson(parameters),
        service: serviceNameOf(this.service),
      });
      return { runId, lotIds: [], recordIds: [] };
    });
  }

  startRun(
    manager: EntityManager,
    request: ProcessRequest,
    input: RunRefInput,
  ): Promise<ProcessMutationOutcome> {
    return this.runTransition(manager, request, 'startRun', input, 'start', async (ctx, run) => {
      await ctx.store.updateRun(run.id, { status: 'STARTED', started_at: ctx.now }, ctx.now);
      await ctx.events.publish('RunStarted', run.id, { runId: run.id });
    });
  }

  holdRun(
    manager: EntityManager,
    request: ProcessRequest,
    input: RunReasonInput,
  ): Promise<ProcessMutationOutcome> {
    return this.runTransition(manager, request, 'holdRun', input, 'hold', async (ctx, run) => {
      const reason = requireReason(input.reason);
      await ctx.store.updateRun(run.id, { status: 'HELD', hold_reason: reason }, ctx.now);
      await ctx.events.publish('RunHeld', run.id, { runId: run.id, reason });
    });
  }

  resumeRun(
    manager: EntityManager,
    request: ProcessRequest,
    input: RunRefInput,
  ): Promise<ProcessMutationOutcome> {
    return this.runTransition(manager, request, 'resumeRun', input, 'resume', async (ctx, run) => {
      await ctx.store.updateRun(run.id, { status: 'STARTED', hold_reason: null }, ctx.now);
      await ctx.events.publish('RunResumed', run.id, { runId: run.id });
    });
  }

  abortRun(
    manager: EntityManager,
    request: ProcessRequest,
    input: RunReasonInput,
  ): Promise<ProcessMutationOutcome> {
    return this.runTransition(manager, request, 'abortRun', input, 'abort', async (ctx, run) => {
      const reason = requireReason(input.reason);
      await ctx.store.updateRun(
        run.id,
        { status: 'ABORTED', abort_reason: reason, aborted_at: ctx.now },
        ctx.now,
      );
      await ctx.events.publish('RunAborted', run.id, { runId: run.id, reason });
    });
  }

  // ---------------------------------------------------------------- material

  takeInput(
    manager: EntityManager,
    request: ProcessRequest,
    input: TakeInputInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'takeInput', input, async (ctx) => {
      const run = await this.lockedRun(ctx, input.runId, 'takeInput');
      const lotId = requireText(input.lotId, 'lotId', 100);
      const lot = await ctx.store.lot(lotId);
      if (!lot) throw unknownLot(lotId);
      if (lot.custody !== 'HELD') throw notInCustody(lot);
      const massKg =
        input.mass === undefined
          ? toPlainString(parseDecimal(lot.remainingKg))
          : toPlainString(parseMassKg(input.mass, 'mass', { positive: true }));
      if (parseDecimal(massKg).isZero()) throw usedUp(lot);
      const taken = await ctx.store.takeFromLot(lot.id, massKg, ctx.now);
      if (!taken.taken) {
        // Refused by the conditional update: explain with the lot as it is now.
        const now = (await ctx.store.lot(lot.id)) ?? lot;
        if (now.custody !== 'HELD') throw notInCustody(now);
        if (parseDecimal(now.remainingKg).isZero()) throw usedUp(now);
        throw new ProcessRunError({
          code: 'MORE_THAN_REMAINS',
          field: 'mass',
          value: kgText(parseDecimal(massKg)),
          rule: `must be at most the ${kgText(parseDecimal(now.remainingKg))} that remain of lot ${now.code}`,
          retryable: false,
        });
      }
      const movementId = ulid();
      const kind = lot.kind === 'IN_PROCESS_INVENTORY' ? 'OPENING_INVENTORY' : 'INPUT';
      await ctx.store.insertMovement({
        id: movementId,
        runId: run.id,
        lotId: lot.id,
        kind,
        massKg,
        now: ctx.now,
        by: ctx.actor.subject,
      });
      await ctx.events.publish('LotQuantityTaken', lot.id, {
        lot: { lotId: lot.id, lotCode: lot.code },
        runId: run.id,
        movementId,
        kind: kind === 'INPUT' ? processV1.TakeKind.INPUT : processV1.TakeKind.OPENING_INVENTORY,
        mass: kgMass(massKg),
        remainingMass: kgMass(taken.remainingKg),
      });
      return { runId: run.id, lotIds: [lot.id], recordIds: [movementId] };
    });
  }

  returnInput(
    manager: EntityManager,
    request: ProcessRequest,
    input: ReturnInputInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'returnInput', input, async (ctx) => {
      const run = await this.lockedRun(ctx, input.runId, 'returnInput');
      const lot = await ctx.store.lot(requireText(input.lotId, 'lotId', 100), { lock: true });
      if (!lot) throw unknownLot(input.lotId);
      if (lot.custody !== 'HELD') throw notInCustody(lot);
      const mass = parseMassKg(input.mass, 'mass', { positive: true });
      const net = parseDecimal(await ctx.store.netTakenKg(run.id, lot.id));
      if (mass.greaterThan(net)) {
        throw new ProcessRunError({
          code: 'MORE_THAN_TAKEN',
          field: 'mass',
          value: kgText(mass),
          rule: `must be at most the ${kgText(net)} run ${run.id} has taken (net) from lot ${lot.code}`,
        });
      }
      const remaining = await ctx.store.giveBackToLot(lot.id, toPlainString(mass), ctx.now);
      const movementId = ulid();
      await ctx.store.insertMovement({
        id: movementId,
        runId: run.id,
        lotId: lot.id,
        kind: 'RETURN',
        massKg: toPlainString(mass),
        now: ctx.now,
        by: ctx.actor.subject,
      });
      await ctx.events.publish('LotQuantityReturned', lot.id, {
        lot: { lotId: lot.id, lotCode: lot.code },
        runId: run.id,
        movementId,
        mass: kgMass(toPlainString(mass)),
        remainingMass: kgMass(remaining),
      });
      return { runId: run.id, lotIds: [lot.id], recordIds: [movementId] };
    });
  }

  drawSample(
    manager: EntityManager,
    request: ProcessRequest,
    input: DrawSampleInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'drawSample', input, async (ctx) => {
      const run = await this.lockedRun(ctx, input.runId, 'drawSample');
      const sampleId = requireText(input.sampleId, 'sampleId', 100);
      const lot = await ctx.store.lot(requireText(input.lotId, 'lotId', 100));
      if (!lot) throw unknownLot(input.lotId);
      if (lot.custody !== 'HELD') throw notInCustody(lot);
      const massKg = toPlainString(parseMassKg(input.mass, 'mass', { positive: true }));
      const taken = await ctx.store.takeFromLot(lot.id, massKg, ctx.now);
      if (!taken.taken) {
        const now = (await ctx.store.lot(lot.id)) ?? lot;
        if (parseDecimal(now.remainingKg).isZero()) throw usedUp(now);
        throw new ProcessRunError({
          code: 'MORE_THAN_REMAINS',
          field: 'mass',
          value: kgText(parseDecimal(massKg)),
          rule: `must be at most the ${kgText(parseDecimal(now.remainingKg))} that remain of lot ${now.code}`,
        });
      }
      const movementId = ulid();
      await ctx.store.insertMovement({
        id: movementId,
        runId: run.id,
        lotId: lot.id,
        kind: 'SAMPLE',
        massKg,
        sampleId,
        now: ctx.now,
        by: ctx.actor.subject,
      });
      await ctx.events.publish('LotSampleDrawn', lot.id, {
        lot: { lotId: lot.id, lotCode: lot.code },
        runId: run.id,
        movementId,
        sampleId,
        mass: kgMass(massKg),
        remainingMass: kgMass(taken.remainingKg),
      });
      return { runId: run.id, lotIds: [lot.id], recordIds: [movementId] };
    });
  }

  declareOutput(
    manager: EntityManager,
    request: ProcessRequest,
    input: DeclareOutputInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'declareOutput', input, async (ctx) => {
      const run = await this.lockedRun(ctx, input.runId, 'declareOutput');
      const role = requireOneOf(input.role, OUTPUT_ROLES, 'role');
      const lotId = input.lotId === undefined ? ulid() : requireText(input.lotId, 'lotId', 100);
      const lotCode = requireText(input.lotCode, 'lotCode', 100);
      const massKg = toPlainString(parseMassKg(input.mass, 'mass', { positive: true }));
      const kind: ProcessLotKind = role === 'IN_PROCESS_INVENTORY' ? 'IN_PROCESS_INVENTORY' : 'MATERIAL';
      const { composition, status } = this.lotComposition(kind, input.composition, input.compositionStatus);
      if (await ctx.store.lot(lotId)) throw lotExists(lotId);
      const equipmentId =
        role === 'IN_PROCESS_INVENTORY' ? (input.equipmentId ?? run.equipmentId) : input.equipmentId;
      const inserted = await ctx.store.insertLot({
        id: lotId,
        code: lotCode,
        kind,
        custody: 'HELD',
        massKg,
        materialKind: input.materialKind,
        equipmentId,
        description: input.description,
        producedByRunId: run.id,
        outputRole: role,
        now: ctx.now,
      });
      if (!inserted) throw lotExists(lotId);
      const outputId = ulid();
      await ctx.store.insertOutput({
        id: outputId,
        runId: run.id,
        lotId,
        role,
        massKg,
        now: ctx.now,
        by: ctx.actor.subject,
      });
      const assayRecord = await this.storeAssay(
        ctx,
        lotId,
        input.assayId ?? 'declared',
        composition ?? {},
        status,
      );
      await ctx.events.publish('LotProduced', lotId, {
        lot: { lotId, lotCode },
        runId: run.id,
        role: outputRoleMessage(role),
        mass: kgMass(massKg),
        composition: compositionMessage(composition),
        compositionStatus: assayStatusMessage(status),
        kind: lotKindMessage(kind),
        equipmentId: equipmentId ?? '',
        workOrder: run.workOrder,
      });
      return { runId: run.id, lotIds: [lotId], recordIds: [outputId, assayRecord] };
    });
  }

  recordLosses(
    manager: EntityManager,
    request: ProcessRequest,
    input: RecordLossesInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'recordLosses', input, async (ctx) => {
      const run = await this.lockedRun(ctx, input.runId, 'recordLosses');
      const ids = await this.storeLosses(ctx, run.id, input.losses);
      return { runId: run.id, lotIds: [], recordIds: ids };
    });
  }

  // ---------------------------------------------------------------- completion

  completeRun(
    manager: EntityManager,
    request: ProcessRequest,
    input: CompleteRunInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'completeRun', input, async (ctx) => {
      const run = await this.lockedRun(ctx, input.runId, 'complete');
      const balance = await this.balanceOf(ctx.store, run.id);
      let override: ImbalanceOverrideView | undefined;
      if (!balance.closes) {
        if (input.override === undefined) throw notClosed(run.id, balance);
        override = {
          reason: requireReason(input.override.reason, 'override.reason'),
          overriddenBy: ctx.actor,
          overriddenAt: ctx.now.toISOString(),
        };
        if (this.options.balance?.overrideNeedsSecondPerson) {
          await ctx.store.updateRun(
            run.id,
            { status: 'AWAITING_OVERRIDE_APPROVAL', balance, override },
            ctx.now,
          );
          await ctx.events.publish('RunOverrideRequested', run.id, {
            runId: run.id,
            balance: balanceMessage(balance),
            reason: override.reason,
            overriddenBy: actorMessage(override.overriddenBy),
          });
          return { runId: run.id, lotIds: [], recordIds: [] };
        }
      }
      await this.finishCompletion(ctx, run, balance, override);
      return { runId: run.id, lotIds: [], recordIds: [] };
    });
  }

  approveOverride(
    manager: EntityManager,
    request: ProcessRequest,
    input: RunRefInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'approveOverride', input, async (ctx) => {
      const run = await this.lockedRun(ctx, input.runId, 'approveOverride');
      const pending = run.override;
      if (!pending || !run.balance) {
        throw new ProcessRunError({
          code: 'NOTHING_TO_APPROVE',
          field: 'runId',
          value: run.id,
          rule: 'must be a run whose override waits for approval',
        });
      }
      if (pending.overriddenBy.subject === ctx.actor.subject) {
        throw new ProcessRunError({
          code: 'SAME_PERSON_APPROVAL',
          field: 'runId',
          value: run.id,
          rule: `must be approved by a second person, not ${ctx.actor.subject} who overrode it`,
        });
      }
      const override = { ...pending, approvedBy: ctx.actor, approvedAt: ctx.now.toISOString() };
      await this.finishCompletion(ctx, run, run.balance, override);
      return { runId: run.id, lotIds: [], recordIds: [] };
    });
  }

  finalizeRun(
    manager: EntityManager,
    request: ProcessRequest,
    input: CompleteRunInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'finalizeRun', input, async (ctx) => {
      const run = await this.lockedRun(ctx, input.runId, 'finalize');
      if (run.completionBasis === 'FINAL')
        return { runId: run.id, lotIds: [], recordIds: [], alreadyDone: true };
      const balance = await this.balanceOf(ctx.store, run.id);
      if (balance.provisional) {
        throw new ProcessRunError({
          code: 'ASSAYS_NOT_FINAL',
          field: 'runId',
          value: run.id,
          rule: 'needs the final assay of every lot in the balance (record them with recordLotAssay status FINAL)',
          retryable: true,
        });
      }
      let override = run.override;
      if (!balance.closes) {
        if (input.override === undefined) throw notClosed(run.id, balance);
        override = {
          reason: requireReason(input.override.reason, 'override.reason'),
          overriddenBy: ctx.actor,
          overriddenAt: ctx.now.toISOString(),
        };
      }
      await ctx.store.updateRun(
        run.id,
        { completion_basis: 'FINAL', balance, finalized_at: ctx.now, override: override ?? null },
        ctx.now,
      );
      await ctx.events.publish('RunFinalized', run.id, { runId: run.id, balance: balanceMessage(balance) });
      await this.afterCompletion(ctx, run.id, balance);
      return { runId: run.id, lotIds: [], recordIds: [] };
    });
  }

  correctRun(
    manager: EntityManager,
    request: ProcessRequest,
    input: CorrectRunInput,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, 'correctRun', input, async (ctx) => {
      const run = await this.lockedRun(ctx, input.runId, 'correct');
      const reason = requireReason(input.reason);
      if ((input.outputs ?? []).length === 0 && input.losses === undefined) {
        throw new ProcessRunError({
          code: 'CORRECTION_NO_CHANGE',
          field: 'outputs',
          value: 'nothing',
          rule: 'a correction must change an output (mass or composition) or the losses',
        });
      }
      const balanceBefore = run.balance ?? (await this.balanceOf(ctx.store, run.id));
      const correctionId = ulid();
      const changes: { field: string; lotId?: string; old: unknown; new: unknown }[] = [];
      for (const [i, change] of (input.outputs ?? []).entries()) {
        const field = `outputs[${i}]`;
        if (!run.outputs.some((o) => o.lotId === change.lotId)) {
          throw new ProcessRunError({
            code: 'UNKNOWN_LOT',
            field: `${field}.lotId`,
            value: change.lotId,
            rule: `must be an output lot of run ${run.id}`,
          });
        }
        const lot = await ctx.store.lot(change.lotId, { lock: true });
        if (!lot) throw unknownLot(change.lotId, `${field}.lotId`);
        if (change.mass !== undefined) {
          const newMass = parseMassKg(change.mass, `${field}.mass`, { positive: true });
          const delta = newMass.minus(parseDecimal(lot.massKg));
          const remaining = parseDecimal(lot.remainingKg).plus(delta);
          if (remaining.isNegative()) {
            throw new ProcessRunError({
              code: 'MORE_THAN_REMAINS',
              field: `${field}.mass`,
              value: kgText(newMass),
              rule: `must leave the lot's remaining mass at least zero (${kgText(parseDecimal(lot.remainingKg))} remain of ${kgText(parseDecimal(lot.massKg))})`,
            });
          }
          if (!delta.isZero()) {
            await ctx.manager.query(
              `UPDATE ${ctx.store.table('process_lot')} SET mass_kg = $2, remaining_kg = $3, updated_at = $4 WHERE id = $1`,
              [lot.id, toPlainString(newMass), toPlainString(remaining), ctx.now],
            );
            changes.push({ field: 'mass', lotId: lot.id, old: lot.massKg, new: toPlainString(newMass) });
          }
        }
        if (change.composition !== undefined) {
          const composition = parseComposition(change.composition, `${field}.composition`);
          if (canonicalJson(composition) !== canonicalJson(lot.composition ?? {})) {
            await this.storeAssay(
              ctx,
              lot.id,
              `correction-${correctionId}`,
              composition,
              lot.compositionStatus ?? 'FINAL',
            );
            changes.push({
              field: 'composition',
              lotId: lot.id,
              old: lot.composition ?? null,
              new: composition,
            });
          }
        }
      }
      if (input.losses !== undefined) {
        const old = run.losses.filter((l) => l.supersededByCorrectionId === undefined);
        await this.storeLosses(ctx, run.id, input.losses, correctionId, { publish: false, allowEmpty: true });
        await ctx.store.supersedeLosses(run.id, correctionId);
        changes.push({
          field: 'losses',
          old: old.map((l) => ({ element: l.element, massKg: l.massKg, kind: l.kind })),
          new: input.losses.map((l) => ({ element: l.element, mass: l.mass, kind: l.kind })),
        });
      }
      if (changes.length === 0) {
        throw new ProcessRunError({
          code: 'CORRECTION_NO_CHANGE',
          field: 'outputs',
          value: 'the recorded figures',
          rule: 'a correction must change something',
        });
      }
      const balanceAfter = await this.balanceOf(ctx.store, run.id);
      if (!balanceAfter.closes && input.override === undefined) throw notClosed(run.id, balanceAfter);
      const override =
        !balanceAfter.closes && input.override !== undefined
          ? {
              reason: requireReason(input.override.reason, 'override.reason'),
              overriddenBy: ctx.actor,
              overriddenAt: ctx.now.toISOString(),
            }
          : run.override;
      await ctx.store.insertCorrection({
        id: correctionId,
        runId: run.id,
        reason,
        changes,
        balanceBefore,
        balanceAfter,
        now: ctx.now,
        by: ctx.actor.subject,
      });
      await ctx.store.updateRun(
        run.id,
        {
          balance: balanceAfter,
          override: override ?? null,
          completion_basis: balanceAfter.provisional ? 'PROVISIONAL' : 'FINAL',
        },
        ctx.now,
      );
      await ctx.events.publish('RunCorrected', run.id, {
        runId: run.id,
        correctionId,
        reason,
        changesJson: canonicalJson(changes),
        balanceBefore: balanceMessage(balanceBefore),
        balanceAfter: balanceMessage(balanceAfter),
      });
      await this.afterCompletion(ctx, run.id, balanceAfter);
      return { runId: run.id, lotIds: [], recordIds: [correctionId] };
    });
  }

  // ---------------------------------------------------------------- queries

  async getRun(manager: EntityManager, runId: string): Promise<RunView | undefined> {
    return new ProcessStore(manager).run(runId);
  }

  /** Whether the run exists (e.g. for the measurements' `runExists`). */
  async runExists(manager: EntityManager, runId: string): Promise<boolean> {
    return (await new ProcessStore(manager).runRow(runId)) !== undefined;
  }

  async getLot(manager: EntityManager, lotId: string): Promise<ProcessLotView | undefined> {
    return new ProcessStore(manager).lot(lotId);
  }

  /** The runs that took from a lot (as input or opening inventory, net of returns), first take first. */
  async runsThatTook(manager: EntityManager, lotId: string): Promise<LotTakeView[]> {
    return new ProcessStore(manager).takesOfLot(lotId);
  }

  /** The run's balance as it stands now (before completion: what completing would compute). */
  async runBalance(manager: EntityManager, runId: string): Promise<MassBalance> {
    const store = new ProcessStore(manager);
    if (!(await store.runRow(runId))) throw unknownRun(runId);
    return this.balanceOf(store, runId);
  }

  async listRuns(manager: EntityManager, filter: RunListFilter = {}): Promise<Page<RunView>> {
    const store = new ProcessStore(manager);
    const first = pageSize(filter.first);
    const after = filter.after === undefined ? undefined : decodeCursor(filter.after);
    const rows = await store.runRows({
      from: filter.from,
      to: filter.to,
      status: filter.status,
      kind: filter.kind,
      after: after && { plannedAt: after.at, id: after.id },
      limit: first + 1,
    });
    const page = rows.slice(0, first);
    const items: RunView[] = [];
    for (const row of page) {
      const run = await store.run(row.id);
      if (run) items.push(run);
    }
    const last = items[items.length - 1];
    return {
      items,
      hasNextPage: rows.length > first,
      endCursor: last === undefined ? undefined : encodeCursor(last.plannedAt, last.id),
    };
  }

  async listLots(manager: EntityManager, filter: LotListFilter = {}): Promise<Page<ProcessLotView>> {
    const store = new ProcessStore(manager);
    const first = pageSize(filter.first);
    const after = filter.after === undefined ? undefined : decodeCursor(filter.after);
    const rows = await store.lotRows({
      custody: filter.custody,
      kind: filter.kind,
      after: after && { createdAt: after.at, id: after.id },
      limit: first + 1,
    });
    const items = rows.slice(0, first);
    const last = items[items.length - 1];
    return {
      items,
      hasNextPage: rows.length > first,
      endCursor: last === undefined ? undefined : encodeCursor(last.createdAt, last.id),
    };
  }

  // ---------------------------------------------------------------- internals

  private async mutate(
    manager: EntityManager,
    request: ProcessRequest,
    operation: string,
    input: object,
    work: (ctx: CommandContext) => Promise<CommandResult>,
  ): Promise<ProcessMutationOutcome> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(
        `ProcessRuns.${operation}: call it with the manager of an open transaction (inTransaction)`,
      );
    }
    const now = this.clock();
    try {
      const outcome = await idempotentMutation(
        manager,
        {
          client: request.actor.subject,
          key: request.idempotencyKey,
          operation: `process.${operation}`,
          input: decimalsNormalized(input),
          ttlMs: this.ttlMs,
          now,
        },
        () =>
          work({
            manager,
            store: new ProcessStore(manager),
            events: new ProcessEventOutbox(
              manager,
              this.options.publisher,
              this.service,
              this.options.topics,
              {
                actor: request.actor,
                correlationId: request.correlationId,
                causationId: request.requestId,
              },
            ),
            now,
            actor: request.actor,
          }),
      );
      const { alreadyDone, replayed, ...result } = outcome;
      return {
        runId: result.runId,
        lotIds: result.lotIds,
        recordIds: result.recordIds,
        replayed: replayed || alreadyDone === true,
      };
    } catch (error: unknown) {
      throw fromQuantityError(error);
    }
  }

  private runTransition(
    manager: EntityManager,
    request: ProcessRequest,
    operation: string,
    input: RunRefInput,
    action: Parameters<typeof assertRunAllows>[1],
    apply: (ctx: CommandContext, run: RunView) => Promise<void>,
  ): Promise<ProcessMutationOutcome> {
    return this.mutate(manager, request, operation, input, async (ctx) => {
      const run = await this.lockedRun(ctx, input.runId, action);
      await apply(ctx, run);
      return { runId: run.id, lotIds: [], recordIds: [] };
    });
  }

  private async lockedRun(
    ctx: CommandContext,
    runId: string,
    action: Parameters<typeof assertRunAllows>[1],
  ): Promise<RunView> {
    const id = requireText(runId, 'runId', 100);
    const run = await ctx.store.run(id, { lock: true });
    if (!run) throw unknownRun(id);
    assertRunAllows(run, action);
    return run;
  }

  private async offeredLot(ctx: CommandContext, lotId: string): Promise<ProcessLotView> {
    const lot = await ctx.store.lot(requireText(lotId, 'lotId', 100), { lock: true });
    if (!lot) throw unknownLot(lotId);
    if (lot.custody !== 'OFFERED') {
      throw new ProcessRunError({
        code: 'NOT_IN_CUSTODY',
        field: 'lotId',
        value: lot.id,
        detail: `lot ${lot.code} is ${lot.custody}`,
        rule: 'must be a lot offered to this service and not yet answered',
      });
    }
    return lot;
  }

  private lotComposition(
    kind: ProcessLotKind,
    input: ReceiveLotInput['composition'],
    status: AssayStatus | undefined,
  ): { composition?: StoredComposition; status: AssayStatus } {
    const assayStatus = requireOneOf(
      status ?? 'PROVISIONAL',
      ['PROVISIONAL', 'FINAL'] as const,
      'compositionStatus',
    );
    if (input === undefined) return { status: assayStatus };
    if (kind === 'REAGENT') {
      throw new ProcessRunError({
        code: 'INVALID_INPUT',
        field: 'composition',
        value: `${input.contents.length} elements`,
        rule: 'must be omitted for a REAGENT: a reagent carries none of the tracked elements and stays out of the balance',
      });
    }
    return { composition: parseComposition(input, 'composition'), status: assayStatus };
  }

  private async storeAssay(
    ctx: CommandContext,
    lotId: string,
    assayId: string,
    composition: StoredComposition,
    status: AssayStatus,
  ): Promise<string> {
    const id = ulid();
    await ctx.store.insertAssay({
      id,
      lotId,
      assayId,
      composition,
      status,
      now: ctx.now,
      by: ctx.actor.subject,
    });
    await ctx.store.setComposition(lotId, composition, status, assayId, ctx.now);
    return id;
  }

  private parseParameters(kind: string, raw: unknown): unknown {
    const kinds = this.options.runKinds;
    if (kinds === undefined) return raw;
    const definition = kinds[kind];
    if (definition === undefined) {
      throw new ProcessRunError({
        code: 'UNKNOWN_RUN_KIND',
        field: 'kind',
        value: kind,
        rule: `must be one of ${Object.keys(kinds).join(', ')}`,
      });
    }
    if (definition.parseParameters === undefined) return raw;
    try {
      return definition.parseParameters(raw);
    } catch (error: unknown) {
      if (error instanceof ProcessRunError) throw error;
      const detail = error as { field?: unknown; value?: unknown; rule?: unknown; message?: unknown };
      throw new ProcessRunError({
        code: 'INVALID_PARAMETERS',
        field: typeof detail.field === 'string' ? `parameters.${detail.field}` : 'parameters',
        value: typeof detail.value === 'string' ? detail.value : JSON.stringify(raw ?? null).slice(0, 200),
        rule: typeof detail.rule === 'string' ? detail.rule : String(detail.message ?? error),
      });
    }
  }

  private async storeLosses(
    ctx: CommandContext,
    runId: string,
    losses: readonly LossInput[],
    correctionId?: string,
    options: { publish?: boolean; allowEmpty?: boolean } = {},
  ): Promise<string[]> {
    if (!Array.isArray(losses) || (losses.length === 0 && !options.allowEmpty)) {
      throw new ProcessRunError({
        code: 'INVALID_INPUT',
        field: 'losses',
        value: '[]',
        rule: 'must list at least one loss',
      });
    }
    const parsed = losses.map((loss, i) => {
      const field = `losses[${i}]`;
      let element: string;
      try {
        element = parseElementSymbol(loss.element, `${field}.element`);
      } catch (error: unknown) {
        throw fromQuantityError(error);
      }
      return {
        id: ulid(),
        element,
        massKg: toPlainString(parseMassKg(loss.mass, `${field}.mass`)),
        uncertaintyKg:
          loss.uncertainty === undefined
            ? undefined
            : toPlainString(parseMassKg(loss.uncertainty, `${field}.uncertainty`)),
        kind: requireOneOf(loss.kind, LOSS_KINDS, `${field}.kind`),
        note: loss.note,
      };
    });
    for (const loss of parsed) {
      await ctx.store.insertLoss({ ...loss, runId, correctionId, now: ctx.now, by: ctx.actor.subject });
    }
    if (options.publish !== false) {
      await ctx.events.publish('RunLossesRecorded', runId, {
        runId,
        losses: parsed.map((l) => ({
          lossId: l.id,
          element: l.element,
          mass: kgMass(l.massKg),
          uncertainty: l.uncertaintyKg === undefined ? undefined : kgMass(l.uncertaintyKg),
          kind: lossKindMessage(l.kind),
          note: l.note ?? '',
        })),
      });
    }
    return parsed.map((l) => l.id);
  }

  /** The balance terms of a run as recorded now, with each lot's current composition. */
  private async balanceOf(store: ProcessStore, runId: string): Promise<MassBalance> {
    const run = await store.run(runId);
    if (!run) throw unknownRun(runId);
    const lotIds = [...new Set([...run.inputs.map((i) => i.lotId), ...run.outputs.map((o) => o.lotId)])];
    const lots = new Map((await store.lotsByIds(lotIds)).map((lot) => [lot.id, lot]));
    const terms: LotBalanceTerm[] = [];
    for (const input of run.inputs) {
      const lot = lots.get(input.lotId);
      const mass = parseDecimal(input.netMassKg);
      if (!lot || mass.isZero()) continue;
      terms.push({
        side: input.kind === 'OPENING_INVENTORY' ? 'OPENING_INVENTORY' : 'INPUT',
        lotId: lot.id,
        massKg: mass,
        composition: lot.kind === 'REAGENT' ? undefined : (lot.composition ?? {}),
        provisional: lot.kind !== 'REAGENT' && lot.compositionStatus !== 'FINAL',
      });
    }
    for (const output of run.outputs) {
      const lot = lots.get(output.lotId);
      if (!lot) continue;
      terms.push({
        side: output.role === 'IN_PROCESS_INVENTORY' ? 'CLOSING_INVENTORY' : 'OUTPUT',
        lotId: lot.id,
        role: output.role,
        massKg: parseDecimal(lot.massKg),
        composition: lot.composition ?? {},
        provisional: lot.compositionStatus !== 'FINAL',
      });
    }
    const losses: LossBalanceTerm[] = run.losses
      .filter((l) => l.supersededByCorrectionId === undefined)
      .map((l) => ({
        element: l.element,
        massKg: parseDecimal(l.massKg),
        uncertaintyKg: l.uncertaintyKg === undefined ? undefined : parseDecimal(l.uncertaintyKg),
        kind: l.kind,
      }));
    return computeMassBalance(terms, losses, {
      coverageFactor: this.coverageFactor,
      trackedElements: this.options.balance?.trackedElements,
    });
  }

  private async finishCompletion(
    ctx: CommandContext,
    run: RunView,
    balance: MassBalance,
    override: ImbalanceOverrideView | undefined,
  ): Promise<void> {
    await ctx.store.updateRun(
      run.id,
      {
        status: 'COMPLETED',
        completion_basis: balance.provisional ? 'PROVISIONAL' : 'FINAL',
        balance,
        override: override ?? null,
        completed_at: ctx.now,
      },
      ctx.now,
    );
    const lots = new Map(
      (
        await ctx.store.lotsByIds([...run.inputs.map((i) => i.lotId), ...run.outputs.map((o) => o.lotId)])
      ).map((l) => [l.id, l]),
    );
    const overrideMessage =
      override === undefined
        ? undefined
        : {
            reason: override.reason,
            overriddenBy: actorMessage(override.overriddenBy),
            approvedBy: actorMessage(override.approvedBy),
          };
    if (overrideMessage !== undefined) {
      await ctx.events.publish('RunImbalanceOverridden', run.id, {
        runId: run.id,
        balance: balanceMessage(balance),
        override: overrideMessage,
      });
    }
    await ctx.events.publish('RunCompleted', run.id, {
      runId: run.id,
      basis: balance.provisional ? processV1.CompletionBasis.PROVISIONAL : processV1.CompletionBasis.FINAL,
      balance: balanceMessage(balance),
      inputs: run.inputs
        .filter((i) => !parseDecimal(i.netMassKg).isZero())
        .map((i) => ({
          lot: { lotId: i.lotId, lotCode: lots.get(i.lotId)?.code ?? '' },
          mass: kgMass(i.netMassKg),
          role: i.kind,
        })),
      outputs: run.outputs.map((o) => ({
        lot: { lotId: o.lotId, lotCode: lots.get(o.lotId)?.code ?? '' },
        mass: kgMass(lots.get(o.lotId)?.massKg ?? o.massKg),
        role: o.role,
      })),
      override: overrideMessage,
      workOrder: run.workOrder,
      equipmentId: run.equipmentId,
      kind: run.kind,
    });
    await this.afterCompletion(ctx, run.id, balance);
  }

  private async afterCompletion(ctx: CommandContext, runId: string, balance: MassBalance): Promise<void> {
    if (this.options.onCompleted === undefined) return;
    const run = await ctx.store.run(runId);
    if (run) await this.options.onCompleted(ctx.manager, run, balance, ctx.events);
  }
}

function lotExists(lotId: string): ProcessRunError {
  return new ProcessRunError({
    code: 'LOT_EXISTS',
    field: 'lotId',
    value: lotId,
    rule: 'must be a new lot id (an output is a new lot)',
  });
}

function usedUp(lot: ProcessLotView): ProcessRunError {
  return new ProcessRunError({
    code: 'LOT_USED_UP',
    field: 'lotId',
    value: lot.id,
    detail: `nothing remains of lot ${lot.code} (${kgText(parseDecimal(lot.massKg))} taken, returned and sampled)`,
    rule: 'must be a lot with mass remaining',
  });
}

function notClosed(runId: string, balance: MassBalance): ProcessRunError {
  const open = balance.elements.filter((e) => !e.closes);
  const text = open
    .map((e) => `${e.element} imbalance ${e.imbalanceKg} KGM, tolerance ${e.toleranceKg} KGM`)
    .join('; ');
  return new ProcessRunError({
    code: 'BALANCE_NOT_CLOSED',
    field: 'runId',
    value: runId,
    detail: `the mass balance of run ${runId} does not close: ${text}`,
    rule: `opening + inputs must equal outputs + closing inventory + losses within ${balance.coverageFactor} x the combined uncertainty per element; complete with an override (reason) to accept it`,
  });
}

/** The input as the idempotency key is bound to it: decimal `value`s and `uncertainty`s as numbers ("120.000" = "120"). */
function decimalsNormalized(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(decimalsNormalized);
  if (typeof input !== 'object' || input === null) return input;
  return Object.fromEntries(
    Object.entries(input).map(([key, member]) => [
      key,
      (key === 'value' || key === 'uncertainty') && typeof member === 'string' && DECIMAL_PATTERN.test(member)
        ? parseDecimal(member)
        : decimalsNormalized(member),
    ]),
  );
}

function pageSize(first: number | undefined): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    throw new ProcessRunError({
      code: 'INVALID_INPUT',
      field: 'first',
      value: String(first),
      rule: 'must be 1 to 100',
    });
  }
  return size;
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime())) {
    throw new ProcessRunError({
      code: 'INVALID_INPUT',
      field: 'after',
      value: cursor,
      rule: 'must be the endCursor of a previous page',
    });
  }
  return { at: date, id };
}
