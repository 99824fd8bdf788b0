import { MesNotificationError, MesNotificationErrorCode } from './mes-notification-error';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An https URL, or http to the loopback interface (a receiver on the same machine, tests). */
export function parseWebhookUrl(value: unknown, field = 'url'): string {
  const rule =
    'must be an absolute https:// URL without user info or fragment (http:// only to localhost), at most 2000 characters';
  if (typeof value !== 'string' || value.length > 2000) {
    throw MesNotificationError.of(MesNotificationErrorCode.INVALID_WEBHOOK_URL, field, value, rule);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw MesNotificationError.of(MesNotificationErrorCode.INVALID_WEBHOOK_URL, field, value, rule);
  }
  const allowed =
    (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) &&
    url.username === '' &&
    url.password === '' &&
    url.hash === '';
  if (!allowed)
    throw MesNotificationError.of(MesNotificationErrorCode.INVALID_WEBHOOK_URL, field, value, rule);
  return url.toString();
}
