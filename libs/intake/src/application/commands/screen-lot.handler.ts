import type Decimal from 'decimal.js';
import type { DecimalInput } from '@rre/quantities';
import { contentInPpm } from '../../domain/assay';
import { IntakeError } from '../../domain/intake-error';
import type { Lot } from '../../domain/lot';
import { screenRadioactivity } from '../../domain/radioactivity-screening';
import type { Screening } from '../../domain/screening';
import type { MutationOutcome } from '../idempotency/idempotent-mutation';
import { IntakeMutation } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import { actorOf, mutateLot, unknownLot } from './lot-mutation';

export interface ScreenLotCommand {
  readonly lotId: string;
  /** The assay whose U and Th contents to use; default the lot's current assay. */
  readonly assayId?: string;
  /** U and Th measured otherwise (e.g. gamma spectrometry), in ppm; give both or neither. */
  readonly uraniumPpm?: DecimalInput;
  readonly thoriumPpm?: DecimalInput;
}

/**
 * Screens a lot for natural radioactivity from U and Th (ppm -> Bq/g, sum of ratios); above the
 * threshold the lot is quarantined.
 */
export class ScreenLotHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  execute(command: ScreenLotCommand, request: IntakeRequest): Promise<MutationOutcome> {
    const bothOrNeither = (command.uraniumPpm === undefined) === (command.thoriumPpm === undefined);
    if (!bothOrNeither || (command.uraniumPpm !== undefined && command.assayId !== undefined)) {
      throw new IntakeError({
        code: 'INVALID_INPUT',
        field: command.uraniumPpm === undefined ? 'uraniumPpm' : 'thoriumPpm',
        value: 'missing',
        rule: 'give both uraniumPpm and thoriumPpm (measured otherwise) or neither (from an assay), and no assayId with them',
      });
    }
    if (command.uraniumPpm !== undefined && command.thoriumPpm !== undefined) {
      // Checks the contents before any transaction starts.
      screenRadioactivity(command.uraniumPpm, command.thoriumPpm, this.deps.policy.screening);
    }
    return mutateLot(this.deps, request, {
      mutation: IntakeMutation.SCREEN_LOT,
      input: command,
      find: (lots) => lots.getForUpdate(command.lotId),
      notFound: () => unknownLot(command.lotId),
      apply: (lot, now) => {
        const { uraniumPpm, thoriumPpm, assayId } = this.contents(lot, command);
        const screening: Screening = {
          id: this.deps.ids.next(),
          lotId: lot.id,
          assayId,
          result: screenRadioactivity(uraniumPpm, thoriumPpm, this.deps.policy.screening),
          screenedAt: now,
          screenedBy: actorOf(request),
        };
        return { change: lot.screen(screening), recordIds: [screening.id] };
      },
    });
  }

  private contents(
    lot: Lot,
    command: ScreenLotCommand,
  ): { uraniumPpm: DecimalInput; thoriumPpm: DecimalInput; assayId: string | undefined } {
    if (command.uraniumPpm !== undefined && command.thoriumPpm !== undefined) {
      return { uraniumPpm: command.uraniumPpm, thoriumPpm: command.thoriumPpm, assayId: undefined };
    }
    const assay = command.assayId === undefined ? lot.currentAssay : lot.assay(command.assayId);
    if (!assay) {
      throw new IntakeError({
        code: 'SCREENING_DATA_MISSING',
        field: 'assayId',
        value: 'none',
        rule: `lot ${lot.code} has no assay yet: record one with U and Th, or give uraniumPpm and thoriumPpm`,
      });
    }
    const content = (element: 'U' | 'Th'): Decimal => {
      const ppm = contentInPpm(assay, element);
      if (ppm === undefined) {
        throw new IntakeError({
          code: 'SCREENING_DATA_MISSING',
          field: 'assayId',
          value: assay.id,
          rule: `must be an assay that lists ${element} (an element not listed is unknown, not zero)`,
        });
      }
      return ppm;
    };
    return { uraniumPpm: content('U'), thoriumPpm: content('Th'), assayId: assay.id };
  }
}
