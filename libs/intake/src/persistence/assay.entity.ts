import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'assay' })
export class AssayEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  /** Order of recording (identity). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'lot_id', type: 'char', length: 26 })
  lotId!: string;

  @Column({ name: 'laboratory_id', type: 'text' })
  laboratoryId!: string;

  @Column({ type: 'text' })
  method!: string;

  @Column({ name: 'sample_id', type: 'text' })
  sampleId!: string;

  @Column({ name: 'analysed_at', type: 'timestamptz' })
  analysedAt!: Date;

  @Column({ name: 'moisture_basis', type: 'text' })
  moistureBasis!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'recorded_by_subject', type: 'text' })
  recordedBySubject!: string;

  @Column({ name: 'recorded_by_organisation', type: 'text' })
  recordedByOrganisation!: string;
}
