import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A report the plant sent when a manifest stage ended. */
@Entity({ name: 'manifest_report' })
export class ManifestReportEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'manifest_id', type: 'char', length: 26 })
  manifestId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'completed_on', type: 'date' })
  completedOn!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'sent_on', type: 'date' })
  sentOn!: string;

  @Column({ name: 'recorded_by_subject', type: 'text' })
  recordedBySubject!: string;

  @Column({ name: 'recorded_by_organisation', type: 'text' })
  recordedByOrganisation!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
