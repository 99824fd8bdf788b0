import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'lot_decision' })
export class LotDecisionEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'lot_id', type: 'char', length: 26 })
  lotId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text', nullable: true })
  disposition!: string | null;

  @Column({ name: 'decided_by_subject', type: 'text' })
  decidedBySubject!: string;

  @Column({ name: 'decided_by_organisation', type: 'text' })
  decidedByOrganisation!: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;

  @Column({ type: 'text' })
  state!: string;

  @Column({ name: 'approved_by_subject', type: 'text', nullable: true })
  approvedBySubject!: string | null;

  @Column({ name: 'approved_by_organisation', type: 'text', nullable: true })
  approvedByOrganisation!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason!: string | null;

  @Column({ name: 'withdrawn_by_subject', type: 'text', nullable: true })
  withdrawnBySubject!: string | null;

  @Column({ name: 'withdrawn_by_organisation', type: 'text', nullable: true })
  withdrawnByOrganisation!: string | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;
}
