import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import { MesNotificationError, MesNotificationErrorCode } from './mes-notification-error';
import { type MesNotificationKind, parseMesNotificationKind } from './mes-notification-kind';
import { generateWebhookSecret } from './webhook-signature';
import { parseWebhookUrl } from './webhook-url';

/** Who manages subscriptions: operators their own organisation's, admins any organisation's. */
export interface SubscriptionManager {
  readonly subject: string;
  readonly organisationId: string;
  readonly isAdmin: boolean;
}

export interface RegisterWebhookInput {
  readonly url: string;
  readonly kinds: readonly string[];
  /** Default: the caller's organisation. */
  readonly organisationId?: string;
  /** A retry with the same key (same caller, same input) returns the first registration, secret included. */
  readonly idempotencyKey?: string;
}

export interface MesWebhookSubscription {
  readonly id: string;
  readonly organisationId: string;
  readonly url: string;
  readonly kinds: readonly MesNotificationKind[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly removedAt?: string;
}

export interface MesWebhookRegistration {
  readonly subscription: MesWebhookSubscription;
  /** `whsec_...`: shown this once; the receiver verifies signatures with it. */
  readonly secret: string;
}

export interface FailedMesDelivery {
  readonly deliveryId: string;
  readonly subscriptionId: string;
  readonly organisationId: string;
  readonly url: string;
  readonly kind: MesNotificationKind;
  readonly subject: string;
  readonly attempts: number;
  readonly lastError?: string;
  readonly failedAt: string;
  readonly body: string;
}

export interface FailedDeliveryPage {
  readonly deliveries: readonly FailedMesDelivery[];
  readonly endCursor?: string;
  readonly hasNextPage: boolean;
}

interface SubscriptionRow {
  id: string;
  organisation_id: string;
  url: string;
  kinds: MesNotificationKind[];
  created_at: Date;
  created_by: string;
  removed_at: Date | null;
}

function toSubscription(row: SubscriptionRow): MesWebhookSubscription {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    url: row.url,
    kinds: row.kinds,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    removedAt: row.removed_at ? new Date(row.removed_at).toISOString() : undefined,
  };
}

function assertMayManage(caller: SubscriptionManager, organisationId: string, field: string): void {
  if (!caller.isAdmin && caller.organisationId !== organisationId) {
    throw MesNotificationError.of(
      MesNotificationErrorCode.FORBIDDEN_ORGANISATION,
      field,
      organisationId,
      `must be your organisation (${caller.organisationId}): operators manage their own organisation's webhooks, admins any`,
    );
  }
}

/** Registration, listing and removal of MES webhook subscriptions, and the failed deliveries. */
export class MesWebhookSubscriptions {
  constructor(private readonly clock: { now(): Date } = { now: () => new Date() }) {}

  async register(
    manager: EntityManager,
    input: RegisterWebhookInput,
    caller: SubscriptionManager,
  ): Promise<MesWebhookRegistration> {
    const url = parseWebhookUrl(input.url, 'url');
    if (!Array.isArray(input.kinds) || input.kinds.length === 0) {
      throw MesNotificationError.of(
        MesNotificationErrorCode.INVALID_INPUT,
        'kinds',
        input.kinds,
        'must name at least one notification kind',
      );
    }
    const kinds = [
      ...new Set(input.kinds.map((kind, index) => parseMesNotificationKind(kind, `kinds[${index}]`))),
    ];
    const organisationId = input.organisationId ?? caller.organisationId;
    assertMayManage(caller, organisationId, 'organisationId');
    const s = serviceSchema(manager);
    if (input.idempotencyKey !== undefined) {
      const [earlier] = (await manager.query(
        `SELECT id, organisation_id, url, kinds, created_at, created_by, removed_at, secret FROM "${s}".mes_webhook_subscription
          WHERE created_by = $1 AND idempotency_key = $2`,
        [caller.subject, input.idempotencyKey],
      )) as (SubscriptionRow & { secret: string })[];
      if (earlier) {
        const same =
          earlier.url === url &&
          earlier.organisation_id === organisationId &&
          [...earlier.kinds].sort().join(',') === [...kinds].sort().join(',');
        if (!same) {
          throw MesNotificationError.of(
            MesNotificationErrorCode.IDEMPOTENCY_KEY_REUSED,
            'idempotencyKey',
            input.idempotencyKey,
            'was already used for another registration: send a new key',
          );
        }
        return { subscription: toSubscription(earlier), secret: earlier.secret };
      }
    }
    const now = this.clock.now();
    const secret = generateWebhookSecret();
    const [row] = (await manager.query(
      `INSERT INTO "${s}".mes_webhook_subscription (id, organisation_id, url, kinds, secret, created_at, created_by, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING id, organisation_id, url, kinds, created_at, created_by, removed_at`,
      [
        ulid(now.getTime()),
        organisationId,
        url,
        kinds,
        secret,
        now,
        caller.subject,
        input.idempotencyKey ?? null,
      ],
    )) as SubscriptionRow[];
    if (!row) throw new Error('the subscription insert returned no row');
    return { subscription: toSubscription(row), secret };
  }

