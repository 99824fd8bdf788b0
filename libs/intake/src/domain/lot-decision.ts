import type { Actor } from './actor';

export const DecisionKind = {
  RELEASE: 'RELEASE',
  REJECT: 'REJECT',
} as const;
export type DecisionKind = (typeof DecisionKind)[keyof typeof DecisionKind];

/** What happens to a rejected lot (mirrors rre.intake.v1.RejectionDisposition). */
export const RejectionDisposition = {
  RETURN_TO_SUPPLIER: 'RETURN_TO_SUPPLIER',
  DISPOSAL: 'DISPOSAL',
  OTHER: 'OTHER',
} as const;
export type RejectionDisposition = (typeof RejectionDisposition)[keyof typeof RejectionDisposition];

export const DecisionState = {
  /** Four eyes: waits for a second, different person's approval. */
  PENDING_APPROVAL: 'PENDING_APPROVAL',
  /** Took effect (approved, or no approval required). */
  EFFECTIVE: 'EFFECTIVE',
  /** Withdrawn while it waited for approval (by its proposer or an admin): it never takes effect. */
  WITHDRAWN: 'WITHDRAWN',
} as const;
export type DecisionState = (typeof DecisionState)[keyof typeof DecisionState];

/** A person's decision to release or reject a lot, with the reason and, under four eyes, the approver. */
export interface LotDecision {
  readonly id: string;
  readonly lotId: string;
  readonly kind: DecisionKind;
  readonly reason: string;
  /** Only for REJECT. */
  readonly disposition: RejectionDisposition | undefined;
  readonly decidedBy: Actor;
  readonly decidedAt: Date;
  readonly state: DecisionState;
  readonly approvedBy: Actor | undefined;
  readonly approvedAt: Date | undefined;
  /** Set once a pending decision is withdrawn. */
  readonly withdrawal?: DecisionWithdrawal;
}

/** Who withdrew a pending decision, when and why. */
export interface DecisionWithdrawal {
  readonly reason: string;
  readonly withdrawnBy: Actor;
  readonly withdrawnAt: Date;
}
