import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A series: one quantity kind (and instrument tag) of one run, in one unit for its whole life. */
@Entity({ name: 'process_measurement_series' })
export class ProcessMeasurementSeriesEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ name: 'run_id', type: 'text' })
  runId!: string;

  @Column({ name: 'quantity_kind', type: 'text' })
  quantityKind!: string;

  @Column({ type: 'text' })
  tag!: string;

  @Column({ name: 'unit_code', type: 'text' })
  unitCode!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** An accepted sample: at most one per series and instant (microseconds). */
@Entity({ name: 'process_measurement_sample' })
export class ProcessMeasurementSampleEntity {
  @PrimaryColumn({ name: 'series_id', type: 'char', length: 26 })
  seriesId!: string;

  /** Microseconds since the epoch; a bigint comes back as a string. */
  @PrimaryColumn({ name: 'measured_us', type: 'bigint' })
  measuredUs!: string;

  @Column({ name: 'measured_at', type: 'timestamptz' })
  measuredAt!: Date;

  @Column({ name: 'measured_at_as_sent', type: 'text' })
  measuredAtAsSent!: string;

  /** NUMERIC without a scale: the digits as sent, exactly. */
  @Column({ type: 'numeric' })
  value!: string;

  @Column({ type: 'text' })
  quality!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'batch_id', type: 'char', length: 26 })
  batchId!: string;
}

/** A sample refused because another value was already kept for its series and instant. */
@Entity({ name: 'process_measurement_rejected_revision' })
export class ProcessMeasurementRejectedRevisionEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ name: 'series_id', type: 'char', length: 26 })
  seriesId!: string;

  @Column({ name: 'measured_us', type: 'bigint' })
  measuredUs!: string;

  @Column({ name: 'measured_at_as_sent', type: 'text' })
  measuredAtAsSent!: string;

  @Column({ type: 'numeric' })
  value!: string;

  @Column({ type: 'text' })
  quality!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'batch_id', type: 'char', length: 26 })
  batchId!: string;
}

/** Every batch received, with what became of its samples, and its idempotency key if it had one. */
@Entity({ name: 'process_measurement_batch' })
export class ProcessMeasurementBatchEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ name: 'run_id', type: 'text' })
  runId!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'client_subject', type: 'text', nullable: true })
  clientSubject!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  @Column({ type: 'jsonb' })
  outcome!: unknown;
}

export const processMeasurementEntities = [
  ProcessMeasurementSeriesEntity,
  ProcessMeasurementSampleEntity,
  ProcessMeasurementRejectedRevisionEntity,
  ProcessMeasurementBatchEntity,
];