  /** Active subscriptions: the caller's organisation's, or for an admin the given organisation's (all without one). */
  async list(
    manager: EntityManager,
    caller: SubscriptionManager,
    organisationId?: string,
  ): Promise<MesWebhookSubscription[]> {
    const scope = caller.isAdmin ? organisationId : (organisationId ?? caller.organisationId);
    if (scope !== undefined) assertMayManage(caller, scope, 'organisationId');
    const s = serviceSchema(manager);
    const rows = (await manager.query(
      `SELECT id, organisation_id, url, kinds, created_at, created_by, removed_at FROM "${s}".mes_webhook_subscription
        WHERE removed_at IS NULL AND ($1::text IS NULL OR organisation_id = $1::text) ORDER BY id`,
      [scope ?? null],
    )) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  /** Removes a subscription; its pending deliveries are cancelled. Removing a removed one returns it unchanged. */
  async remove(
    manager: EntityManager,
    id: string,
    caller: SubscriptionManager,
  ): Promise<MesWebhookSubscription> {
    const s = serviceSchema(manager);
    const [found] = (await manager.query(
      `SELECT id, organisation_id, url, kinds, created_at, created_by, removed_at FROM "${s}".mes_webhook_subscription WHERE id = $1 FOR UPDATE`,
      [id],
    )) as SubscriptionRow[];
    if (!found) {
      throw MesNotificationError.of(
        MesNotificationErrorCode.UNKNOWN_SUBSCRIPTION,
        'id',
        id,
        'must be the id of a webhook subscription',
      );
    }
    assertMayManage(caller, found.organisation_id, 'id');
    if (found.removed_at) return toSubscription(found);
    const now = this.clock.now();
    const [row] = (await manager.query(
      `WITH removed AS (
         UPDATE "${s}".mes_webhook_subscription SET removed_at = $2, removed_by = $3 WHERE id = $1
         RETURNING id, organisation_id, url, kinds, created_at, created_by, removed_at)
       SELECT * FROM removed`,
      [id, now, caller.subject],
    )) as SubscriptionRow[];
    await manager.query(
      `UPDATE "${s}".mes_notification_delivery SET status = 'cancelled', lease_until = NULL WHERE subscription_id = $1 AND status = 'pending'`,
      [id],
    );
    if (!row) throw new Error(`subscription ${id} vanished while being removed`);
    return toSubscription(row);
  }

  /** Deliveries that used up their attempts, newest first; operators see their organisation's. */
  async failedDeliveries(
    manager: EntityManager,
    caller: SubscriptionManager,
    page: { first?: number; after?: string } = {},
  ): Promise<FailedDeliveryPage> {
    const first = page.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > 500) {
      throw MesNotificationError.of(
        MesNotificationErrorCode.INVALID_INPUT,
        'first',
        first,
        'must be a whole number from 1 to 500',
      );
    }
    const afterSeq = page.after === undefined ? null : Buffer.from(page.after, 'base64url').toString('utf8');
    if (afterSeq !== null && !/^\d{1,19}$/.test(afterSeq)) {
      throw MesNotificationError.of(
        MesNotificationErrorCode.INVALID_INPUT,
        'after',
        page.after,
        'must be the endCursor of a previous page',
      );
    }
    const s = serviceSchema(manager);
    const rows = (await manager.query(
      `SELECT d.id, d.seq::text AS seq, d.subscription_id, sub.organisation_id, sub.url, n.kind, d.subject, d.attempts,
              d.last_error, d.failed_at, n.body
         FROM "${s}".mes_notification_delivery d
         JOIN "${s}".mes_webhook_subscription sub ON sub.id = d.subscription_id
         JOIN "${s}".mes_notification n ON n.id = d.notification_id
        WHERE d.status = 'failed'
          AND ($1::text IS NULL OR sub.organisation_id = $1::text)
          AND ($2::bigint IS NULL OR d.seq < $2::bigint)
        ORDER BY d.seq DESC
        LIMIT $3`,
      [caller.isAdmin ? null : caller.organisationId, afterSeq, first + 1],
    )) as {
      id: string;
      seq: string;
      subscription_id: string;
      organisation_id: string;
      url: string;
      kind: MesNotificationKind;
      subject: string;
      attempts: number;
      last_error: string | null;
      failed_at: Date;
      body: string;
    }[];
    const shown = rows.slice(0, first);
    const last = shown.at(-1);
    return {
      deliveries: shown.map((row) => ({
        deliveryId: row.id,
        subscriptionId: row.subscription_id,
        organisationId: row.organisation_id,
        url: row.url,
        kind: row.kind,
        subject: row.subject,
        attempts: row.attempts,
        lastError: row.last_error ?? undefined,
        failedAt: new Date(row.failed_at).toISOString(),
        body: row.body,
      })),
      endCursor: last ? Buffer.from(last.seq, 'utf8').toString('base64url') : undefined,
      hasNextPage: rows.length > first,
    };
  }

  /** Puts a failed delivery back in line with a fresh set of attempts (same webhook-id), e.g. after the receiver is fixed. */
  async redeliver(manager: EntityManager, deliveryId: string, caller: SubscriptionManager): Promise<void> {
    const s = serviceSchema(manager);
    const [found] = (await manager.query(
      `SELECT d.status, sub.organisation_id, sub.removed_at FROM "${s}".mes_notification_delivery d
         JOIN "${s}".mes_webhook_subscription sub ON sub.id = d.subscription_id WHERE d.id = $1 FOR UPDATE OF d`,
      [deliveryId],
    )) as { status: string; organisation_id: string; removed_at: Date | null }[];
    if (!found || found.removed_at) {
      throw MesNotificationError.of(
        MesNotificationErrorCode.UNKNOWN_DELIVERY,
        'deliveryId',
        deliveryId,
        'must be a failed delivery of an active subscription',
      );
    }
    assertMayManage(caller, found.organisation_id, 'deliveryId');
    if (found.status !== 'failed') {
      throw MesNotificationError.of(
        MesNotificationErrorCode.INVALID_INPUT,
        'deliveryId',
        deliveryId,
        `must be a failed delivery (it is ${found.status})`,
      );
    }
    await manager.query(
      `UPDATE "${s}".mes_notification_delivery SET status = 'pending', next_attempt_at = NULL, failed_at = NULL, attempts_before_redelivery = attempts WHERE id = $1`,
      [deliveryId],
    );
  }
}
