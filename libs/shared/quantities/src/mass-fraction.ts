import type Decimal from 'decimal.js';
import { type DecimalInput, formatPercent, ONE, parseDecimal, shiftByPowerOfTen } from './exact-decimal';
import { QuantityError } from './quantity-error';
import { readQuantityJson, UnitQuantity } from './unit-quantity';
import { MASS_FRACTION_UNITS, type MassFractionUnit, parseMassFractionUnit, type UnitTable } from './units';

/**
 * A mass fraction (element content, moisture, grade): a value between 0 and 1 inclusive, given as
 * a plain fraction (C62), wt % (P1), ppm (59) or ppb (61). Conversions between these are exact:
 * `MassFraction.of('3.2', 'P1').fraction` is exactly 0.032.
 */
export class MassFraction extends UnitQuantity<MassFractionUnit> {
  private constructor(value: Decimal, unit: MassFractionUnit) {
    super(value, unit);
  }

  protected get units(): UnitTable<MassFractionUnit> {
    return MASS_FRACTION_UNITS;
  }

  /** `MassFraction.of('3.2', 'P1')`; refuses values below 0 or above 1 (100 %). */
  static of(value: DecimalInput, unit: MassFractionUnit = 'C62', field = 'mass fraction'): MassFraction {
    const checkedUnit = parseMassFractionUnit(unit, `${field}.unit`);
    const amount = parseDecimal(value, field);
    const fraction = shiftByPowerOfTen(amount, MASS_FRACTION_UNITS[checkedUnit].exponentOfBase);
    if (fraction.isNegative() || fraction.greaterThan(ONE)) {
      throw new QuantityError({
        code: 'FRACTION_OUT_OF_RANGE',
        field,
        value: `${amount.toFixed()} ${checkedUnit}`,
        detail: `got ${amount.toFixed()} ${checkedUnit} (${formatPercent(fraction)})`,
        rule: 'must be between 0 % and 100 %',
      });
    }
    return new MassFraction(amount, checkedUnit);
  }

  static zero(): MassFraction {
    return MassFraction.of('0');
  }

  static fromJSON(json: unknown, field = 'mass fraction'): MassFraction {
    const { quantity, uom } = readQuantityJson(json, field);
    return MassFraction.of(
      parseDecimal(quantity, `${field}.quantity`),
      parseMassFractionUnit(uom, `${field}.uom`),
      field,
    );
  }

  /** The plain fraction (unit "one"): 3.2 wt % gives 0.032. */
  get fraction(): Decimal {
    return this.valueIn('C62');
  }

  to(unit: MassFractionUnit): MassFraction {
    return new MassFraction(this.valueIn(parseMassFractionUnit(unit)), unit);
  }

  /** `1 - this`: the dry share for a moisture fraction, the rest for a grade. */
  complement(): MassFraction {
    return MassFraction.of(ONE.minus(this.fraction), 'C62').to(this.unit);
  }

  /** For messages: "3.2 %". */
  toPercentText(): string {
    return formatPercent(this.fraction);
  }
}
