import Decimal from 'decimal.js';
import { runElementFlows } from './element-flows';
import type { Genealogy, GenealogyLot } from './genealogy';
import { Rational } from './rational';
import { categoryOf, CONTENT_CATEGORIES, type ContentCategory } from './content-category';
import { TraceabilityError } from './traceability-error';

export const UNCERTAINTY_METHOD =
  "first-order propagation (GUM 5.1) of the assays' standard uncertainties, taken as independent: for every lot of the genealogy whose current composition states an uncertainty u for the element, the exact category shares are recomputed with that lot's fraction raised by u; the share's standard uncertainty is the square root of the sum of the squared changes, rounded half-even to 6 decimal places. Lots whose composition states no uncertainty count as exact and are counted in lotsWithoutUncertainty";

type CategoryVector = ReadonlyMap<ContentCategory, Rational>;

/** Every lot whose fraction of an element enters the lot's shares: the lot, its runs' inputs and outputs, upstream. */
export function lotsEnteringShares(genealogy: Genealogy, lotId: string): string[] {
  const seen = new Set<string>();
  const seenRuns = new Set<string>();
  const pending = [lotId];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const runId = genealogy.lot(id)?.producedByRunId;
    if (runId === undefined || seenRuns.has(runId)) continue;
    seenRuns.add(runId);
    const run = genealogy.run(runId);
    for (const each of [...(run?.inputs ?? []), ...(run?.outputs ?? [])]) pending.push(each.lotId);
  }
  return [...seen].sort();
}

/**
 * The shares of a lot's element by category: the same allocation as `SourceShares`, summed by the
 * sources' categories as it goes (a lot's vector is its inputs' vectors weighted by what each
 * brought over max(total in, total out + losses), plus the unattributed rest), so a recomputation
 * costs one pass over the runs instead of one per source. `known` seeds vectors that do not change.
 */
class CategoryShares {
  private readonly memo: Map<string, CategoryVector>;

  constructor(
    private readonly genealogy: Genealogy,
    private readonly element: string,
    known: ReadonlyMap<string, CategoryVector> = new Map(),
  ) {
    this.memo = new Map(known);
  }

  of(lotId: string, visiting: readonly string[] = []): CategoryVector {
    const known = this.memo.get(lotId);
    if (known) return known;
    if (visiting.includes(lotId)) {
      throw new TraceabilityError({
        code: 'GENEALOGY_CYCLE',
        field: 'lotId',
        value: lotId,
        rule: `must not be produced from itself: the genealogy runs ${[...visiting, lotId].join(' <- ')}`,
      });
    }
    const lot = this.genealogy.lot(lotId);
    const vector = new Map<ContentCategory, Rational>();
    const add = (category: ContentCategory, share: Rational) =>
      vector.set(category, (vector.get(category) ?? Rational.ZERO).plus(share));
    const run = lot?.producedByRunId === undefined ? undefined : this.genealogy.run(lot.producedByRunId);
    if (lot?.producedByRunId === undefined) {
      add(categoryOf(lot), Rational.ONE);
    } else if (!run) {
      add('UNATTRIBUTED', Rational.ONE);
    } else {
      const flows = runElementFlows(this.genealogy, run, this.element);
      const denominator = flows.totalInKg.compare(flows.totalOutKg) >= 0 ? flows.totalInKg : flows.totalOutKg;
      if (denominator.isZero()) {
        add('UNATTRIBUTED', Rational.ONE);
      } else {
        for (const [inputLotId, contributed] of flows.contributed) {
          if (!contributed.isPositive()) continue;
          const weight = contributed.dividedBy(denominator);
          for (const [category, share] of this.of(inputLotId, [...visiting, lotId])) {
            add(category, weight.times(share));
          }
        }
        const attributed = flows.totalInKg.dividedBy(denominator);
        if (attributed.compare(Rational.ONE) < 0) add('UNATTRIBUTED', Rational.ONE.minus(attributed));
      }
    }
    this.memo.set(lotId, vector);
    return vector;
  }

  /** Every vector computed so far. */
  computed(): ReadonlyMap<string, CategoryVector> {
    return this.memo;
  }
}

