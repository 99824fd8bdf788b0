import { inTransaction, serviceSchema } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { backoffMs, DEFAULT_WEBHOOK_RETRY_POLICY, type WebhookRetryPolicy } from './webhook-retry-policy';
import { signWebhook } from './webhook-signature';

export interface NotificationClock {
  now(): Date;
}

/** The HTTP POST of one attempt; the default uses fetch with an abort timeout. */
export type WebhookSender = (request: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}) => Promise<{ statusCode: number }>;

export interface MesNotificationDispatcherOptions {
  readonly dataSource: DataSource;
  readonly clock?: NotificationClock;
  readonly retry?: Partial<WebhookRetryPolicy>;
  /** Deliveries sent per round (default 20). */
  readonly batchSize?: number;
  /** Pause between rounds when nothing was due (default 1 s). */
  readonly pollIntervalMs?: number;
  readonly send?: WebhookSender;
  readonly onError?: (error: unknown) => void;
}

export interface AttemptResult {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly outcome: 'delivered' | 'retry' | 'failed';
  readonly statusCode?: number;
  readonly error?: string;
}

interface ClaimedDelivery {
  id: string;
  attempts: number;
  attempts_before_redelivery: number;
  url: string;
  secret: string;
  body: string;
}

const fetchSender: WebhookSender = async ({ url, headers, body, timeoutMs }) => {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  // Read the body so the connection is released; its content does not matter.
  await response.arrayBuffer().catch(() => undefined);
  return { statusCode: response.status };
};

// Duck-typed: fetch's errors (DOMException, TypeError with a cause) may come from another realm.
function describeFailure(error: unknown): string {
  const failure = error as { name?: unknown; message?: unknown; cause?: { message?: unknown } } | undefined;
  if (failure?.name === 'TimeoutError') return 'timed out';
  const message = typeof failure?.message === 'string' ? failure.message : String(error);
  const cause = typeof failure?.cause?.message === 'string' ? failure.cause.message : undefined;
  return cause && cause !== message ? `${message}: ${cause}` : message;
}

/**
 * Sends pending MES notifications: each delivery by HTTP POST with the Standard Webhooks headers
 * (`webhook-id` = the delivery id, the same on every attempt; `webhook-timestamp` in Unix seconds
 * of the attempt; `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`). A 2xx answer
 * delivers it; anything else, a network error or a timeout is retried with exponential back-off,
 * and after `maxAttempts` the delivery is failed. One subject's deliveries to one subscription go
 * out in enqueue order: a delivery waits while an earlier one of its subject is pending or failed.
 */
export class MesNotificationDispatcher {
  private readonly clock: NotificationClock;
  private readonly retry: WebhookRetryPolicy;
  private readonly send: WebhookSender;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(private readonly options: MesNotificationDispatcherOptions) {
    this.clock = options.clock ?? { now: () => new Date() };
    this.retry = { ...DEFAULT_WEBHOOK_RETRY_POLICY, ...options.retry };
    this.send = options.send ?? fetchSender;
  }

  /** One round: claims the deliveries due now (heads of their subject's line) and attempts each once. */
  async dispatchOnce(): Promise<AttemptResult[]> {
    const claimed = await this.claim();
    const results: AttemptResult[] = [];
    // Each claimed delivery is the head of its own (subscription, subject) line, so they may go in parallel.
    await Promise.all(
      claimed.map(async (delivery) => {
        try {
          results.push(await this.attempt(delivery));
        } catch (error) {
          // Settling failed (database down, or another dispatcher settled it after a lease expired):
          // the lease runs out and the delivery is attempted again; the receiver de-duplicates by webhook-id.
          this.options.onError?.(error);
        }
      }),
    );
    return results;
  }

