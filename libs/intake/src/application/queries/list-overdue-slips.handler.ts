import { calendarDateIn } from '../../domain/lot-code';
import { type CalendarDate, parseCalendarDate } from '../../domain/waste-manifest';
import { assertMayRead, readScope } from '../intake-access-policy';
import type { IntakeCaller } from '../intake-caller';
import type { IntakeClock } from '../ports/intake-clock.port';
import type { LotReader, OverdueSlip } from '../ports/lot-reader.port';

/** Manifest slips past their due date that have not come back; recyclers see their own lots' only. */
export class ListOverdueSlipsHandler {
  constructor(
    private readonly reader: LotReader,
    private readonly clock: IntakeClock,
    private readonly timeZone: string,
  ) {}

  async execute(
    asOf: string | undefined,
    caller: IntakeCaller,
  ): Promise<{ asOf: CalendarDate; slips: OverdueSlip[] }> {
    assertMayRead(caller);
    const day =
      asOf === undefined
        ? (calendarDateIn(this.clock.now(), this.timeZone) as CalendarDate)
        : parseCalendarDate(asOf, 'asOf');
    return { asOf: day, slips: await this.reader.overdueSlips(day, readScope(caller)) };
  }
}
