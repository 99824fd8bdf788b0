import { requireReason } from '../../domain/assay';
import { IntakeError } from '../../domain/intake-error';
import type { MutationOutcome } from '../idempotency/idempotent-mutation';
import { IntakeMutation, mayWithdrawOthersDecisions } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import { actorOf, mutateLot } from './lot-mutation';

export interface WithdrawLotDecisionCommand {
  readonly decisionId: string;
  readonly reason: string;
}

/**
 * Four eyes: the person who proposed a release or rejection (or an admin) withdraws it while it
 * waits for approval, with a reason. It never takes effect, and is announced as withdrawn.
 */
export class WithdrawLotDecisionHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  execute(command: WithdrawLotDecisionCommand, request: IntakeRequest): Promise<MutationOutcome> {
    requireReason(command.reason);
    return mutateLot(this.deps, request, {
      mutation: IntakeMutation.WITHDRAW_LOT_DECISION,
      input: command,
      find: (lots) => lots.getByDecisionForUpdate(command.decisionId),
      notFound: () =>
        new IntakeError({
          code: 'UNKNOWN_DECISION',
          field: 'decisionId',
          value: command.decisionId,
          rule: 'must be the id of a decision on a lot you may see',
        }),
      apply: (lot, now) => ({
        change: lot.withdrawDecision({
          decisionId: command.decisionId,
          reason: command.reason,
          actor: actorOf(request),
          mayWithdrawOthers: mayWithdrawOthersDecisions(request.caller),
          now,
        }),
        recordIds: [command.decisionId],
      }),
    });
  }
}
