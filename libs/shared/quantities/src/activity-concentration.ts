import type Decimal from 'decimal.js';
import { type DecimalInput, parseDecimal, toPlainString } from './exact-decimal';
import { QuantityError } from './quantity-error';
import { readQuantityJson, UnitQuantity } from './unit-quantity';
import {
  ACTIVITY_CONCENTRATION_UNITS,
  type ActivityConcentrationUnit,
  parseActivityConcentrationUnit,
  type UnitTable,
} from './units';

/**
 * Activity per mass of material, for radioactivity screening (U and Th chains):
 * `ActivityConcentration.of('1', 'B25')` is 1 Bq/g. Rec 20 has no Bq/g code; B25 (kBq/kg) is the
 * same quantity with the same number. A18 is Bq/kg.
 */
export class ActivityConcentration extends UnitQuantity<ActivityConcentrationUnit> {
  private constructor(value: Decimal, unit: ActivityConcentrationUnit) {
    super(value, unit);
  }

  protected get units(): UnitTable<ActivityConcentrationUnit> {
    return ACTIVITY_CONCENTRATION_UNITS;
  }

  static of(
    value: DecimalInput,
    unit: ActivityConcentrationUnit,
    field = 'activity concentration',
  ): ActivityConcentration {
    const checkedUnit = parseActivityConcentrationUnit(unit, `${field}.unit`);
    const amount = parseDecimal(value, field);
    if (amount.isNegative()) {
      throw new QuantityError({
        code: 'NEGATIVE_QUANTITY',
        field,
        value: `${toPlainString(amount)} ${checkedUnit}`,
        rule: 'must not be negative',
      });
    }
    return new ActivityConcentration(amount, checkedUnit);
  }

  static fromJSON(json: unknown, field = 'activity concentration'): ActivityConcentration {
    const { quantity, uom } = readQuantityJson(json, field);
    return ActivityConcentration.of(
      parseDecimal(quantity, `${field}.quantity`),
      parseActivityConcentrationUnit(uom, `${field}.uom`),
      field,
    );
  }

  to(unit: ActivityConcentrationUnit): ActivityConcentration {
    return new ActivityConcentration(this.valueIn(parseActivityConcentrationUnit(unit)), unit);
  }

  plus(other: ActivityConcentration): ActivityConcentration {
    return new ActivityConcentration(this.value.plus(other.valueIn(this.unit)), this.unit);
  }
}
