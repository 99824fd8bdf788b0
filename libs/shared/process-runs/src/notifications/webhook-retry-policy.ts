/** How often and how long a webhook delivery is tried. */
export interface WebhookRetryPolicy {
  /** Attempts in all, the first included (default 8). */
  readonly maxAttempts: number;
  /** Wait after the first failure (default 5 s); doubled after each further failure. */
  readonly initialBackoffMs: number;
  /** Longest wait between attempts (default 1 h). */
  readonly maxBackoffMs: number;
  /** An attempt without a complete answer by then is a failure (default 10 s). */
  readonly timeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY_POLICY: WebhookRetryPolicy = {
  maxAttempts: 8,
  initialBackoffMs: 5_000,
  maxBackoffMs: 3_600_000,
  timeoutMs: 10_000,
};

/** Wait before attempt `failedAttempts + 1`: initial × 2^(failedAttempts − 1), at most maxBackoffMs. */
export function backoffMs(policy: WebhookRetryPolicy, failedAttempts: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, failedAttempts - 1));
}
