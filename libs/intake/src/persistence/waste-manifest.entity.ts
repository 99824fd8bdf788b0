import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'waste_manifest' })
export class WasteManifestEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ name: 'lot_id', type: 'char', length: 26 })
  lotId!: string;

  @Column({ type: 'varchar', length: 20 })
  number!: string;

  @Column({ name: 'issuer_id', type: 'text' })
  issuerId!: string;

  @Column({ name: 'waste_type', type: 'text' })
  wasteType!: string;

  @Column({ type: 'text' })
  form!: string;

  @Column({ name: 'specially_controlled', type: 'boolean' })
  speciallyControlled!: boolean;

  /** `YYYY-MM-DD` */
  @Column({ name: 'issued_on', type: 'date' })
  issuedOn!: string;
}
