import type Decimal from 'decimal.js';
import { type DecimalInput, parseDecimal, quotient, toPlainString } from './exact-decimal';
import { QuantityError } from './quantity-error';
import { readQuantityJson, UnitQuantity } from './unit-quantity';
import { parseVolumeUnit, type UnitTable, VOLUME_UNITS, type VolumeUnit } from './units';

/** A measured volume (of a leach liquor, a strip solution, ...): exact decimal, never negative. */
export class Volume extends UnitQuantity<VolumeUnit> {
  private constructor(value: Decimal, unit: VolumeUnit) {
    super(value, unit);
  }

  protected get units(): UnitTable<VolumeUnit> {
    return VOLUME_UNITS;
  }

  /** `Volume.of('250', 'LTR')`; JS numbers and negative values are refused. */
  static of(value: DecimalInput, unit: VolumeUnit, field = 'volume'): Volume {
    const checkedUnit = parseVolumeUnit(unit, `${field}.unit`);
    const amount = parseDecimal(value, field);
    if (amount.isNegative()) {
      throw new QuantityError({
        code: 'NEGATIVE_QUANTITY',
        field,
        value: `${toPlainString(amount)} ${checkedUnit}`,
        rule: 'must not be negative: a measured volume is zero or more',
      });
    }
    return new Volume(amount, checkedUnit);
  }

  static zero(unit: VolumeUnit = 'LTR'): Volume {
    return Volume.of('0', unit);
  }

  static fromJSON(json: unknown, field = 'volume'): Volume {
    const { quantity, uom } = readQuantityJson(json, field);
    return Volume.of(
      parseDecimal(quantity, `${field}.quantity`),
      parseVolumeUnit(uom, `${field}.uom`),
      field,
    );
  }

  to(unit: VolumeUnit): Volume {
    return new Volume(this.valueIn(parseVolumeUnit(unit)), unit);
  }

  plus(other: Volume): Volume {
    return new Volume(this.value.plus(other.valueIn(this.unit)), this.unit);
  }

  /** `this - other`, refused if it would be negative (a volume taken that was not there). */
  minus(other: Volume, field = 'volume'): Volume {
    return Volume.of(this.value.minus(other.valueIn(this.unit)), this.unit, field);
  }

  times(factor: DecimalInput, field = 'factor'): Volume {
    return Volume.of(this.value.times(parseDecimal(factor, field)), this.unit, field);
  }

  /** The dimensionless ratio `this / other` (to 80 significant digits). */
  ratio(other: Volume): Decimal {
    if (other.isZero()) {
      throw new QuantityError({
        code: 'DIVISION_BY_ZERO',
        field: 'volume',
        value: other.toString(),
        rule: 'must not be zero as the denominator of a volume ratio',
      });
    }
    return quotient(this.valueIn('LTR'), other.valueIn('LTR'));
  }
}
