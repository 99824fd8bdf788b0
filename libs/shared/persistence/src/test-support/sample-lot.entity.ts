import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Example entity used only by this library's tests. */
@Entity({ name: 'sample_lot' })
export class SampleLot {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  code!: string;

  /** Exact decimal, as a string. */
  @Column({ name: 'mass_kg', type: 'numeric', precision: 24, scale: 6 })
  massKg!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
