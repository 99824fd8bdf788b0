import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last lot code number handed out in a year (L-<year>-<number>). */
@Entity({ name: 'lot_code_sequence' })
export class LotCodeSequenceEntity {
  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ name: 'last_number', type: 'integer' })
  lastNumber!: number;
}
