import type Decimal from 'decimal.js';
import { type DecimalInput, parseDecimal, toPlainString } from './exact-decimal';
import { QuantityError } from './quantity-error';
import { readQuantityJson, UnitQuantity } from './unit-quantity';
import {
  MASS_PER_VOLUME_UNITS,
  type MassPerVolumeUnit,
  parseMassPerVolumeUnit,
  type UnitTable,
} from './units';

/**
 * How much of an element (or compound) one volume of solution holds: `MassConcentration.of('12.5', 'GL')`.
 * Volume times concentration is the element's mass (see `elementMassInSolution`). Not the
 * solution's own density: that is {@link Density}, kept as a separate type so the two cannot be mixed up.
 */
export class MassConcentration extends UnitQuantity<MassPerVolumeUnit> {
  private constructor(value: Decimal, unit: MassPerVolumeUnit) {
    super(value, unit);
  }

  protected get units(): UnitTable<MassPerVolumeUnit> {
    return MASS_PER_VOLUME_UNITS;
  }

  static of(value: DecimalInput, unit: MassPerVolumeUnit, field = 'concentration'): MassConcentration {
    const checkedUnit = parseMassPerVolumeUnit(unit, `${field}.unit`);
    const amount = parseDecimal(value, field);
    if (amount.isNegative()) {
      throw new QuantityError({
        code: 'NEGATIVE_QUANTITY',
        field,
        value: `${toPlainString(amount)} ${checkedUnit}`,
        rule: 'must not be negative',
      });
    }
    return new MassConcentration(amount, checkedUnit);
  }

  static fromJSON(json: unknown, field = 'concentration'): MassConcentration {
    const { quantity, uom } = readQuantityJson(json, field);
    return MassConcentration.of(
      parseDecimal(quantity, `${field}.quantity`),
      parseMassPerVolumeUnit(uom, `${field}.uom`),
      field,
    );
  }

  to(unit: MassPerVolumeUnit): MassConcentration {
    return new MassConcentration(this.valueIn(parseMassPerVolumeUnit(unit)), unit);
  }
}
