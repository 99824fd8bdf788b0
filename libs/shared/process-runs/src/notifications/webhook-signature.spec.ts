import { backoffMs, DEFAULT_WEBHOOK_RETRY_POLICY } from './webhook-retry-policy';
import { signWebhook, verifyWebhook } from './webhook-signature';
import { parseWebhookUrl } from './webhook-url';

describe('Standard Webhooks signature', () => {
  // The example of the Standard Webhooks specification's reference libraries.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';

  it('signs id.timestamp.body with HMAC-SHA256 under the base64-decoded secret', () => {
    expect(signWebhook(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies one of several signatures, and refuses a changed body or an old timestamp', () => {
    const signature = `v1,bm90LXRoaXMtb25l ${signWebhook(secret, id, timestamp, body)}`;
    expect(
      verifyWebhook(secret, { id, timestamp: String(timestamp), signature }, body, timestamp + 10),
    ).toEqual({ valid: true });
    expect(
      verifyWebhook(secret, { id, timestamp: String(timestamp), signature }, `${body} `, timestamp).reason,
    ).toBe('no-matching-signature');
    expect(
      verifyWebhook(secret, { id, timestamp: String(timestamp), signature }, body, timestamp + 301).reason,
    ).toBe('timestamp-out-of-tolerance');
  });
});

describe('webhook retry policy and URLs', () => {
  it('doubles the wait after each failure, up to the cap', () => {
    const policy = { ...DEFAULT_WEBHOOK_RETRY_POLICY, initialBackoffMs: 1000, maxBackoffMs: 5000 };
    expect([1, 2, 3, 4, 5].map((failed) => backoffMs(policy, failed))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
  });

  it('accepts https and loopback http only', () => {
    expect(parseWebhookUrl('https://mes.plant-1.example/hooks')).toBe('https://mes.plant-1.example/hooks');
    expect(parseWebhookUrl('http://127.0.0.1:8080/hooks')).toBe('http://127.0.0.1:8080/hooks');
    expect(() => parseWebhookUrl('http://mes.plant-1.example/hooks')).toThrow(
      'url: got "http://mes.plant-1.example/hooks", must be an absolute https:// URL',
    );
    expect(() => parseWebhookUrl('https://user:pw@mes.example/')).toThrow('without user info');
  });
});
