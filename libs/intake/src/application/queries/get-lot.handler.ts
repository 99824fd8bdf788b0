import type { Lot } from '../../domain/lot';
import { assertMayRead, mayRead } from '../intake-access-policy';
import type { IntakeCaller } from '../intake-caller';
import type { LotReader } from '../ports/lot-reader.port';

/** A lot by id, or undefined when it does not exist or the caller may not see it (a recycler, another organisation's lot). */
export class GetLotHandler {
  constructor(private readonly reader: LotReader) {}

  async execute(lotId: string, caller: IntakeCaller): Promise<Lot | undefined> {
    assertMayRead(caller);
    const lot = await this.reader.get(lotId);
    return lot && mayRead(caller, lot.registration.organisationId) ? lot : undefined;
  }
}
