import type { commonV1 } from '@rre/contracts';
import { Mass, MassFraction, parseMassFractionUnit, parseMassUnit, toPlainString } from '@rre/quantities';
import type { LotComposition } from '../domain/received-lot';

/** A protobuf mass as kg, exact. */
export function massKgOf(mass: commonV1.Mass | undefined, field: string): string | undefined {
  if (mass === undefined || mass.value === '') return undefined;
  return toPlainString(Mass.of(mass.value, parseMassUnit(mass.unitCode, field), field).valueIn('KGM'));
}

/** A protobuf composition as plain fractions (C62), each element's uncertainty converted alike. */
export function compositionOf(
  composition: commonV1.ElementComposition | undefined,
  field: string,
): LotComposition | undefined {
  if (composition === undefined || composition.contents.length === 0) return undefined;
  return {
    unit: 'C62',
    contents: composition.contents.map((content) => {
      const unit = parseMassFractionUnit(content.unitCode || 'C62', `${field}.${content.element}`);
      const value = toPlainString(
        MassFraction.of(content.massFraction, unit, `${field}.${content.element}`).fraction,
      );
      return content.uncertainty
        ? {
            element: content.element,
            value,
            uncertainty: toPlainString(
              MassFraction.of(content.uncertainty, unit, `${field}.${content.element}`).fraction,
            ),
          }
        : { element: content.element, value };
    }),
  };
}
