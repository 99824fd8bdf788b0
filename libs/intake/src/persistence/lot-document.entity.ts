import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'lot_document' })
export class LotDocumentEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'lot_id', type: 'char', length: 26 })
  lotId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  /** bigint comes back as text. */
  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes!: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'uploaded_by_subject', type: 'text' })
  uploadedBySubject!: string;

  @Column({ name: 'uploaded_by_organisation', type: 'text' })
  uploadedByOrganisation!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;
}