/** The genealogy with one lot's fraction of one element replaced. */
function withFraction(genealogy: Genealogy, lotId: string, element: string, fraction: Rational): Genealogy {
  const lot = genealogy.lot(lotId);
  if (!lot) return genealogy;
  const changed: GenealogyLot = {
    ...lot,
    composition: { ...lot.composition, [element]: fraction.toDecimalString(60) },
  };
  return { lot: (id) => (id === lotId ? changed : genealogy.lot(id)), run: (id) => genealogy.run(id) };
}

/**
 * The lots whose vectors a change of `lotId`'s fraction can change: the outputs of the run that
 * produced it (its mass received counts in that run's total out) and of the runs that took it, and
 * everything made from those, within the lots entering the traced lot's shares.
 */
function changedBy(
  genealogy: Genealogy,
  lotId: string,
  runsTaking: ReadonlyMap<string, readonly string[]>,
): Set<string> {
  const runIds = [
    ...(genealogy.lot(lotId)?.producedByRunId === undefined
      ? []
      : [genealogy.lot(lotId)?.producedByRunId as string]),
    ...(runsTaking.get(lotId) ?? []),
  ];
  const changed = new Set<string>();
  const pendingRuns = [...runIds];
  const seenRuns = new Set<string>();
  while (pendingRuns.length > 0) {
    const runId = pendingRuns.pop() as string;
    if (seenRuns.has(runId)) continue;
    seenRuns.add(runId);
    for (const output of genealogy.run(runId)?.outputs ?? []) {
      if (changed.has(output.lotId)) continue;
      changed.add(output.lotId);
      pendingRuns.push(...(runsTaking.get(output.lotId) ?? []));
    }
  }
  return changed;
}

/** See {@link UNCERTAINTY_METHOD}; no uncertainties when no lot states one. */
export function shareUncertainties(
  genealogy: Genealogy,
  lotId: string,
  element: string,
): { byCategory: Map<ContentCategory, string>; lotsWithout: number } {
  const entering = lotsEnteringShares(genealogy, lotId);
  const runsTaking = new Map<string, string[]>();
  for (const id of entering) {
    const runId = genealogy.lot(id)?.producedByRunId;
    const run = runId === undefined ? undefined : genealogy.run(runId);
    for (const input of run?.inputs ?? []) {
      const taking = runsTaking.get(input.lotId) ?? [];
      if (!taking.includes(run?.runId ?? '')) taking.push(run?.runId ?? '');
      runsTaking.set(input.lotId, taking);
    }
  }
  const base = new CategoryShares(genealogy, element);
  const baseVector = base.of(lotId);
  const squares = new Map<ContentCategory, Rational>();
  let lotsWith = 0;
  let lotsWithout = 0;
  for (const id of entering) {
    const lot = genealogy.lot(id);
    const fraction = lot?.composition[element];
    if (fraction === undefined) continue;
    const uncertainty = lot?.compositionUncertainty?.[element];
    if (uncertainty === undefined || Rational.fromDecimal(uncertainty).isZero()) {
      lotsWithout += 1;
      continue;
    }
    lotsWith += 1;
    const raised = Rational.fromDecimal(fraction).plus(Rational.fromDecimal(uncertainty));
    const changed = changedBy(genealogy, id, runsTaking);
    const unchanged = new Map([...base.computed()].filter(([each]) => !changed.has(each)));
    const vector = new CategoryShares(withFraction(genealogy, id, element, raised), element, unchanged).of(
      lotId,
    );
    for (const category of CONTENT_CATEGORIES) {
      const delta = (vector.get(category) ?? Rational.ZERO).minus(baseVector.get(category) ?? Rational.ZERO);
      squares.set(category, (squares.get(category) ?? Rational.ZERO).plus(delta.times(delta)));
    }
  }
  const byCategory = new Map<ContentCategory, string>();
  if (lotsWith === 0) return { byCategory, lotsWithout };
  for (const category of CONTENT_CATEGORIES) {
    const square = squares.get(category) ?? Rational.ZERO;
    const root = new Decimal(square.numerator.toString())
      .div(square.denominator.toString())
      .sqrt()
      .toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN);
    byCategory.set(category, root.toFixed(6));
  }
  return { byCategory, lotsWithout };
}
