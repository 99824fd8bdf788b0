import type { ConcentrationRoute } from '../../domain/material-kind';
import type { MutationOutcome } from '../idempotency/idempotent-mutation';
import { IntakeMutation } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import { actorOf, mutateLot, unknownLot } from './lot-mutation';

export interface TransferLotCommand {
  readonly lotId: string;
  /** Default by material kind: magnet scrap to LEACHING, unused resources to ADSORPTION. */
  readonly route?: ConcentrationRoute;
}

/** Offers an accepted or released lot to the concentration step; custody moves when it accepts. */
export class TransferLotHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  execute(command: TransferLotCommand, request: IntakeRequest): Promise<MutationOutcome> {
    return mutateLot(this.deps, request, {
      mutation: IntakeMutation.TRANSFER_LOT,
      input: command,
      find: (lots) => lots.getForUpdate(command.lotId),
      notFound: () => unknownLot(command.lotId),
      apply: (lot, now) => {
        const id = this.deps.ids.next();
        return {
          change: lot.transfer({ id, route: command.route, actor: actorOf(request), now }),
          recordIds: [id],
        };
      },
    });
  }
}
