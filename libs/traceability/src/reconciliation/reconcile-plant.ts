import { Rational } from '../domain/rational';
import type { RunReconciliation } from './reconcile-run';
import type { ImbalanceOverride } from './run-balance-facts';

/** One element over a period, summed over the plant's runs completed in it, exact kg. */
export interface PlantElementReconciliation {
  readonly element: string;
  /** Completed runs of the period reconciled for the element. */
  readonly runs: number;
  readonly openingInventoryKg: string;
  readonly inputsKg: string;
  readonly totalInKg: string;
  readonly productsKg: string;
  readonly byProductsKg: string;
  readonly residuesKg: string;
  readonly closingInventoryKg: string;
  readonly outputsKg: string;
  readonly lossesKg: string;
  readonly totalOutKg: string;
  /** Sum of every run's difference (in - out - losses), signed. */
  readonly differenceKg: string;
  /** Sum of the differences of the runs whose element did not close (overridden ones included), signed. */
  readonly unclosedDifferenceKg: string;
  readonly runsNotClosed: number;
}

/** A run of the period with at least one element that did not close. */
export interface UnclosedRun {
  readonly run: RunReconciliation;
  /** The elements that did not close. */
  readonly elements: readonly string[];
}

export interface PlantReconciliation {
  readonly from: Date;
  readonly to: Date;
  readonly runCount: number;
  readonly elements: readonly PlantElementReconciliation[];
  readonly runsNotClosed: readonly UnclosedRun[];
  /** Overrides of the period's runs, by time. */
  readonly overrides: readonly ImbalanceOverride[];
}

const SUMMED = [
  'openingInventoryKg',
  'inputsKg',
  'totalInKg',
  'productsKg',
  'byProductsKg',
  'residuesKg',
  'closingInventoryKg',
  'outputsKg',
  'lossesKg',
  'totalOutKg',
  'differenceKg',
] as const;

/**
 * The plant's reconciliation over [from, to): the completed runs' element figures summed per
 * element (an in-process inventory closed by one run and opened by the next counts in both, as it
 * does in each run), the runs that did not close and the overrides. Exact: no rounding at all.
 */
export function reconcilePlant(
  period: { from: Date; to: Date },
  runs: readonly RunReconciliation[],
  elements?: readonly string[],
): PlantReconciliation {
  const completed = runs
    .filter((run) => run.completedAt !== undefined)
    .sort(
      (a, b) =>
        (a.completedAt?.getTime() ?? 0) - (b.completedAt?.getTime() ?? 0) || compare(a.runId, b.runId),
    );
  const wanted =
    elements ?? [...new Set(completed.flatMap((run) => run.elements.map((e) => e.element)))].sort();
  const perElement = wanted.map((element): PlantElementReconciliation => {
    const sums = Object.fromEntries(SUMMED.map((key) => [key, Rational.ZERO])) as Record<
      (typeof SUMMED)[number],
      Rational
    >;
    let unclosed = Rational.ZERO;
    let count = 0;
    let notClosed = 0;
    for (const run of completed) {
      const figures = run.elements.find((each) => each.element === element);
      if (!figures) continue;
      count += 1;
      for (const key of SUMMED) sums[key] = sums[key].plus(Rational.fromDecimal(figures[key]));
      if (!figures.closes) {
        notClosed += 1;
        unclosed = unclosed.plus(Rational.fromDecimal(figures.differenceKg));
      }
    }
    const text = Object.fromEntries(SUMMED.map((key) => [key, sums[key].toDecimalString()])) as Record<
      (typeof SUMMED)[number],
      string
    >;
    return {
      element,
      runs: count,
      ...text,
      unclosedDifferenceKg: unclosed.toDecimalString(),
      runsNotClosed: notClosed,
    };
  });
  const runsNotClosed = completed.flatMap((run) => {
    const failing = run.elements.filter((each) => wanted.includes(each.element) && !each.closes);
    return failing.length > 0 ? [{ run, elements: failing.map((each) => each.element) }] : [];
  });
  const overrides = completed
    .flatMap((run) => (run.override ? [run.override] : []))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || compare(a.runId, b.runId));
  return {
    from: period.from,
    to: period.to,
    runCount: completed.length,
    elements: perElement,
    runsNotClosed,
    overrides,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
