import Decimal from 'decimal.js';
import { parseDecimal, stoichiometricRatio, toPlainString } from '@rre/quantities';
import { oneOf } from './separation-input';

export const OXIDES = ['TB4O7', 'DY2O3'] as const;
/** The oxides separation makes by precipitation and calcination. */
export type Oxide = (typeof OXIDES)[number];

const OXIDE_RULES: Readonly<Record<Oxide, { readonly formula: string; readonly element: 'Tb' | 'Dy' }>> = {
  TB4O7: { formula: 'Tb4O7', element: 'Tb' },
  DY2O3: { formula: 'Dy2O3', element: 'Dy' },
};

/** Element fractions of an oxide lot are kept to this many decimal places (half-even): 1e-12, far below any assay. */
export const OXIDE_FRACTION_PLACES = 12;

/**
 * How an oxide's mass turns into its element's mass. The molar masses are the standard atomic
 * weights of @rre/quantities: Tb 158.925354, Dy 162.500, O 15.999 g/mol, so Tb4O7 = 4 x 158.925354
 * + 7 x 15.999 = 747.694416 g/mol (Tb 635.701416 g/mol of it, factor 0.850215...) and Dy2O3 =
 * 2 x 162.500 + 3 x 15.999 = 372.997 g/mol (Dy 325 g/mol of it, factor 0.871320...).
 */
export interface OxideConversion {
  readonly oxide: Oxide;
  readonly formula: string;
  readonly element: 'Tb' | 'Dy';
  readonly elementMolarMassGPerMol: string;
  readonly oxideMolarMassGPerMol: string;
  /** elementMolarMass / oxideMolarMass, at 80 significant digits. */
  readonly factor: Decimal;
}

export function oxideConversion(oxide: string, field = 'oxide'): OxideConversion {
  const known = oneOf(oxide, OXIDES, field);
  const rule = OXIDE_RULES[known];
  const ratio = stoichiometricRatio(rule.element, rule.formula);
  return {
    oxide: known,
    formula: rule.formula,
    element: rule.element,
    elementMolarMassGPerMol: toPlainString(ratio.elementMolarMass),
    oxideMolarMassGPerMol: toPlainString(ratio.formulaMolarMass),
    factor: ratio.factor,
  };
}

export interface OxideLotContents {
  /** Mass fraction of the element in the lot: purity x factor, rounded to 12 places. */
  readonly elementFraction: string;
  readonly elementFractionUncertainty?: string;
  /** Mass fraction of the oxide's oxygen: purity - elementFraction (so the two add up to the purity). */
  readonly oxygenFraction: string;
  /** Element mass in the lot: oxide mass x purity x factor, rounded once to 1 mg (half-even). */
  readonly elementMassKg: string;
}

const at = (value: Decimal, places: number) =>
  toPlainString(value.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN));

/** The element content of `oxideMassKg` of oxide at `purityPercent` (± `purityUncertaintyPercent`). */
export function oxideLotContents(
  conversion: OxideConversion,
  oxideMassKg: string,
  purityPercent: string,
  purityUncertaintyPercent?: string,
): OxideLotContents {
  const purity = parseDecimal(purityPercent).div(100);
  const element = purity.times(conversion.factor);
  const elementFraction = element.toDecimalPlaces(OXIDE_FRACTION_PLACES, Decimal.ROUND_HALF_EVEN);
  return {
    elementFraction: toPlainString(elementFraction),
    ...(purityUncertaintyPercent === undefined
      ? {}
      : {
          elementFractionUncertainty: at(
            parseDecimal(purityUncertaintyPercent).div(100).times(conversion.factor),
            OXIDE_FRACTION_PLACES,
          ),
        }),
    oxygenFraction: toPlainString(purity.minus(elementFraction)),
    elementMassKg: at(parseDecimal(oxideMassKg).times(element), 6),
  };
}
