import type Decimal from 'decimal.js';
import { type DecimalInput, parseDecimal, toPlainString } from './exact-decimal';
import { Mass } from './mass';
import { QuantityError } from './quantity-error';
import { readQuantityJson, UnitQuantity } from './unit-quantity';
import { MASS_UNITS, type MassUnit, parseMassUnit, type UnitTable } from './units';

/**
 * A signed mass difference: what `Mass.minus` returns, and what a balance residual or a
 * correction is. It may be negative; `toMass()` turns it back into a measured {@link Mass} and
 * refuses if it is negative.
 */
export class MassDelta extends UnitQuantity<MassUnit> {
  private constructor(value: Decimal, unit: MassUnit) {
    super(value, unit);
  }

  protected get units(): UnitTable<MassUnit> {
    return MASS_UNITS;
  }

  /** `MassDelta.of('-0.25', 'KGM')`; the value is a decimal string, bigint or Decimal. */
  static of(value: DecimalInput, unit: MassUnit, field = 'mass difference'): MassDelta {
    const checkedUnit = parseMassUnit(unit, `${field}.unit`);
    return new MassDelta(parseDecimal(value, field), checkedUnit);
  }

  static zero(unit: MassUnit = 'KGM'): MassDelta {
    return MassDelta.of('0', unit);
  }

  /** Reads `{ quantity: "-0.25", uom: "KGM" }` from untrusted input. */
  static fromJSON(json: unknown, field = 'mass difference'): MassDelta {
    const { quantity, uom } = readQuantityJson(json, field);
    return MassDelta.of(
      parseDecimal(quantity, `${field}.quantity`),
      parseMassUnit(uom, `${field}.uom`),
      field,
    );
  }

  to(unit: MassUnit): MassDelta {
    return new MassDelta(this.valueIn(parseMassUnit(unit)), unit);
  }

  plus(other: MassDelta | Mass): MassDelta {
    return new MassDelta(this.value.plus(other.valueIn(this.unit)), this.unit);
  }

  minus(other: MassDelta | Mass): MassDelta {
    return new MassDelta(this.value.minus(other.valueIn(this.unit)), this.unit);
  }

  /** This difference times any factor (signs allowed). */
  times(factor: DecimalInput, field = 'factor'): MassDelta {
    return new MassDelta(this.value.times(parseDecimal(factor, field)), this.unit);
  }

  negated(): MassDelta {
    return new MassDelta(this.value.isZero() ? this.value : this.value.negated(), this.unit);
  }

  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }

  isPositive(): boolean {
    return this.value.isPositive() && !this.value.isZero();
  }

  /** The size of the difference as a Mass. */
  abs(): Mass {
    return Mass.of(this.value.abs(), this.unit);
  }

  /**
   * As a measured Mass, refusing a negative difference: `lot.minus(taken).toMass('remaining mass')`
   * fails with "remaining mass: got -0.5 KGM, must not be negative ...".
   */
  toMass(field = 'mass'): Mass {
    if (this.isNegative()) {
      throw new QuantityError({
        code: 'NEGATIVE_QUANTITY',
        field,
        value: `${toPlainString(this.value)} ${this.unit}`,
        rule: 'must not be negative: a measured mass is zero or more',
      });
    }
    return Mass.of(this.value, this.unit, field);
  }
}
