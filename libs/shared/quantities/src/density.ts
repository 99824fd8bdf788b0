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
 * A solution's (or slurry's) own density: `Density.of('1.18', 'B35')` (kg/L). Volume times density
 * is the solution's mass (see `solutionMass`). Kept apart from {@link MassConcentration} (element per
 * volume) by type, though both are a mass per volume with the same Rec 20 units.
 */
export class Density extends UnitQuantity<MassPerVolumeUnit> {
  private constructor(value: Decimal, unit: MassPerVolumeUnit) {
    super(value, unit);
  }

  protected get units(): UnitTable<MassPerVolumeUnit> {
    return MASS_PER_VOLUME_UNITS;
  }

  static of(value: DecimalInput, unit: MassPerVolumeUnit, field = 'density'): Density {
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
    return new Density(amount, checkedUnit);
  }

  static fromJSON(json: unknown, field = 'density'): Density {
    const { quantity, uom } = readQuantityJson(json, field);
    return Density.of(
      parseDecimal(quantity, `${field}.quantity`),
      parseMassPerVolumeUnit(uom, `${field}.uom`),
      field,
    );
  }

  to(unit: MassPerVolumeUnit): Density {
    return new Density(this.valueIn(parseMassPerVolumeUnit(unit)), unit);
  }
}
