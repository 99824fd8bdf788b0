import { calendarDateIn } from '../../domain/lot-code';
import {
  type CalendarDate,
  type ManifestReportKind,
  type ManifestSlip,
  parseCalendarDate,
} from '../../domain/waste-manifest';
import type { MutationOutcome } from '../idempotency/idempotent-mutation';
import { IntakeMutation } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import { actorOf, mutateLot, unknownLot } from './lot-mutation';

export interface RecordManifestSlipReturnCommand {
  readonly lotId: string;
  readonly slip: ManifestSlip;
  /** `YYYY-MM-DD` */
  readonly returnedOn: string;
}

export interface RecordManifestReportCommand {
  readonly lotId: string;
  readonly kind: ManifestReportKind;
  /** When the stage (transport, disposal, final disposal) ended, `YYYY-MM-DD`. */
  readonly completedOn: string;
  /** When the plant sent the slip or reported to JWNET, `YYYY-MM-DD`. */
  readonly sentOn: string;
}

/** The paperwork of a lot's manifest: slips coming back, and the plant's own reports. Allowed whoever holds the lot. */
export class RecordManifestPaperworkHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  slipReturned(command: RecordManifestSlipReturnCommand, request: IntakeRequest): Promise<MutationOutcome> {
    const returnedOn = parseCalendarDate(command.returnedOn, 'returnedOn');
    return mutateLot(this.deps, request, {
      mutation: IntakeMutation.RECORD_MANIFEST_SLIP_RETURN,
      input: command,
      find: (lots) => lots.getForUpdate(command.lotId),
      notFound: () => unknownLot(command.lotId),
      apply: (lot, now) => ({
        change: lot.recordSlipReturn(command.slip, returnedOn, actorOf(request), this.today(now)),
        recordIds: [],
      }),
    });
  }

  reportSent(command: RecordManifestReportCommand, request: IntakeRequest): Promise<MutationOutcome> {
    const completedOn = parseCalendarDate(command.completedOn, 'completedOn');
    const sentOn = parseCalendarDate(command.sentOn, 'sentOn');
    return mutateLot(this.deps, request, {
      mutation: IntakeMutation.RECORD_MANIFEST_REPORT,
      input: command,
      find: (lots) => lots.getForUpdate(command.lotId),
      notFound: () => unknownLot(command.lotId),
      apply: (lot, now) => {
        const id = this.deps.ids.next();
        return {
          change: lot.recordManifestReport(
            { id, kind: command.kind, completedOn, sentOn, actor: actorOf(request), now },
            this.today(now),
          ),
          recordIds: [id],
        };
      },
    });
  }

  private today(now: Date): CalendarDate {
    return calendarDateIn(now, this.deps.policy.timeZone) as CalendarDate;
  }
}
