import { IntakeError } from '../../domain/intake-error';
import type { MutationOutcome } from '../idempotency/idempotent-mutation';
import { IntakeMutation } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import { actorOf, mutateLot } from './lot-mutation';

export interface ApproveLotDecisionCommand {
  readonly decisionId: string;
}

/** Four eyes: a second, different person approves a pending release or rejection, which then takes effect. */
export class ApproveLotDecisionHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  execute(command: ApproveLotDecisionCommand, request: IntakeRequest): Promise<MutationOutcome> {
    return mutateLot(this.deps, request, {
      mutation: IntakeMutation.APPROVE_LOT_DECISION,
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
        change: lot.approveDecision(command.decisionId, actorOf(request), now),
        recordIds: [command.decisionId],
      }),
    });
  }
}
