import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An MES client's webhook: where to POST which notification kinds, signed with its secret. */
@Entity({ name: 'mes_webhook_subscription' })
export class MesWebhookSubscriptionEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ name: 'organisation_id', type: 'text' })
  organisationId!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', array: true })
  kinds!: string[];

  /** `whsec_...`: kept to sign every delivery; shown to the client once, at registration. */
  @Column({ type: 'text' })
  secret!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ name: 'removed_by', type: 'text', nullable: true })
  removedBy!: string | null;

  /** The registering client's key: a retried registration returns this subscription (and its secret) again. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;
}

/** A notification enqueued in the transaction of the change it announces. */
@Entity({ name: 'mes_notification' })
export class MesNotificationEntity {
  @PrimaryColumn({ type: 'char', length: 26 })
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'organisation_id', type: 'text', nullable: true })
  organisationId!: string | null;

  /** The exact JSON text POSTed (and signed) on every attempt. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One notification to one subscription; its id is the `webhook-id`, the same on every attempt. */
@Entity({ name: 'mes_notification_delivery' })
export class MesNotificationDeliveryEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  /** Order of enqueueing: deliveries of one subject to one subscription go out in this order. */
  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'notification_id', type: 'char', length: 26 })
  notificationId!: string;

  @Column({ name: 'subscription_id', type: 'char', length: 26 })
  subscriptionId!: string;

  @Column({ type: 'text' })
  subject!: string;

  /** pending, delivered, failed (attempts exhausted) or cancelled (subscription removed). */
  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'int' })
  attempts!: number;

  /** Attempts made before the last redelivery: a redelivered delivery gets a fresh set of attempts. */
  @Column({ name: 'attempts_before_redelivery', type: 'int' })
  attemptsBeforeRedelivery!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;
}

/** Every HTTP attempt of a delivery, with what came back. */
@Entity({ name: 'mes_notification_attempt' })
export class MesNotificationAttemptEntity {
  @PrimaryColumn({ name: 'delivery_id', type: 'text' })
  deliveryId!: string;

  @PrimaryColumn({ type: 'int' })
  attempt!: number;

  @Column({ name: 'attempted_at', type: 'timestamptz' })
  attemptedAt!: Date;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'text' })
  outcome!: string;
}

export const mesNotificationEntities = [
  MesWebhookSubscriptionEntity,
  MesNotificationEntity,
  MesNotificationDeliveryEntity,
  MesNotificationAttemptEntity,
];
