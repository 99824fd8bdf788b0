import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { StoredComposition } from './process-quantities';

/** Where a lot quantity stands in a run's balance. */
export type BalanceSide = 'OPENING_INVENTORY' | 'INPUT' | 'OUTPUT' | 'CLOSING_INVENTORY';

/** A quantity of a lot that enters or leaves the run, with the lot's composition at the time of the balance. */
export interface LotBalanceTerm {
  readonly side: BalanceSide;
  readonly lotId: string;
  /** For outputs: PRODUCT, BY_PRODUCT, RESIDUE (closing inventory has its own side). */
  readonly role?: string;
  readonly massKg: Decimal;
  /** Undefined: the lot carries none of the tracked elements (a reagent): it stays out of the balance. */
  readonly composition?: StoredComposition;
  readonly provisional: boolean;
}

/** A declared loss of one element (off-gas, spill, sample), in kg, with its standard uncertainty. */
export interface LossBalanceTerm {
  readonly element: string;
  readonly massKg: Decimal;
  readonly uncertaintyKg?: Decimal;
  readonly kind: string;
}

export interface MassBalanceSettings {
  /** Coverage factor k: the balance closes when |imbalance| <= k x combined standard uncertainty. Default 2. */
  readonly coverageFactor: Decimal;
  /** The elements balanced; default every element stated by a lot term or a loss. */
  readonly trackedElements?: readonly string[];
}

/** One element's balance, in kg (exact decimal strings, except the tolerance: see README). */
export interface ElementBalance {
  readonly element: string;
  readonly openingInventoryKg: string;
  readonly inputsKg: string;
  readonly outputsKg: string;
  readonly outputsByRoleKg: Readonly<Record<string, string>>;
  readonly closingInventoryKg: string;
  readonly lossesKg: string;
  /** (opening + inputs) - (outputs + closing + losses); positive: material unaccounted for. */
  readonly imbalanceKg: string;
  /** imbalance / (opening + inputs), plain fraction; undefined when nothing went in. */
  readonly relativeImbalance?: string;
  /** sqrt of the sum of the squared absolute uncertainties of every term, kg. */
  readonly combinedUncertaintyKg: string;
  /** coverage factor x combined uncertainty, rounded up to a whole milligram. */
  readonly toleranceKg: string;
  readonly closes: boolean;
  /** Lots in the balance that do not state this element (counted as zero). */
  readonly unstatedBy: readonly string[];
}

export interface MassBalance {
  readonly elements: readonly ElementBalance[];
  /** True when every element closes. */
  readonly closes: boolean;
  /** True when any lot term's composition is a provisional assay. */
  readonly provisional: boolean;
  readonly coverageFactor: string;
}

const ZERO = parseDecimal('0');

/**
 * The per-element mass balance of a run: for every element e,
 * opening inventory + inputs = outputs + closing inventory + losses, within k x u_c, where u_c is
 * the root-sum-square of the absolute standard uncertainties of all terms (a lot term's is its
 * mass x the stated uncertainty of its fraction; a loss's is the one declared with it).
 */
export function computeMassBalance(
  lots: readonly LotBalanceTerm[],
  losses: readonly LossBalanceTerm[],
  settings: MassBalanceSettings,
): MassBalance {
  const balanced = lots.filter((term) => term.composition !== undefined);
  const elements =
    settings.trackedElements ??
    [
      ...new Set([
        ...balanced.flatMap((term) => Object.keys(term.composition ?? {})),
        ...losses.map((loss) => loss.element),
      ]),
    ].sort();
  const results = elements.map((element) => {
    const sums: Record<BalanceSide, Decimal> = {
      OPENING_INVENTORY: ZERO,
      INPUT: ZERO,
      OUTPUT: ZERO,
      CLOSING_INVENTORY: ZERO,
    };
    const byRole: Record<string, Decimal> = {};
    let variance = ZERO;
    const unstatedBy: string[] = [];
    for (const term of balanced) {
      const content = term.composition?.[element];
      if (content === undefined) {
        if (!unstatedBy.includes(term.lotId)) unstatedBy.push(term.lotId);
        continue;
      }
      const mass = term.massKg.times(parseDecimal(content.fraction));
      sums[term.side] = sums[term.side].plus(mass);
      if (term.side === 'OUTPUT') {
        const role = term.role ?? 'PRODUCT';
        byRole[role] = (byRole[role] ?? ZERO).plus(mass);
      }
      if (content.uncertainty !== undefined) {
        const u = term.massKg.times(parseDecimal(content.uncertainty));
        variance = variance.plus(u.times(u));
      }
    }
    let lossSum = ZERO;
    for (const loss of losses.filter((l) => l.element === element)) {
      lossSum = lossSum.plus(loss.massKg);
      if (loss.uncertaintyKg !== undefined)
        variance = variance.plus(loss.uncertaintyKg.times(loss.uncertaintyKg));
    }
    const entering = sums.OPENING_INVENTORY.plus(sums.INPUT);
    const imbalance = entering.minus(sums.OUTPUT).minus(sums.CLOSING_INVENTORY).minus(lossSum);
    const combined = variance.sqrt();
    const tolerance = settings.coverageFactor.times(combined).toDecimalPlaces(6, 0 /* ROUND_UP */);
    const balance: ElementBalance = {
      element,
      openingInventoryKg: toPlainString(sums.OPENING_INVENTORY),
      inputsKg: toPlainString(sums.INPUT),
      outputsKg: toPlainString(sums.OUTPUT),
      outputsByRoleKg: Object.fromEntries(Object.entries(byRole).map(([r, v]) => [r, toPlainString(v)])),
      closingInventoryKg: toPlainString(sums.CLOSING_INVENTORY),
      lossesKg: toPlainString(lossSum),
      imbalanceKg: toPlainString(imbalance),
      relativeImbalance: entering.isZero()
        ? undefined
        : toPlainString(imbalance.dividedBy(entering).toSignificantDigits(12)),
      combinedUncertaintyKg: toPlainString(combined.toSignificantDigits(12)),
      toleranceKg: toPlainString(tolerance),
      closes: imbalance.abs().lessThanOrEqualTo(tolerance),
      unstatedBy,
    };
    return balance;
  });
  return {
    elements: results,
    closes: results.every((r) => r.closes),
    provisional: balanced.some((term) => term.provisional),
    coverageFactor: toPlainString(settings.coverageFactor),
  };
}
