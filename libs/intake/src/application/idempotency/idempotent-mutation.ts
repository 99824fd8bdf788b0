import { IntakeError } from '../../domain/intake-error';
import type { Lot } from '../../domain/lot';
import type { IntakeRequest } from '../intake-caller';
import type { LotNumbersWanted, MutationResult } from '../ports/idempotency-store.port';
import type { IntakeTransaction } from '../ports/intake-transactions.port';
import { canonicalJson, requestHash } from '@rre/idempotency';

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
 * What may travel with the key's claim, in its statement: the result when it is known before the
 * mutation runs (stored at once, so no second write), and lot numbers to take when the key is
 * claimed (handed to the mutation; without a key the mutation takes them itself).
 */
export interface ClaimCompanions {
  readonly result?: MutationResult;
  readonly lotNumbers?: LotNumbersWanted;
}

/**
 * Runs a mutation under the request's idempotency key, in the transaction: the key row is claimed
 * first (a concurrent duplicate waits on its unique index), the mutation runs, and its result is
 * stored with the key before commit (with the claim itself when `companions.result` knows it). The same key with the same input returns the first result
 * without doing anything; with a different input it is refused. Without a key the mutation just runs.
 */
export async function idempotentMutation(
  transaction: IntakeTransaction,
  request: IntakeRequest,
  settings: { ttlMs: number; now: Date },
  operation: string,
  input: unknown,
  mutate: (claimed: { firstLotNumber?: number }) => Promise<MutationResult>,
  companions: ClaimCompanions = {},
): Promise<MutationOutcome> {
  const key = checkIdempotencyKey(request.idempotencyKey);
  if (key === undefined) return { ...(await mutate({})), replayed: false };
  const hash = requestHash(operation, input);
  const client = request.caller.subject;
  const claim = await transaction.idempotency.claim({
    client,
    key,
    operation,
    requestHash: hash,
    now: settings.now,
    expiresAt: new Date(settings.now.getTime() + settings.ttlMs),
    ...companions,
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
  const result = await mutate({ firstLotNumber: claim.firstLotNumber });
  if (companions.result === undefined) await transaction.idempotency.complete(client, key, result);
  else if (canonicalJson(result) !== canonicalJson(companions.result)) {
    throw new Error(`${operation} returned another result than the one stored with key ${key}`);
  }
  return { ...result, replayed: false };
}
