import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A correction of one lot fact; old and new values as canonical JSON text. */
@Entity({ name: 'lot_correction' })
export class LotCorrectionEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'lot_id', type: 'char', length: 26 })
  lotId!: string;

  @Column({ type: 'text' })
  field!: string;

  @Column({ name: 'old_value', type: 'text' })
  oldValue!: string;

  @Column({ name: 'new_value', type: 'text' })
  newValue!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'corrected_by_subject', type: 'text' })
  correctedBySubject!: string;

  @Column({ name: 'corrected_by_organisation', type: 'text' })
  correctedByOrganisation!: string;

  @Column({ name: 'corrected_at', type: 'timestamptz' })
  correctedAt!: Date;
}
