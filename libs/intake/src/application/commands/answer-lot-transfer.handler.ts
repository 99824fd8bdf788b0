import { requireReason } from '../../domain/assay';
import { IntakeError } from '../../domain/intake-error';
import { measuredMass, type QuantityInput } from '../../domain/intake-quantities';
import type { MutationOutcome } from '../idempotency/idempotent-mutation';
import { IntakeMutation } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import type { LotMutation } from './lot-mutation';
import { actorOf, mutateLot } from './lot-mutation';

export interface AcceptLotTransferCommand {
  readonly transferId: string;
  /** What the receiver weighed, when it differs from the mass handed over. */
  readonly receivedMass?: QuantityInput;
}

export interface RefuseLotTransferCommand {
  readonly transferId: string;
  readonly reason: string;
}

/**
 * The receiving step's answer to a hand-over: accepting makes it the custodian; refusing returns
 * the lot to intake with the reason. (Until the concentration service exists, its operators answer
 * through intake's API; later its event consumer will.)
 */
export class AnswerLotTransferHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  accept(command: AcceptLotTransferCommand, request: IntakeRequest): Promise<MutationOutcome> {
    const receivedMass =
      command.receivedMass === undefined ? undefined : measuredMass(command.receivedMass, 'receivedMass');
    return mutateLot(this.deps, request, {
      ...this.target(command.transferId, IntakeMutation.ACCEPT_LOT_TRANSFER, command),
      apply: (lot, now) => ({
        change: lot.acceptTransfer(command.transferId, actorOf(request), now, receivedMass),
        recordIds: [command.transferId],
      }),
    });
  }

  refuse(command: RefuseLotTransferCommand, request: IntakeRequest): Promise<MutationOutcome> {
    requireReason(command.reason);
    return mutateLot(this.deps, request, {
      ...this.target(command.transferId, IntakeMutation.REFUSE_LOT_TRANSFER, command),
      apply: (lot, now) => ({
        change: lot.refuseTransfer(command.transferId, command.reason, actorOf(request), now),
        recordIds: [command.transferId],
      }),
    });
  }

  private target(
    transferId: string,
    mutation: IntakeMutation,
    input: unknown,
  ): Pick<LotMutation, 'mutation' | 'input' | 'find' | 'notFound'> {
    return {
      mutation,
      input,
      find: (lots) => lots.getByTransferForUpdate(transferId),
      notFound: () =>
        new IntakeError({
          code: 'UNKNOWN_TRANSFER',
          field: 'transferId',
          value: transferId,
          rule: 'must be the id of a hand-over of a lot you may see',
        }),
    };
  }
}
