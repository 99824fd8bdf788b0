import type { Mass } from '@rre/quantities';
import type { Actor } from './actor';
import type { LotStatus } from './lot-status';
import type { ConcentrationRoute } from './material-kind';

export const TransferState = {
  /** Offered; intake still holds the lot but may no longer change it. */
  PENDING: 'PENDING',
  /** The receiver took the lot: it is the custodian now. */
  ACCEPTED: 'ACCEPTED',
  /** The receiver refused: the lot is back with intake, with the reason. */
  REFUSED: 'REFUSED',
} as const;
export type TransferState = (typeof TransferState)[keyof typeof TransferState];

/** A hand-over of a lot from intake to the concentration step. */
export interface CustodyTransfer {
  readonly id: string;
  readonly lotId: string;
  readonly route: ConcentrationRoute;
  /** The lot's net mass as booked by intake when it was offered. */
  readonly mass: Mass;
  readonly offeredBy: Actor;
  readonly offeredAt: Date;
  /** The lot's status before the offer; it returns to it on refusal. */
  readonly statusBefore: LotStatus;
  readonly state: TransferState;
  readonly answeredBy: Actor | undefined;
  readonly answeredAt: Date | undefined;
  readonly refusalReason: string | undefined;
  /** What the receiver confirmed weighing, when it differs from `mass`. */
  readonly receivedMass: Mass | undefined;
}
