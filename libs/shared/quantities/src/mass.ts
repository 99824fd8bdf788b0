import type Decimal from 'decimal.js';
import { type DecimalInput, parseDecimal, quotient, toPlainString } from './exact-decimal';
import { MassDelta } from './mass-delta';
import { QuantityError } from './quantity-error';
import { readQuantityJson, UnitQuantity } from './unit-quantity';
import { MASS_UNITS, type MassUnit, parseMassUnit, type UnitTable } from './units';

/**
 * A measured mass: exact decimal, Rec 20 unit, never negative. Differences are {@link MassDelta}s,
 * which may be negative; turn one back into a Mass with `MassDelta.toMass()`.
 *
 * Sums and products are exact for recorded figures (they are rounded half-even only beyond 60
 * significant digits); unit conversions are always exact.
 */
export class Mass extends UnitQuantity<MassUnit> {
  private constructor(value: Decimal, unit: MassUnit) {
    super(value, unit);
  }

  protected get units(): UnitTable<MassUnit> {
    return MASS_UNITS;
  }

  /**
   * `Mass.of('12.345', 'KGM')`. The value is a decimal string, bigint or Decimal; JS numbers and
   * negative values are refused with a {@link QuantityError} naming `field`.
   */
  static of(value: DecimalInput, unit: MassUnit, field = 'mass'): Mass {
    const checkedUnit = parseMassUnit(unit, `${field}.unit`);
    const amount = parseDecimal(value, field);
    if (amount.isNegative()) {
      throw new QuantityError({
        code: 'NEGATIVE_QUANTITY',
        field,
        value: `${toPlainString(amount)} ${checkedUnit}`,
        rule: 'must not be negative: a measured mass is zero or more',
      });
    }
    return new Mass(amount, checkedUnit);
  }

  static zero(unit: MassUnit = 'KGM'): Mass {
    return Mass.of('0', unit);
  }

  /** Reads `{ quantity: "12.345", uom: "KGM" }` (the output of `toJSON`) from untrusted input. */
  static fromJSON(json: unknown, field = 'mass'): Mass {
    const { quantity, uom } = readQuantityJson(json, field);
    return Mass.of(parseDecimal(quantity, `${field}.quantity`), parseMassUnit(uom, `${field}.uom`), field);
  }

  /** The exact sum, in `unit` (default: the first mass's unit, or KGM for an empty list). */
  static sum(masses: readonly Mass[], unit?: MassUnit): Mass {
    const target = unit ?? masses[0]?.unit ?? 'KGM';
    return masses.reduce((total, mass) => total.plus(mass), Mass.zero(target));
  }

  /** The same mass in another unit (exact). */
  to(unit: MassUnit): Mass {
    return new Mass(this.valueIn(parseMassUnit(unit)), unit);
  }

  /** The sum, in this mass's unit. */
  plus(other: Mass): Mass {
    return new Mass(this.value.plus(other.valueIn(this.unit)), this.unit);
  }

  /** The signed difference `this - other`, in this mass's unit. */
  minus(other: Mass): MassDelta {
    return MassDelta.of(this.value.minus(other.valueIn(this.unit)), this.unit);
  }

  /** This mass times a non-negative factor (e.g. a mass fraction), in this mass's unit. */
  times(factor: DecimalInput, field = 'factor'): Mass {
    const f = parseDecimal(factor, field);
    if (f.isNegative()) {
      throw new QuantityError({
        code: 'NEGATIVE_QUANTITY',
        field,
        value: toPlainString(f),
        rule: 'must not be negative: a mass times a negative factor is not a mass',
      });
    }
    return new Mass(this.value.times(f), this.unit);
  }

  /** The dimensionless ratio `this / other` (to 80 significant digits); `other` must not be zero. */
  ratio(other: Mass): Decimal {
    if (other.isZero()) {
      throw new QuantityError({
        code: 'DIVISION_BY_ZERO',
        field: 'mass',
        value: other.toString(),
        rule: 'must not be zero as the denominator of a mass ratio',
      });
    }
    return quotient(this.valueIn('KGM'), other.valueIn('KGM'));
  }

  /** As a signed {@link MassDelta} (same value and unit). */
  toDelta(): MassDelta {
    return MassDelta.of(this.value, this.unit);
  }
}
