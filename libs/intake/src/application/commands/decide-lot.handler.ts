import { requireReason } from '../../domain/assay';
import type { RejectionDisposition } from '../../domain/lot-decision';
import type { MutationOutcome } from '../idempotency/idempotent-mutation';
import { IntakeMutation } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import { actorOf, mutateLot, unknownLot } from './lot-mutation';

export interface ReleaseLotCommand {
  readonly lotId: string;
  readonly reason: string;
}

export interface RejectLotCommand {
  readonly lotId: string;
  readonly reason: string;
  /** Default OTHER. */
  readonly disposition?: RejectionDisposition;
}

/**
 * A person releases a quarantined lot or rejects a lot, with a reason; with four eyes configured
 * the decision waits for a second person's approval (approveLotDecision).
 */
export class DecideLotHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  release(command: ReleaseLotCommand, request: IntakeRequest): Promise<MutationOutcome> {
    return this.decide('RELEASE', command, request);
  }

  reject(command: RejectLotCommand, request: IntakeRequest): Promise<MutationOutcome> {
    return this.decide('REJECT', command, request);
  }

  private decide(
    kind: 'RELEASE' | 'REJECT',
    command: ReleaseLotCommand & { disposition?: RejectionDisposition },
    request: IntakeRequest,
  ): Promise<MutationOutcome> {
    requireReason(command.reason);
    return mutateLot(this.deps, request, {
      mutation: kind === 'RELEASE' ? IntakeMutation.RELEASE_LOT : IntakeMutation.REJECT_LOT,
      input: command,
      find: (lots) => lots.getForUpdate(command.lotId),
      notFound: () => unknownLot(command.lotId),
      apply: (lot, now) => {
        const id = this.deps.ids.next();
        const change = lot.decide(
          {
            id,
            kind,
            reason: command.reason,
            disposition: command.disposition,
            actor: actorOf(request),
            now,
          },
          this.deps.policy,
        );
        return { change, recordIds: [id] };
      },
    });
  }
}
