import { IntakeError } from '../../domain/intake-error';
import type { Lot } from '../../domain/lot';
import type { IntakeRequest } from '../intake-caller';
import type { MutationResult } from '../ports/idempotency-store.port';
import type { IntakeTransaction } from '../ports/intake-transactions.port';
import { requestHash } from '@rre/idempotency';

export interface MutationOutcome extends MutationResult {
  /** True when an earlier request with the same key and input already did this; nothing was done again. */
  readonly replayed: boolean;
  /**
   * The lot as this request's transaction left it, when the request changed it (not on a replay):
   * an answer built from it needs no second read.
   */
  readonly lot?: Lot;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new IntakeError({
      code: 'INVALID_INPUT',
      field: 'idempotencyKey',
      value: JSON.stringify(key.length > 60 ? `${key.slice(0, 57)}...` : key),
      rule: 'must be 1 to 200 printable ASCII characters without spaces (a UUID or ULID is a good choice)',
    });
  }
  return key;
}

/**
 * Runs a mutation under the request's idempotency key, in the transaction: the key row is claimed
 * first (a concurrent duplicate waits on its unique index), the mutation runs, and its result is
 * stored with the key before commit. The same key with the same input returns the first result
 * without doing anything; with a different input it is refused. Without a key the mutation just runs.
 */
export async function idempotentMutation(
  transaction: IntakeTransaction,
  request: IntakeRequest,
  settings: { ttlMs: number; now: Date },
  operation: string,
  input: unknown,
  mutate: () => Promise<MutationResult>,
): Promise<MutationOutcome> {
  const key = checkIdempotencyKey(request.idempotencyKey);
  if (key === undefined) return { ...(await mutate()), replayed: false };
  const hash = requestHash(operation, input);
  const client = request.caller.subject;
  const claim = await transaction.idempotency.claim({
    client,
    key,
    operation,
    requestHash: hash,
    now: settings.now,
    expiresAt: new Date(settings.now.getTime() + settings.ttlMs),
  });
  if (!claim.claimed) {
    if (claim.requestHash !== hash || claim.operation !== operation) {
      throw new IntakeError({
        code: 'IDEMPOTENCY_KEY_REUSED',
        field: 'idempotencyKey',
        value: key,
        rule: `must not be reused for a different request: it was first used for ${claim.operation} with other input (send a new key for a new request)`,
      });
    }
    if (claim.result === null) throw new Error(`idempotency key ${key} of ${client} has no stored result`);
    return { ...claim.result, replayed: true };
  }
  const result = await mutate();
  await transaction.idempotency.complete(client, key, result);
  return { ...result, replayed: false };
}
