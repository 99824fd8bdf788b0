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
    // The lot's id is chosen now, so that the result is known before the lot is written: the key's
    // claim stores it and takes the lot number in its one statement.
    const lotId = this.deps.ids.next();
    let registered: Lot | undefined;
    const outcome = await this.deps.transactions.run((transaction) =>
      idempotentMutation(
        transaction,
        request,
        { ttlMs: this.deps.idempotencyTtlMs, now },
        IntakeMutation.REGISTER_LOT,
        { ...command, organisationId },
        async ({ firstLotNumber }) => {
          const [lot] = await registerValidatedLots(
            transaction,
            this.deps,
            request,
            now,
            [{ id: lotId, validated, manifest }],
            { firstLotNumber },
          );
          registered = lot;
          return { lotId, recordIds: [] };
        },
        {
          result: { lotId, recordIds: [] },
          lotNumbers: { year: lotCodeYear(now, policy.timeZone), count: 1 },
        },
      ),
    );
    return outcome.replayed ? outcome : { ...outcome, lot: registered };
  }
}

export interface LotToRegister {
  /** The lot's id when it was chosen beforehand; a new one otherwise. */
  readonly id?: string;
  readonly validated: ValidatedRegistration;
  readonly manifest: WasteManifest | undefined;
}

/**
 * In `transaction`: numbers validated lots with consecutive codes (one allocation for all), derives
 * their GS1 Digital Links, publishes their registrations and stores them, many rows per statement
 * (the registration events, the lots, the manifests and the slips).
 */
export async function registerValidatedLots(
  transaction: IntakeTransaction,
  deps: IntakeDependencies,
  request: IntakeRequest,
  now: Date,
  toRegister: readonly LotToRegister[],
  options: {
    onProgress?: (registered: number) => void;
    /** The first of the lot numbers already taken for these lots in this transaction (with the idempotency key). */
    firstLotNumber?: number;
  } = {},
): Promise<Lot[]> {
  if (toRegister.length === 0) return [];
  const { policy } = deps;
  const { onProgress } = options;
  const year = lotCodeYear(now, policy.timeZone);
  const first =
    options.firstLotNumber ?? (await transaction.lots.allocateLotNumbers(year, toRegister.length));
  const registeredBy = actorOf(request);
  const metadata = {
    actor: registeredBy,
    correlationId: request.correlationId,
    causationId: request.requestId,
  };
  const lots: Lot[] = [];
  for (let from = 0; from < toRegister.length; from += LOTS_PER_BATCH) {
    const batch: Lot[] = [];
    for (const [offset, { id, validated, manifest }] of toRegister
      .slice(from, from + LOTS_PER_BATCH)
      .entries()) {
      const code = formatLotCode(year, first + from + offset);
      const { lot } = Lot.register(
        {
          ...validated,
          id: id ?? deps.ids.next(),
          code,
          gs1Identifier: digitalLinkUri(policy.gs1, validated.facts.materialKind, code),
          registeredAt: now,
          registeredBy,
        },
        manifest,
      );
      batch.push(lot);
    }
    await transaction.registerLots(batch, metadata);
    lots.push(...batch);
    onProgress?.(lots.length);
  }
  return lots;
}

/** Lots built and published before they are inserted together. */
const LOTS_PER_BATCH = 1_000;
