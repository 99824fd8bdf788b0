import type { IntakePolicy } from '../domain/intake-policy';
import type { IdGenerator, IntakeClock } from './ports/intake-clock.port';
import type { IntakeTransactions } from './ports/intake-transactions.port';
import type { LotReader } from './ports/lot-reader.port';

/** What every handler needs: transactions, reads, time, ids and the configured rules. */
export interface IntakeDependencies {
  readonly transactions: IntakeTransactions;
  readonly reader: LotReader;
  readonly clock: IntakeClock;
  readonly ids: IdGenerator;
  readonly policy: IntakePolicy;
  /** How long an idempotency key is kept; at least 24 h in production. */
  readonly idempotencyTtlMs: number;
}

export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
