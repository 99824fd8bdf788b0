import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import { MesNotificationError, MesNotificationErrorCode } from './mes-notification-error';
import { type MesNotificationKind, parseMesNotificationKind } from './mes-notification-kind';

export interface MesNotificationInput {
  readonly kind: MesNotificationKind | string;
  /** The lot or run the notification is about; one subject's deliveries go out in order. */
  readonly subject: string;
  /** JSON data (the webhook body's `data`). */
  readonly payload: Readonly<Record<string, unknown>>;
  /** When set, only this organisation's subscriptions receive it; otherwise every subscription of the kind. */
  readonly organisationId?: string;
}

export interface EnqueuedMesNotification {
  readonly notificationId: string;
  /** The webhook-id of each delivery, one per matching subscription. */
  readonly deliveryIds: readonly string[];
}

/**
 * Enqueues a notification through the caller's transaction manager, next to the change it
 * announces: a rollback takes it away, so nothing is ever sent about a change that did not happen.
 * The body (Standard Webhooks payload: `type`, `timestamp`, `subject`, `data`) is fixed here, so
 * every attempt sends, and signs, the same bytes.
 */
export async function enqueueMesNotification(
  manager: EntityManager,
  notification: MesNotificationInput,
  options: { now?: Date } = {},
): Promise<EnqueuedMesNotification> {
  const kind = parseMesNotificationKind(notification.kind, 'kind');
  if (
    typeof notification.subject !== 'string' ||
    notification.subject === '' ||
    notification.subject.length > 200
  ) {
    throw MesNotificationError.of(
      MesNotificationErrorCode.INVALID_INPUT,
      'subject',
      notification.subject,
      'must be a lot or run id (1 to 200 characters)',
    );
  }
  const now = options.now ?? new Date();
  let body: string;
  try {
    body = JSON.stringify({
      type: kind,
      timestamp: now.toISOString(),
      subject: notification.subject,
      data: notification.payload,
    });
  } catch (error) {
    throw MesNotificationError.of(
      MesNotificationErrorCode.INVALID_INPUT,
      'payload',
      String(error instanceof Error ? error.message : error),
      'must be JSON data (no bigint, no cycles): decimals travel as strings',
    );
  }
  const s = serviceSchema(manager);
  const notificationId = ulid(now.getTime());
  await manager.query(
    `INSERT INTO "${s}".mes_notification (id, kind, subject, organisation_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [notificationId, kind, notification.subject, notification.organisationId ?? null, body, now],
  );
  const subscriptions = (await manager.query(
    `SELECT id FROM "${s}".mes_webhook_subscription
      WHERE removed_at IS NULL AND $1 = ANY(kinds) AND ($2::text IS NULL OR organisation_id = $2::text)
      ORDER BY id`,
    [kind, notification.organisationId ?? null],
  )) as { id: string }[];
  const deliveryIds = subscriptions.map(() => `msg_${ulid(now.getTime())}`);
  if (subscriptions.length > 0) {
    await manager.query(
      `INSERT INTO "${s}".mes_notification_delivery (id, notification_id, subscription_id, subject, status, attempts)
       SELECT u.id, $1, u.subscription_id, $2, 'pending', 0
         FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS u(id, subscription_id, position)
        ORDER BY u.position`,
      [notificationId, notification.subject, deliveryIds, subscriptions.map((one) => one.id)],
    );
  }
  return { notificationId, deliveryIds };
}
