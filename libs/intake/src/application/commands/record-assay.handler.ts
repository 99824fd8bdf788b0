import { type Assay, type AssayMethod, type MoistureBasis, requireReason } from '../../domain/assay';
import { IntakeError } from '../../domain/intake-error';
import { elementComposition, type ElementContentInput } from '../../domain/intake-quantities';
import { requiredText } from '../../domain/weighing';
import type { MutationOutcome } from '../idempotency/idempotent-mutation';
import { IntakeMutation } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import { actorOf, mutateLot, unknownLot } from './lot-mutation';

export interface RecordAssayCommand {
  readonly lotId: string;
  /** Organisation id of the laboratory; default the caller's organisation. */
  readonly laboratoryId?: string;
  readonly method: AssayMethod;
  readonly sampleId: string;
  readonly analysedAt: Date;
  readonly contents: readonly ElementContentInput[];
  /** Default DRY. */
  readonly moistureBasis?: MoistureBasis;
  /** Why the assay was made, e.g. "initial" or "re-assay after supplier dispute". */
  readonly reason: string;
  /** Whether it becomes the lot's current assay; default true (the first assay always does). */
  readonly makeCurrent?: boolean;
}

/** Records an assay, also after the hand-over (a late assay still reaches the custodian). */
export class RecordAssayHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  execute(command: RecordAssayCommand, request: IntakeRequest): Promise<MutationOutcome> {
    const composition = elementComposition(
      command.contents,
      'contents',
      this.deps.policy.compositionSumTolerance,
    );
    const sampleId = requiredText(command.sampleId, 'sampleId');
    const reason = requireReason(command.reason);
    const laboratoryId = requiredText(command.laboratoryId ?? request.caller.organisationId, 'laboratoryId');
    if (
      Number.isNaN(command.analysedAt.getTime()) ||
      command.analysedAt.getTime() > this.deps.clock.now().getTime() + 300_000
    ) {
      throw new IntakeError({
        code: 'INVALID_INPUT',
        field: 'analysedAt',
        value: Number.isNaN(command.analysedAt.getTime())
          ? 'an invalid date'
          : command.analysedAt.toISOString(),
        rule: 'must not be in the future',
      });
    }
    return mutateLot(this.deps, request, {
      mutation: IntakeMutation.RECORD_ASSAY,
      input: command,
      find: (lots) => lots.getForUpdate(command.lotId),
      notFound: () => unknownLot(command.lotId),
      apply: (lot, now) => {
        const assay: Assay = {
          id: this.deps.ids.next(),
          lotId: lot.id,
          laboratoryId,
          method: command.method,
          sampleId,
          analysedAt: command.analysedAt,
          composition,
          moistureBasis: command.moistureBasis ?? 'DRY',
          reason,
          recordedAt: now,
          recordedBy: actorOf(request),
        };
        return { change: lot.recordAssay(assay, command.makeCurrent ?? true), recordIds: [assay.id] };
      },
    });
  }
}
