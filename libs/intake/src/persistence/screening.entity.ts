import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'screening' })
export class ScreeningEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'lot_id', type: 'char', length: 26 })
  lotId!: string;

  @Column({ name: 'assay_id', type: 'char', length: 26, nullable: true })
  assayId!: string | null;

  @Column({ name: 'uranium_ppm', type: 'numeric' })
  uraniumPpm!: string;

  @Column({ name: 'thorium_ppm', type: 'numeric' })
  thoriumPpm!: string;

  @Column({ name: 'uranium_bq_per_g', type: 'numeric' })
  uraniumBqPerG!: string;

  @Column({ name: 'thorium_bq_per_g', type: 'numeric' })
  thoriumBqPerG!: string;

  @Column({ name: 'uranium_limit_ppm', type: 'numeric' })
  uraniumLimitPpm!: string;

  @Column({ name: 'thorium_limit_ppm', type: 'numeric' })
  thoriumLimitPpm!: string;

  @Column({ name: 'sum_of_ratios', type: 'numeric' })
  sumOfRatios!: string;

  @Column({ type: 'numeric' })
  threshold!: string;

  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'screened_at', type: 'timestamptz' })
  screenedAt!: Date;

  @Column({ name: 'screened_by_subject', type: 'text' })
  screenedBySubject!: string;

  @Column({ name: 'screened_by_organisation', type: 'text' })
  screenedByOrganisation!: string;
}
