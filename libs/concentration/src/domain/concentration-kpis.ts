import Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';

/** Element masses in kg by element symbol (exact decimals). */
export type ElementMassesKg = ReadonlyMap<string, Decimal>;

/** The heavy rare earths the concentrate is made for; the basis of the decontamination factors. */
export const TARGET_ELEMENTS = ['Dy', 'Tb'] as const;
/** Impurities whose separation from the target elements is reported. */
export const DECONTAMINATION_IMPURITIES = ['Fe', 'Al', 'U', 'Th'] as const;
/** KPIs are rounded once, at the end, to this many decimal places (half-even). */
export const KPI_DECIMAL_PLACES = 6;

export interface ElementRecovery {
  readonly element: string;
  readonly inputKg: string;
  readonly recoveredKg: string;
  /** recoveredKg / inputKg x 100; undefined when the run had none of the element. */
  readonly percent: string | undefined;
}

export interface DecontaminationFactor {
  readonly impurity: string;
  /** (impurity / (Dy + Tb)) in the feed; undefined when the feed had no Dy or Tb. */
  readonly feedRatio: string | undefined;
  /** (impurity / (Dy + Tb)) in the concentrate; undefined when the concentrate has no Dy or Tb. */
  readonly concentrateRatio: string | undefined;
  /** feedRatio / concentrateRatio; undefined when either is missing or the concentrate has none of the impurity. */
  readonly factor: string | undefined;
}

export interface ConcentrationKpis {
  /** Recovery of Dy and Tb: % of the element fed to the run that reached the concentrate. */
  readonly recoveries: readonly ElementRecovery[];
  readonly decontaminationFactors: readonly DecontaminationFactor[];
}

const ZERO = parseDecimal('0');
const HUNDRED = parseDecimal('100');

function massOf(masses: ElementMassesKg, element: string): Decimal {
  return masses.get(element) ?? ZERO;
}

function rounded(value: Decimal): string {
  return toPlainString(value.toDecimalPlaces(KPI_DECIMAL_PLACES, Decimal.ROUND_HALF_EVEN));
}

/** recovered / input x 100 for each element, as a percentage rounded once at the end. */
export function elementRecoveries(
  fed: ElementMassesKg,
  recovered: ElementMassesKg,
  elements: readonly string[],
): ElementRecovery[] {
  return elements.map((element) => {
    const input = massOf(fed, element);
    const output = massOf(recovered, element);
    return {
      element,
      inputKg: toPlainString(input),
      recoveredKg: toPlainString(output),
      percent: input.isZero() ? undefined : rounded(output.div(input).times(HUNDRED)),
    };
  });
}

/**
 * Decontamination factor of an impurity: DF = (impurity / REE in the feed) / (impurity / REE in the
 * concentrate), with REE = Dy + Tb (the target heavy rare earths). DF 100 means the concentrate
 * carries a hundredth of the impurity per kg of Dy + Tb that the feed did.
 */
export function decontaminationFactors(
  fed: ElementMassesKg,
  concentrate: ElementMassesKg,
): DecontaminationFactor[] {
  const reeOf = (masses: ElementMassesKg) =>
    TARGET_ELEMENTS.reduce((sum, element) => sum.plus(massOf(masses, element)), ZERO);
  const feedRee = reeOf(fed);
  const concentrateRee = reeOf(concentrate);
  return DECONTAMINATION_IMPURITIES.map((impurity) => {
    const feedRatio = feedRee.isZero() ? undefined : massOf(fed, impurity).div(feedRee);
    const concentrateRatio = concentrateRee.isZero()
      ? undefined
      : massOf(concentrate, impurity).div(concentrateRee);
    const factor =
      feedRatio === undefined ||
      concentrateRatio === undefined ||
      concentrateRatio.isZero() ||
      feedRatio.isZero()
        ? undefined
        : feedRatio.div(concentrateRatio);
    return {
      impurity,
      feedRatio: feedRatio === undefined ? undefined : rounded(feedRatio),
      concentrateRatio: concentrateRatio === undefined ? undefined : rounded(concentrateRatio),
      factor: factor === undefined ? undefined : rounded(factor),
    };
  });
}

/** Recovery of Dy and Tb and the decontamination factors against Fe, Al, U and Th. */
export function concentrationKpis(fed: ElementMassesKg, concentrate: ElementMassesKg): ConcentrationKpis {
  return {
    recoveries: elementRecoveries(fed, concentrate, TARGET_ELEMENTS),
    decontaminationFactors: decontaminationFactors(fed, concentrate),
  };
}

/** Dissolution yield of a leaching run: % of each element fed that went into the leach liquor. */
export function dissolutionYields(fed: ElementMassesKg, liquor: ElementMassesKg): ElementRecovery[] {
  const elements = [...fed.keys()].filter((element) => !massOf(fed, element).isZero()).sort();
  return elementRecoveries(fed, liquor, elements);
}