  /** Polls until stopped: rounds back to back while there is work, else every pollIntervalMs. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async (): Promise<void> => {
      let sent = 0;
      try {
        sent = (await this.dispatchOnce()).length;
      } catch (error) {
        this.options.onError?.(error);
      }
      if (this.stopped) return;
      this.timer = setTimeout(
        () => {
          this.running = loop();
        },
        sent > 0 ? 0 : (this.options.pollIntervalMs ?? 1000),
      );
    };
    this.running = loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.retry.timeoutMs * 2 + 5_000);
    return inTransaction(this.options.dataSource, async (manager) => {
      const s = serviceSchema(manager);
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE ... RETURNING with [rows, count].
      return (await manager.query(
        `WITH claimed AS (
         UPDATE "${s}".mes_notification_delivery d
            SET lease_until = $2
           FROM "${s}".mes_webhook_subscription sub, "${s}".mes_notification n
          WHERE d.id IN (
                  SELECT c.id FROM "${s}".mes_notification_delivery c
                   WHERE c.status = 'pending'
                     AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= $1)
                     AND (c.lease_until IS NULL OR c.lease_until <= $1)
                     AND NOT EXISTS (
                       SELECT 1 FROM "${s}".mes_notification_delivery e
                        WHERE e.subscription_id = c.subscription_id AND e.subject = c.subject
                          AND e.seq < c.seq AND e.status IN ('pending', 'failed'))
                   ORDER BY c.seq
                   LIMIT $3
                   FOR UPDATE SKIP LOCKED)
            AND sub.id = d.subscription_id AND n.id = d.notification_id
        RETURNING d.id, d.seq, d.attempts, d.attempts_before_redelivery, sub.url, sub.secret, n.body)
         SELECT id, attempts, attempts_before_redelivery, url, secret, body FROM claimed ORDER BY seq`,
        [now, leaseUntil, this.options.batchSize ?? 20],
      )) as ClaimedDelivery[];
    });
  }

  private async attempt(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const attemptedAt = this.clock.now();
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'rre-platform-webhooks/1',
      'webhook-id': delivery.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(delivery.secret, delivery.id, timestamp, delivery.body),
    };
    let statusCode: number | undefined;
    let error: string | undefined;
    try {
      ({ statusCode } = await this.send({
        url: delivery.url,
        headers,
        body: delivery.body,
        timeoutMs: this.retry.timeoutMs,
      }));
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (failure) {
      error = describeFailure(failure);
    }
    const attempt = delivery.attempts + 1;
    const attemptInRound = attempt - delivery.attempts_before_redelivery;
    const outcome: AttemptResult['outcome'] =
      error === undefined ? 'delivered' : attemptInRound >= this.retry.maxAttempts ? 'failed' : 'retry';
    const settledAt = this.clock.now();
    await inTransaction(this.options.dataSource, async (manager) => {
      const s = serviceSchema(manager);
      await manager.query(
        `INSERT INTO "${s}".mes_notification_attempt (delivery_id, attempt, attempted_at, status_code, error, outcome)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [delivery.id, attempt, attemptedAt, statusCode ?? null, error ?? null, outcome],
      );
      await manager.query(
        `UPDATE "${s}".mes_notification_delivery
            SET attempts = $2, lease_until = NULL, last_error = $3,
                status = CASE $4 WHEN 'delivered' THEN 'delivered' WHEN 'failed' THEN 'failed' ELSE 'pending' END,
                delivered_at = CASE WHEN $4 = 'delivered' THEN $5::timestamptz END,
                failed_at = CASE WHEN $4 = 'failed' THEN $5::timestamptz END,
                next_attempt_at = CASE WHEN $4 = 'retry' THEN $6::timestamptz END
          WHERE id = $1 AND status = 'pending'`,
        [
          delivery.id,
          attempt,
          error ?? null,
          outcome,
          settledAt,
          new Date(settledAt.getTime() + backoffMs(this.retry, attemptInRound)),
        ],
      );
    });
    return { deliveryId: delivery.id, attempt, outcome, statusCode, error };
  }
}
