import type { StoredComposition } from './process-quantities';

export const LOT_KINDS = ['MATERIAL', 'IN_PROCESS_INVENTORY', 'REAGENT'] as const;
/** MATERIAL carries tracked elements; IN_PROCESS_INVENTORY stays in the equipment between runs; REAGENT stays out of the balance. */
export type ProcessLotKind = (typeof LOT_KINDS)[number];

/**
 * Custody of a lot in this service: OFFERED (waiting for accept/refuse), HELD (this service is the
 * custodian), REFUSED (returned to the sender), OFFERED_OUT (handed over, waiting for the receiver),
 * HANDED_OVER (the receiver accepted: gone).
 */
export type LotCustody = 'OFFERED' | 'HELD' | 'REFUSED' | 'OFFERED_OUT' | 'HANDED_OVER';

export type AssayStatus = 'PROVISIONAL' | 'FINAL';

export const OUTPUT_ROLES = ['PRODUCT', 'BY_PRODUCT', 'RESIDUE', 'IN_PROCESS_INVENTORY'] as const;
export type OutputRole = (typeof OUTPUT_ROLES)[number];

export const LOSS_KINDS = ['OFF_GAS', 'SPILL', 'SAMPLE', 'OTHER'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

/** A lot as this service holds it (masses in kg as exact decimal strings). */
export interface ProcessLotView {
  readonly id: string;
  readonly code: string;
  readonly kind: ProcessLotKind;
  readonly custody: LotCustody;
  /** Mass when it entered (or was produced), kg. */
  readonly massKg: string;
  /** What is left after takes, returns, samples, kg. */
  readonly remainingKg: string;
  readonly composition?: StoredComposition;
  readonly compositionStatus?: AssayStatus;
  readonly currentAssayId?: string;
  readonly materialKind?: string;
  readonly sourceCategory?: string;
  readonly equipmentId?: string;
  readonly description?: string;
  readonly receivedFromService?: string;
  readonly receivedTransferId?: string;
  readonly producedByRunId?: string;
  readonly outputRole?: OutputRole;
  readonly refusalReason?: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
