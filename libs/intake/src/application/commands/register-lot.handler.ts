import { digitalLinkUri } from '../../domain/gs1-identifier';
import { Lot } from '../../domain/lot';
import { formatLotCode, lotCodeYear } from '../../domain/lot-code';
import {
  type RegisterLotRequest,
  validateRegistration,
  type ValidatedRegistration,
} from '../../domain/lot-registration';
import { newWasteManifest, type WasteManifest, type WasteManifestRequest } from '../../domain/waste-manifest';
import type { IntakeTransaction } from '../ports/intake-transactions.port';
import { idempotentMutation, type MutationOutcome } from '../idempotency/idempotent-mutation';
import { assertMayCall, assertMayWriteFor, IntakeMutation } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import { actorOf } from './lot-mutation';

/** A registration; the delivering organisation defaults to the caller's. */
export type RegisterLotCommand = Omit<RegisterLotRequest, 'organisationId'> & {
  readonly organisationId?: string;
  /** The industrial-waste manifest travelling with the lot; none for scrap bought as a valuable. */
  readonly manifest?: WasteManifestRequest;
};

/**
 * Registers a lot: validates everything first, then numbers it (L-<year>-<n>), derives its GS1
 * Digital Link, stores it and publishes `rre.intake.lot.registered.v1`, in one transaction.
 */
export class RegisterLotHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  async execute(command: RegisterLotCommand, request: IntakeRequest): Promise<MutationOutcome> {
    const { caller } = request;
    assertMayCall(caller, IntakeMutation.REGISTER_LOT);
    const organisationId = command.organisationId ?? caller.organisationId;
    assertMayWriteFor(caller, organisationId);
    const now = this.deps.clock.now();
    const { policy } = this.deps;
    const validated = validateRegistration({ ...command, organisationId }, policy, now);
    const manifest =
      command.manifest && newWasteManifest(this.deps.ids.next(), command.manifest, organisationId);
    return this.deps.transactions.run((transaction) =>
      idempotentMutation(
        transaction,
        request,
        { ttlMs: this.deps.idempotencyTtlMs, now },
        IntakeMutation.REGISTER_LOT,
        { ...command, organisationId },
        async () => {
          const lot = await registerValidatedLot(transaction, this.deps, request, now, validated, manifest);
          return { lotId: lot.id, recordIds: [] };
        },
      ),
    );
  }
}

/**
 * In `transaction`: numbers a validated lot (L-<year>-<n>), derives its GS1 Digital Link, stores it
 * and publishes its registration. Shared by registerLot and the CSV import.
 */
export async function registerValidatedLot(
  transaction: IntakeTransaction,
  deps: IntakeDependencies,
  request: IntakeRequest,
  now: Date,
  validated: ValidatedRegistration,
  manifest: WasteManifest | undefined,
): Promise<Lot> {
  const { policy } = deps;
  const year = lotCodeYear(now, policy.timeZone);
  const code = formatLotCode(year, await transaction.lots.allocateLotNumber(year));
  const { lot, events } = Lot.register(
    {
      ...validated,
      id: deps.ids.next(),
      code,
      gs1Identifier: digitalLinkUri(policy.gs1, validated.facts.materialKind, code),
      registeredAt: now,
      registeredBy: actorOf(request),
    },
    manifest,
  );
  await transaction.lots.add(lot);
  await transaction.outbox.publish(lot, events, {
    actor: actorOf(request),
    correlationId: request.correlationId,
    causationId: request.requestId,
  });
  return lot;
}
