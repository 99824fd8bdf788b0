import type Decimal from 'decimal.js';
import { shiftByPowerOfTen, toPlainString } from './exact-decimal';
import { describeValue, QuantityError } from './quantity-error';
import type { UnitTable } from './units';

/** How every quantity travels as JSON: the number as a decimal string, the unit as a Rec 20 code. */
export interface QuantityJson<U extends string = string> {
  readonly quantity: string;
  readonly uom: U;
}

/**
 * A decimal number with a Rec 20 unit. Shared behaviour of Mass, MassDelta, Volume, MassFraction,
 * MassConcentration, Density and ActivityConcentration: exact unit conversion (all factors are
 * powers of ten), comparison across units, and string/JSON output that never holds a JS number.
 */
export abstract class UnitQuantity<U extends string> {
  protected constructor(
    /** The number, expressed in {@link unit}. */
    readonly value: Decimal,
    readonly unit: U,
  ) {}

  /** The units of this quantity's dimension; declared by each subclass (this also keeps them apart). */
  protected abstract get units(): UnitTable<U>;

  /** This quantity's number expressed in `unit`, exactly. */
  valueIn(unit: U): Decimal {
    const from = this.units[this.unit];
    const to = this.units[unit];
    if (to === undefined) {
      throw new QuantityError({
        code: 'UNKNOWN_UNIT',
        field: 'unit',
        value: describeValue(unit),
        rule: `must be one of ${Object.keys(this.units).join(', ')}`,
      });
    }
    return shiftByPowerOfTen(this.value, from.exponentOfBase - to.exponentOfBase);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`, whatever their units. */
  compareTo(other: this): -1 | 0 | 1 {
    const result = this.valueIn(this.unit).comparedTo(other.valueIn(this.unit));
    return result < 0 ? -1 : result > 0 ? 1 : 0;
  }

  /** Same quantity, whatever the units: 1000 GRM equals 1 KGM. */
  equals(other: this): boolean {
    return this.compareTo(other) === 0;
  }

  isGreaterThan(other: this): boolean {
    return this.compareTo(other) > 0;
  }

  isLessThan(other: this): boolean {
    return this.compareTo(other) < 0;
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  /** `"12.345 KGM"`: plain decimal text (no exponent) and the Rec 20 code. */
  toString(): string {
    return `${toPlainString(this.value)} ${this.unit}`;
  }

  /** `{ quantity: "12.345", uom: "KGM" }`, field names as in EPCIS quantity elements. */
  toJSON(): QuantityJson<U> {
    return { quantity: toPlainString(this.value), uom: this.unit };
  }
}

/** Reads `{ quantity, uom }` from untrusted JSON, checking its shape (values are checked by the caller). */
export function readQuantityJson(json: unknown, field: string): { quantity: unknown; uom: unknown } {
  if (typeof json !== 'object' || json === null || !('quantity' in json) || !('uom' in json)) {
    throw new QuantityError({
      code: 'INVALID_QUANTITY_JSON',
      field,
      value: describeValue(json),
      rule: 'must be an object { quantity: "<decimal string>", uom: "<Rec 20 code>" }',
    });
  }
  return { quantity: json.quantity, uom: json.uom };
}
