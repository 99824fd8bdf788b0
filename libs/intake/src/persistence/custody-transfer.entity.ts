import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'custody_transfer' })
export class CustodyTransferEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'lot_id', type: 'char', length: 26 })
  lotId!: string;

  @Column({ type: 'text' })
  route!: string;

  @Column({ name: 'mass_kg', type: 'numeric', precision: 24, scale: 6 })
  massKg!: string;

  @Column({ name: 'offered_by_subject', type: 'text' })
  offeredBySubject!: string;

  @Column({ name: 'offered_by_organisation', type: 'text' })
  offeredByOrganisation!: string;

  @Column({ name: 'offered_at', type: 'timestamptz' })
  offeredAt!: Date;

  @Column({ name: 'status_before', type: 'text' })
  statusBefore!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ name: 'answered_by_subject', type: 'text', nullable: true })
  answeredBySubject!: string | null;

  @Column({ name: 'answered_by_organisation', type: 'text', nullable: true })
  answeredByOrganisation!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'refusal_reason', type: 'text', nullable: true })
  refusalReason!: string | null;

  @Column({ name: 'received_mass_kg', type: 'numeric', precision: 24, scale: 6, nullable: true })
  receivedMassKg!: string | null;
}
