import type { MassBalance } from './mass-balance';
import type { LossKind, OutputRole } from './process-lot';
import { ProcessRunError } from './process-run-error';

export type RunStatus =
  'PLANNED' | 'STARTED' | 'HELD' | 'AWAITING_OVERRIDE_APPROVAL' | 'COMPLETED' | 'ABORTED';
export type CompletionBasis = 'PROVISIONAL' | 'FINAL';
export type MovementKind = 'INPUT' | 'OPENING_INVENTORY' | 'RETURN' | 'SAMPLE';

export interface ActorRef {
  readonly subject: string;
  readonly organisationId: string;
}

export interface ImbalanceOverrideView {
  readonly reason: string;
  readonly overriddenBy: ActorRef;
  readonly overriddenAt: string;
  readonly approvedBy?: ActorRef;
  readonly approvedAt?: string;
}

export interface MovementView {
  readonly id: string;
  readonly lotId: string;
  readonly kind: MovementKind;
  readonly massKg: string;
  readonly sampleId?: string;
  readonly recordedAt: Date;
  readonly recordedBy: string;
}

export interface OutputView {
  readonly id: string;
  readonly lotId: string;
  readonly role: OutputRole;
  /** As declared (a correction changes the lot, the declaration stays). */
  readonly massKg: string;
  readonly recordedAt: Date;
}

export interface LossView {
  readonly id: string;
  readonly element: string;
  readonly massKg: string;
  readonly uncertaintyKg?: string;
  readonly kind: LossKind;
  readonly note?: string;
  /** Set when a correction replaced this loss (it stays on record). */
  readonly supersededByCorrectionId?: string;
  readonly correctionId?: string;
  readonly recordedAt: Date;
}

export interface CorrectionView {
  readonly id: string;
  readonly reason: string;
  readonly changes: unknown;
  readonly balanceBefore: MassBalance;
  readonly balanceAfter: MassBalance;
  readonly recordedAt: Date;
  readonly recordedBy: string;
}

/** Net quantity of a lot in a run: taken minus returned. */
export interface RunInputView {
  readonly lotId: string;
  readonly kind: 'INPUT' | 'OPENING_INVENTORY';
  readonly netMassKg: string;
}

/** A run that took from a lot, as the lot sees it: what the run took net of what it gave back. */
export interface LotTakeView {
  readonly runId: string;
  readonly runKind: string;
  readonly runStatus: RunStatus;
  /** Taken (as input or opening inventory) minus returned, kg. */
  readonly netTakenKg: string;
  readonly firstTakenAt: Date;
}

export interface RunView {
  readonly id: string;
  readonly externalId?: string;
  readonly kind: string;
  readonly parameters?: unknown;
  readonly equipmentId: string;
  readonly workOrder: string;
  readonly status: RunStatus;
  readonly completionBasis?: CompletionBasis;
  readonly holdReason?: string;
  readonly abortReason?: string;
  readonly balance?: MassBalance;
  readonly override?: ImbalanceOverrideView;
  readonly plannedAt: Date;
  readonly startedAt?: Date;
  readonly completedAt?: Date;
  readonly finalizedAt?: Date;
  readonly abortedAt?: Date;
  readonly plannedBy: string;
  readonly inputs: readonly RunInputView[];
  readonly movements: readonly MovementView[];
  readonly outputs: readonly OutputView[];
  readonly losses: readonly LossView[];
  readonly corrections: readonly CorrectionView[];
}

/** Which statuses an action may start from (planned → started → held ⇄ started → completed; aborted). */
const ALLOWED: Record<string, readonly RunStatus[]> = {
  start: ['PLANNED'],
  hold: ['STARTED'],
  resume: ['HELD'],
  takeInput: ['STARTED'],
  returnInput: ['STARTED', 'HELD', 'ABORTED'],
  drawSample: ['STARTED', 'HELD'],
  declareOutput: ['STARTED', 'HELD'],
  recordLosses: ['STARTED', 'HELD'],
  complete: ['STARTED'],
  approveOverride: ['AWAITING_OVERRIDE_APPROVAL'],
  abort: ['PLANNED', 'STARTED', 'HELD', 'AWAITING_OVERRIDE_APPROVAL'],
  finalize: ['COMPLETED'],
  correct: ['COMPLETED'],
};

export type RunAction = keyof typeof ALLOWED;

export function assertRunAllows(run: { id: string; status: RunStatus }, action: RunAction): void {
  const allowed = ALLOWED[action] ?? [];
  if (!allowed.includes(run.status)) {
    throw new ProcessRunError({
      code: 'INVALID_RUN_STATUS',
      field: 'runId',
      value: run.id,
      detail: `run ${run.id} is ${run.status}`,
      rule: `${action} needs a run that is ${allowed.join(' or ')}`,
    });
  }
}

export function requireReason(reason: string | undefined, field = 'reason'): string {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length === 0) {
    throw new ProcessRunError({
      code: 'REASON_REQUIRED',
      field,
      value: JSON.stringify(reason ?? ''),
      rule: 'must state a reason (at least one non-blank character)',
    });
  }
  if (trimmed.length > 2000) {
    throw new ProcessRunError({
      code: 'INVALID_INPUT',
      field,
      value: `${trimmed.length} characters`,
      rule: 'must be at most 2000 characters',
    });
  }
  return trimmed;
}
