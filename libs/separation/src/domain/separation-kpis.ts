import Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import type { FractionKind } from './fraction';
import type { SeparationFactor } from './separation-factor';
import type { ContactorType, ExtractantKind } from './solvent-extraction-parameters';

/** KPIs are rounded once, at the end, to this many decimal places (half-even). */
export const KPI_PLACES = 6;

export const rounded = (value: Decimal) =>
  toPlainString(value.toDecimalPlaces(KPI_PLACES, Decimal.ROUND_HALF_EVEN));

export interface ElementRecovery {
  readonly element: string;
  /** Opening inventory + inputs, kg (exact). */
  readonly fedKg: string;
  /** In the fraction (or product) the element is made for, kg (exact). */
  readonly recoveredKg: string;
  /** recoveredKg / fedKg x 100; undefined when none was fed. */
  readonly percent?: string;
}

export interface FractionPurityKpi {
  readonly kind: FractionKind | 'OXIDE';
  /** Mass of the run's fractions of this kind, kg. */
  readonly massKg: string;
  /** Their stated purity, weighted by mass; undefined when none states one. */
  readonly purityPercent?: string;
}

/** The "2x" goal: the achieved beta against the conventional extractant's. */
export interface BetaAgainstBaseline {
  readonly baselineBeta: string;
  readonly goalFactor: string;
  /** beta / baselineBeta. */
  readonly ratio: string;
  readonly goalMet: boolean;
}

export interface SeparationRunKpis {
  readonly provisional: boolean;
  readonly extractant?: { readonly name: string; readonly kind: ExtractantKind };
  readonly contactor?: { readonly type: ContactorType; readonly volumeL: string };
  readonly separationFactor?: SeparationFactor;
  readonly againstBaseline?: BetaAgainstBaseline;
  /** SX: Tb into the Tb-rich and Dy into the Dy-rich fractions; other runs: Tb and Dy into their products. */
  readonly recoveries: readonly ElementRecovery[];
  readonly purities: readonly FractionPurityKpi[];
  /** SX: (organic + aqueous flow) / contactor volume, 1/h. */
  readonly throughputPerContactorVolume?: string;
}

/** recovered / fed x 100, exact until the one rounding. */
export function recoveryOf(element: string, fedKg: Decimal, recoveredKg: Decimal): ElementRecovery {
  return {
    element,
    fedKg: toPlainString(fedKg),
    recoveredKg: toPlainString(recoveredKg),
    ...(fedKg.isZero() ? {} : { percent: rounded(recoveredKg.div(fedKg).times(100)) }),
  };
}

/** beta against the baseline: ratio beta / baseline, and whether it reaches goalFactor x baseline. */
export function betaAgainstBaseline(
  beta: string,
  baselineBeta: string,
  goalFactor: string,
): BetaAgainstBaseline {
  const ratio = parseDecimal(beta).div(parseDecimal(baselineBeta));
  return { baselineBeta, goalFactor, ratio: rounded(ratio), goalMet: ratio.gte(parseDecimal(goalFactor)) };
}

/** Mass-weighted purity of a set of fractions of one kind. */
export function purityOf(
  kind: FractionPurityKpi['kind'],
  fractions: readonly { massKg: string; purityPercent?: string }[],
): FractionPurityKpi {
  const mass = fractions.reduce((sum, f) => sum.plus(parseDecimal(f.massKg)), parseDecimal('0'));
  const stated = fractions.filter((f) => f.purityPercent !== undefined);
  const statedMass = stated.reduce((sum, f) => sum.plus(parseDecimal(f.massKg)), parseDecimal('0'));
  const weighted = stated.reduce(
    (sum, f) => sum.plus(parseDecimal(f.massKg).times(parseDecimal(f.purityPercent ?? '0'))),
    parseDecimal('0'),
  );
  return {
    kind,
    massKg: toPlainString(mass),
    ...(statedMass.isZero() ? {} : { purityPercent: rounded(weighted.div(statedMass)) }),
  };
}
