import { requireReason } from '../../domain/assay';
import { parseCountryCode } from '../../domain/country-code';
import { massFraction, measuredMass, type QuantityInput } from '../../domain/intake-quantities';
import type { CorrectedValue } from '../../domain/lot-correction';
import { parseMaterialKind } from '../../domain/material-kind';
import { parseSourceCategory } from '../../domain/source-category';
import { requiredText } from '../../domain/weighing';
import type { MutationOutcome } from '../idempotency/idempotent-mutation';
import { IntakeMutation } from '../intake-access-policy';
import type { IntakeRequest } from '../intake-caller';
import type { IntakeDependencies } from '../intake-dependencies';
import { actorOf, mutateLot, unknownLot } from './lot-mutation';

/** New values for the facts to correct; each given one becomes its own correction record and event. */
export interface CorrectLotCommand {
  readonly lotId: string;
  readonly reason: string;
  readonly declaredMass?: QuantityInput;
  /** Gross and tare together; the net follows. */
  readonly weighing?: { readonly gross: QuantityInput; readonly tare: QuantityInput };
  readonly moistureFraction?: QuantityInput;
  readonly countryOfOrigin?: string;
  readonly materialKind?: string;
  readonly sourceCategory?: string;
  readonly supplierSiteId?: string;
}

/** Corrects mistyped facts of a lot, never overwriting them; allowed after the hand-over too. */
export class CorrectLotHandler {
  constructor(private readonly deps: IntakeDependencies) {}

  execute(command: CorrectLotCommand, request: IntakeRequest): Promise<MutationOutcome> {
    requireReason(command.reason);
    const values = correctedValues(command);
    return mutateLot(this.deps, request, {
      mutation: IntakeMutation.CORRECT_LOT,
      input: command,
      find: (lots) => lots.getForUpdate(command.lotId),
      notFound: () => unknownLot(command.lotId),
      apply: (lot, now) => {
        const ids = values.map(() => this.deps.ids.next());
        return {
          change: lot.correct(values, { ids, reason: command.reason, actor: actorOf(request), now }),
          recordIds: ids,
        };
      },
    });
  }
}

function correctedValues(command: CorrectLotCommand): CorrectedValue[] {
  const values: CorrectedValue[] = [];
  if (command.declaredMass !== undefined) {
    values.push({ field: 'DECLARED_MASS', mass: measuredMass(command.declaredMass, 'declaredMass') });
  }
  if (command.weighing !== undefined) {
    values.push({
      field: 'WEIGHING',
      gross: measuredMass(command.weighing.gross, 'weighing.grossMass'),
      tare: measuredMass(command.weighing.tare, 'weighing.tareMass', { allowZero: true }),
    });
  }
  if (command.moistureFraction !== undefined) {
    values.push({
      field: 'MOISTURE_FRACTION',
      fraction: massFraction(command.moistureFraction, 'moistureFraction'),
    });
  }
  if (command.countryOfOrigin !== undefined) {
    values.push({ field: 'COUNTRY_OF_ORIGIN', country: parseCountryCode(command.countryOfOrigin) });
  }
  if (command.materialKind !== undefined) {
    values.push({ field: 'MATERIAL_KIND', kind: parseMaterialKind(command.materialKind) });
  }
  if (command.sourceCategory !== undefined) {
    values.push({ field: 'SOURCE_CATEGORY', category: parseSourceCategory(command.sourceCategory) });
  }
  if (command.supplierSiteId !== undefined) {
    values.push({ field: 'SUPPLIER_SITE', siteId: requiredText(command.supplierSiteId, 'supplierSiteId') });
  }
  return values;
}
