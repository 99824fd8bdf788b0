import type { Actor } from '../../domain/actor';
import { IntakeError } from '../../domain/intake-error';
import type { Lot, LotChange } from '../../domain/lot';
import { idempotentMutation, type MutationOutcome } from '../idempotency/idempotent-mutation';
import { assertMayCall, assertMayWriteFor, type IntakeMutation, mayRead } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import type { LotStore } from '../ports/lot-store.port';

export function actorOf(request: IntakeRequest): Actor {
  return { subject: request.caller.subject, organisationId: request.caller.organisationId };
}

export function unknownLot(lotId: string): IntakeError {
  return new IntakeError({
    code: 'UNKNOWN_LOT',
    field: 'lotId',
    value: lotId,
    rule: 'must be the id of a lot you may see',
  });
}

export interface LotMutation {
  readonly mutation: IntakeMutation;
  /** The input the idempotency key is bound to. */
  readonly input: unknown;
  /** Finds (and locks) the lot the mutation is about. */
  readonly find: (lots: LotStore) => Promise<Lot | undefined>;
  readonly notFound: () => IntakeError;
  /** The change, and the ids of the records it creates. */
  readonly apply: (lot: Lot, now: Date) => { change: LotChange; recordIds: readonly string[] };
}

/**
 * The shape of every mutation of an existing lot: check the caller's role, then in one transaction
 * claim the idempotency key, load and lock the lot, check the caller may change it, apply the
 * change, store it and publish its events. A refusal anywhere rolls everything back.
 */
export async function mutateLot(
  deps: IntakeDependencies,
  request: IntakeRequest,
  mutation: LotMutation,
): Promise<MutationOutcome> {
  assertMayCall(request.caller, mutation.mutation);
  const now = deps.clock.now();
  let changed: Lot | undefined;
  const outcome = await deps.transactions.run((transaction) =>
    idempotentMutation(
      transaction,
      request,
      { ttlMs: deps.idempotencyTtlMs, now },
      mutation.mutation,
      mutation.input,
      async () => {
        const lot = await mutation.find(transaction.lots);
        if (!lot || !mayRead(request.caller, lot.registration.organisationId)) throw mutation.notFound();
        assertMayWriteFor(request.caller, lot.registration.organisationId, 'lotId');
        const { change, recordIds } = mutation.apply(lot, now);
        changed = change.lot;
        await transaction.lots.save(lot, change.lot);
        await transaction.outbox.publish(change.lot, change.events, {
          actor: actorOf(request),
          correlationId: request.correlationId,
          causationId: request.requestId,
        });
        return { lotId: lot.id, recordIds };
      },
    ),
  );
  return outcome.replayed ? outcome : { ...outcome, lot: changed };
}
