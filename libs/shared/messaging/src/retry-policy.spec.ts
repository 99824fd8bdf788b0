import { afterFailure, backoffDelayMs, DEFAULT_RETRY_POLICY, retryPolicy } from './retry-policy';

describe('retry policy', () => {
  const exact = retryPolicy({ attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0 });

  it('doubles the wait after each failed try, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, exact))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('makes only the jitter share of the wait random', () => {
    const policy = { ...exact, jitter: 0.5 };
    expect(backoffDelayMs(3, policy, () => 0)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(400);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(300);
  });

  it('retries until the last attempt, then parks', () => {
    expect([1, 2, 3, 4].map((attempt) => afterFailure(attempt, exact, true))).toEqual([
      'retry',
      'retry',
      'retry',
      'park',
    ]);
  });

  it('parks a failure that is not retryable at once', () => {
    expect(afterFailure(1, exact, false)).toBe('park');
  });

  it('with one attempt, parks after the first failure', () => {
    expect(afterFailure(1, retryPolicy({ attempts: 1 }), true)).toBe('park');
  });

  it('fills in the defaults and refuses nonsense', () => {
    expect(retryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
    expect(() => retryPolicy({ attempts: 0 })).toThrow('attempts');
    expect(() => retryPolicy({ attempts: 1.5 })).toThrow('attempts');
    expect(() => retryPolicy({ baseDelayMs: 500, maxDelayMs: 100 })).toThrow('delays');
    expect(() => retryPolicy({ jitter: 2 })).toThrow('jitter');
  });
});
