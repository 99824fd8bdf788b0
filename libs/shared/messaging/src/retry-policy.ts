/** How often a failing handler is tried, and how long to wait between tries. */
export interface RetryPolicy {
  /** Tries in all, the first included (at least 1); after the last failure the event is parked. */
  attempts: number;
  /** Wait before the second try; each later wait doubles. */
  baseDelayMs: number;
  /** Upper bound of one wait. */
  maxDelayMs: number;
  /** 0..1: the share of each wait that is random (0 = exact doubling). */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  jitter: 0.2,
};

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new Error(`retry attempts must be a positive integer, got ${policy.attempts}`);
  }
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= policy.baseDelayMs)) {
    throw new Error(
      `retry delays must satisfy 0 <= baseDelayMs <= maxDelayMs, got ${policy.baseDelayMs} and ${policy.maxDelayMs}`,
    );
  }
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) {
    throw new Error(`retry jitter must be between 0 and 1, got ${policy.jitter}`);
  }
  return policy;
}

/**
 * The wait after failed try number `attempt` (1-based): baseDelayMs · 2^(attempt-1), capped at
 * maxDelayMs, of which the `jitter` share is random (`random` returns 0..1).
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exact = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exact * (1 - policy.jitter) + exact * policy.jitter * random());
}

/** After failed try number `attempt`: try again, or park the event (and its key). */
export function afterFailure(attempt: number, policy: RetryPolicy, retryable: boolean): 'retry' | 'park' {
  return retryable && attempt < policy.attempts ? 'retry' : 'park';
}
