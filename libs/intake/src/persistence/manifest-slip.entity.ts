import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A return slip (B2, D, E) of a manifest: when it is due and when it came back. */
@Entity({ name: 'manifest_slip' })
export class ManifestSlipEntity {
  @PrimaryColumn({ name: 'manifest_id', type: 'char', length: 26 })
  manifestId!: string;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  slip!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'returned_on', type: 'date', nullable: true })
  returnedOn!: string | null;

  @Column({ name: 'recorded_by_subject', type: 'text', nullable: true })
  recordedBySubject!: string | null;

  @Column({ name: 'recorded_by_organisation', type: 'text', nullable: true })
  recordedByOrganisation!: string | null;
}
