import type { commonV1 } from '@rre/contracts';
import { Mass, MassFraction, parseMassFractionUnit, parseMassUnit, toPlainString } from '@rre/quantities';
import type { ElementFraction } from '../persistence/genealogy.store';

/** A protobuf mass as kg, exact; undefined when unset. */
export function massKgOf(mass: commonV1.Mass | undefined, field: string): string | undefined {
  if (mass === undefined || mass.value === '') return undefined;
  return toPlainString(Mass.of(mass.value, parseMassUnit(mass.unitCode, field), field).valueIn('KGM'));
}

/** A protobuf signed mass (a balance's imbalance, which may be negative) as kg, exact; undefined when unset. */
export function signedMassKgOf(mass: commonV1.Mass | undefined, field: string): string | undefined {
  if (mass === undefined || !mass.value.startsWith('-')) return massKgOf(mass, field);
  const magnitude = massKgOf({ ...mass, value: mass.value.slice(1) }, field);
  return magnitude === undefined || /^0(\.0*)?$/.test(magnitude) ? magnitude : `-${magnitude}`;
}

/** A protobuf composition as plain fractions; undefined when it states no element. */
export function fractionsOf(
  composition: commonV1.ElementComposition | undefined,
  field: string,
): ElementFraction[] | undefined {
  if (composition === undefined || composition.contents.length === 0) return undefined;
  return composition.contents.map((content) => {
    const unit = parseMassFractionUnit(content.unitCode || 'C62', `${field}.${content.element}`);
    const fraction = toPlainString(
      MassFraction.of(content.massFraction, unit, `${field}.${content.element}`).fraction,
    );
    if (content.uncertainty === '') return { element: content.element, fraction };
    // The uncertainty is stated in the fraction's unit; stored as a plain fraction like the value.
    const uncertainty = toPlainString(
      MassFraction.of(content.uncertainty, unit, `${field}.${content.element}.uncertainty`).fraction,
    );
    return { element: content.element, fraction, uncertainty };
  });
}

/** The name of a protobuf enum value without its prefix, e.g. POST_CONSUMER. */
export function enumName(names: Record<number, string>, value: number, prefix: string): string {
  const name = names[value] ?? `${prefix}UNSPECIFIED`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}
