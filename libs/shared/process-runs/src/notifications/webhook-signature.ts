import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
}

/**
 * The Standard Webhooks signature header value: `v1,` + base64 HMAC-SHA256, keyed with the
 * base64-decoded secret, of `<webhook-id>.<webhook-timestamp>.<body>`.
 */
export function signWebhook(
  secret: string,
  webhookId: string,
  timestampSeconds: number,
  body: string,
): string {
  const digest = createHmac('sha256', keyOf(secret))
    .update(`${webhookId}.${timestampSeconds}.${body}`, 'utf8')
    .digest('base64');
  return `v1,${digest}`;
}

export interface WebhookVerification {
  readonly valid: boolean;
  readonly reason?: 'missing-header' | 'timestamp-out-of-tolerance' | 'no-matching-signature';
}

/**
 * What a receiver does (here for tests and for MES integrators to copy): the signature header may
 * carry several space-separated `v1,<base64>` entries; one matching entry (constant-time compare)
 * and a timestamp within `toleranceSeconds` of `nowSeconds` make the request authentic.
 */
export function verifyWebhook(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): WebhookVerification {
  if (!headers.id || !headers.timestamp || !headers.signature)
    return { valid: false, reason: 'missing-header' };
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return { valid: false, reason: 'timestamp-out-of-tolerance' };
  }
  const expected = Buffer.from(signWebhook(secret, headers.id, timestamp, body).slice(3), 'base64');
  const matches = headers.signature.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const candidate = Buffer.from(value, 'base64');
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
  return matches ? { valid: true } : { valid: false, reason: 'no-matching-signature' };
}
