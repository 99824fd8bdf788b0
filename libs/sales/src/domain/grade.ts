import type Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import { SalesError } from './sales-error';

/** A catalogue product: its main element and that element's mass share in the pure substance. */
export interface Product {
  readonly code: string;
  readonly name: string;
  readonly form: 'METAL' | 'OXIDE' | 'ALLOY';
  readonly element: string;
  readonly formula: string;
  /** 1 for a metal; Tb in Tb4O7 0.8502155458 (IUPAC weights); for an alloy, 1 (purity = the element's share). */
  readonly elementShare: string;
  /** Combined Nomenclature code: 2805 30 rare-earth metals and alloys, 2846 90 compounds. */
  readonly cnCode: string;
  readonly gtin: string;
}

/** A grade of a product: least purity, most of each impurity (plain fractions), list price per kg. */
export interface Grade {
  readonly productCode: string;
  readonly code: string;
  readonly minPurity: string;
  readonly maxImpurities: Readonly<Record<string, string>>;
  readonly listPricePerKg: string;
  readonly currency: string;
}

/** A lot's assay as plain fractions by element (C62). */
export type Assay = Readonly<Record<string, { readonly fraction: string }>>;

/**
 * The purity of a lot as the product: its main element's fraction over that element's share in
 * the pure substance (a Tb4O7 lot at 0.8460 Tb is 0.8460 / 0.8502155458 = 99.504 % Tb4O7).
 */
export function purityOf(product: Product, assay: Assay | undefined): Decimal | undefined {
  const content = assay?.[product.element];
  if (content === undefined) return undefined;
  return parseDecimal(content.fraction).div(parseDecimal(product.elementShare));
}

/**
 * Refuses (GRADE_NOT_MET) a lot whose assay does not show the grade: purity at least the minimum,
 * each listed impurity stated and at most its maximum. An impurity the assay does not state is
 * unknown, not zero. Returns the purity.
 */
export function checkGrade(lotId: string, product: Product, grade: Grade, assay: Assay | undefined): Decimal {
  const refuse = (value: string, rule: string, retryable = false): never => {
    throw new SalesError({ code: 'GRADE_NOT_MET', field: 'lotId', value, rule, retryable });
  };
  const purity = purityOf(product, assay);
  if (purity === undefined) {
    return refuse(
      lotId,
      `must have an assay stating ${product.element} to be sold as ${product.code} ${grade.code} (retry once the assay arrives)`,
      true,
    );
  }
  if (purity.lt(parseDecimal(grade.minPurity))) {
    refuse(
      `${lotId} at ${toPlainString(purity.mul(100).toDecimalPlaces(4))} % ${product.formula}`,
      `must be at least ${toPlainString(parseDecimal(grade.minPurity).mul(100))} % ${product.formula} for grade ${grade.code}`,
    );
  }
  for (const [element, max] of Object.entries(grade.maxImpurities)) {
    const stated = assay?.[element];
    if (stated === undefined) {
      refuse(
        lotId,
        `must state ${element} (grade ${grade.code} allows at most ${max}); an unstated impurity is unknown, not zero`,
      );
    } else if (parseDecimal(stated.fraction).gt(parseDecimal(max))) {
      refuse(
        `${lotId} with ${element} ${stated.fraction}`,
        `must have at most ${max} ${element} for grade ${grade.code}`,
      );
    }
  }
  return purity;
}
