import type { AssayStatus, LossKind, OutputRole, ProcessLotKind } from '../domain/process-lot';
import type { CompositionInput, MassInput } from '../domain/process-quantities';

export interface ReceiveLotInput {
  readonly lotId: string;
  readonly lotCode: string;
  readonly kind: ProcessLotKind;
  readonly mass: MassInput;
  /** Required for MATERIAL and IN_PROCESS_INVENTORY to enter a balance; refused for a REAGENT. */
  readonly composition?: CompositionInput;
  readonly compositionStatus?: AssayStatus;
  readonly assayId?: string;
  /** OFFERED: waits for acceptLot / refuseLot; HELD: held at once. */
  readonly custody: 'OFFERED' | 'HELD';
  /** The sender and its hand-over id; omitted for a lot registered here (reagent, first charge). */
  readonly from?: { readonly service: string; readonly transferId?: string };
  readonly materialKind?: string;
  readonly sourceCategory?: string;
  readonly equipmentId?: string;
  readonly description?: string;
}

export interface AcceptLotInput {
  readonly lotId: string;
  /** Weighed on receipt; default: the offered mass. */
  readonly receivedMass?: MassInput;
}

export interface RefuseLotInput {
  readonly lotId: string;
  readonly reason: string;
}

export interface RecordLotAssayInput {
  readonly lotId: string;
  readonly assayId: string;
  readonly composition: CompositionInput;
  readonly status: AssayStatus;
}

export interface HandOverLotInput {
  readonly lotId: string;
  readonly toService: string;
}

export interface SettleHandOverInput {
  readonly transferId: string;
  readonly accepted: boolean;
  readonly reason?: string;
}

export interface PlanRunInput {
  /** The MES's own id: a second plan with it returns the run planned first. */
  readonly externalId?: string;
  readonly kind: string;
  readonly equipmentId: string;
  readonly workOrder: string;
  readonly parameters?: unknown;
}

export interface RunRefInput {
  readonly runId: string;
}

export interface RunReasonInput {
  readonly runId: string;
  readonly reason: string;
}

export interface TakeInputInput {
  readonly runId: string;
  readonly lotId: string;
  /** Default: all that remains of the lot. */
  readonly mass?: MassInput;
}

export interface ReturnInputInput {
  readonly runId: string;
  readonly lotId: string;
  readonly mass: MassInput;
}

export interface DrawSampleInput {
  readonly runId: string;
  readonly lotId: string;
  readonly sampleId: string;
  readonly mass: MassInput;
}

export interface DeclareOutputInput {
  readonly runId: string;
  /** Default: a new ULID. */
  readonly lotId?: string;
  readonly lotCode: string;
  readonly role: OutputRole;
  readonly mass: MassInput;
  readonly composition: CompositionInput;
  readonly compositionStatus?: AssayStatus;
  readonly assayId?: string;
  /** Closing inventory: the equipment holding it (default the run's). */
  readonly equipmentId?: string;
  readonly materialKind?: string;
  readonly description?: string;
}

export interface LossInput {
  readonly element: string;
  readonly mass: MassInput;
  /** Absolute standard uncertainty of the mass. */
  readonly uncertainty?: MassInput;
  readonly kind: LossKind;
  readonly note?: string;
}

export interface RecordLossesInput {
  readonly runId: string;
  readonly losses: readonly LossInput[];
}

export interface CompleteRunInput {
  readonly runId: string;
  /** Completes a run whose balance does not close; recorded and announced with the imbalance. */
  readonly override?: { readonly reason: string };
}

export interface OutputCorrectionInput {
  readonly lotId: string;
  readonly mass?: MassInput;
  readonly composition?: CompositionInput;
}

export interface CorrectRunInput {
  readonly runId: string;
  readonly reason: string;
  readonly outputs?: readonly OutputCorrectionInput[];
  /** Replaces the run's declared losses (the replaced ones stay on record). */
  readonly losses?: readonly LossInput[];
  /** Needed when the corrected balance does not close. */
  readonly override?: { readonly reason: string };
}

export interface CorrectLotMassInput {
  readonly lotId: string;
  /** The corrected mass of the lot as received. */
  readonly mass: MassInput;
  readonly reason: string;
  /** The sender's event that carried the correction (e.g. intake's lot.corrected event id). */
  readonly sourceEventId?: string;
}
