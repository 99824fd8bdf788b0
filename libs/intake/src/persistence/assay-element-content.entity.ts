import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One element's content in an assay, as the lab reported it (value and uncertainty in `unit`). */
@Entity({ name: 'assay_element_content' })
export class AssayElementContentEntity {
  @PrimaryColumn({ name: 'assay_id', type: 'char', length: 26 })
  assayId!: string;

  @PrimaryColumn({ type: 'varchar', length: 3 })
  element!: string;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'numeric' })
  value!: string;

  @Column({ type: 'text' })
  unit!: string;

  @Column({ type: 'numeric', nullable: true })
  uncertainty!: string | null;
}
