import { elementMassOf, runElementFlows } from './element-flows';
import type { Genealogy, GenealogyLot } from './genealogy';
import { gcd, Rational, scaledIntegerToText, sumOf } from './rational';
import { TraceabilityError } from './traceability-error';

/** The rule the attributed masses are rounded by, stated with every trace. */
export const ATTRIBUTION_ROUNDING_RULE =
  "the lot's element mass (mass x current fraction) is rounded once, half-even, to 1 mg; it is split over the sources in proportion to their exact shares by the largest-remainder method at 1 mg (equal remainders: the smaller lot id first, the unattributed share last), so the attributed masses sum exactly to the rounded element mass";

/** What one source (or the unattributed share) gave the traced lot of one element. */
export interface SourceAttribution {
  /** The source lot; undefined for the unattributed share. */
  readonly source?: GenealogyLot;
  /** Exact share of the traced lot's element mass, as a fraction. */
  readonly share: Rational;
  /** Exact attributed mass, kg. */
  readonly exactKg: Rational;
  /** Attributed mass rounded by {@link ATTRIBUTION_ROUNDING_RULE}, kg (3 decimal places of g: 6 of kg). */
  readonly attributedKg: string;
  /** The chains of runs the element took from the source to the lot, each first run first. */
  readonly paths: readonly (readonly string[])[];
}

export interface BackwardTrace {
  readonly lotId: string;
  readonly element: string;
  readonly exactElementMassKg: Rational;
  /** Rounded half-even to 1 mg, kg. */
  readonly elementMassKg: string;
  /** Sources by lot id, then the unattributed share when there is one. */
  readonly sources: readonly SourceAttribution[];
}

interface Share {
  share: Rational;
  /** Paths as run ids joined by "\u0000", source side first. */
  paths: Set<string>;
}

/** The key of the unattributed share: what a run put out beyond what its inputs brought. */
const UNATTRIBUTED = '';
const PATH_SEPARATOR = '\u0000';

/**
 * Physical proportional allocation (controlled blending): every kilogram of `element` in a lot that
 * a run produced came from the run's inputs in proportion to what each input brought of the
 * element (net mass taken x its current fraction). Residues, closing inventory and declared losses
 * take their share alike, because the allocation divides by all that went in. When a run put out
 * more of the element than went in (outputs + losses > inputs, a balance that closed only within
 * its uncertainty or by override), the excess share of each output is unattributed.
 *
 * So for a lot L that run R produced, share(L <- S) = sum over inputs i of
 * in(i) / max(total in, total out + losses) x share(i <- S); a lot no run produced is its own source.
 */
export class SourceShares {
  private readonly memo = new Map<string, Map<string, Share>>();

  constructor(private readonly genealogy: Genealogy) {}

  of(lotId: string, element: string, visiting: readonly string[] = []): Map<string, Share> {
    const memoKey = `${element} ${lotId}`;
    const known = this.memo.get(memoKey);
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
    const shares = new Map<string, Share>();
    const runId = lot?.producedByRunId;
    if (runId === undefined) {
      shares.set(lotId, { share: Rational.ONE, paths: new Set(['']) });
    } else {
      const run = this.genealogy.run(runId);
      if (!run) {
        add(shares, UNATTRIBUTED, Rational.ONE, [runId]);
      } else {
        const flows = runElementFlows(this.genealogy, run, element);
        const denominator =
          flows.totalInKg.compare(flows.totalOutKg) >= 0 ? flows.totalInKg : flows.totalOutKg;
        if (denominator.isZero()) {
          add(shares, UNATTRIBUTED, Rational.ONE, [runId]);
        } else {
          for (const [inputLotId, contributed] of flows.contributed) {
            if (!contributed.isPositive()) continue;
            const weight = contributed.dividedBy(denominator);
            for (const [source, upstream] of this.of(inputLotId, element, [...visiting, lotId])) {
              const paths = [...upstream.paths].map((path) => [...splitPath(path), runId]);
              add(shares, source, weight.times(upstream.share), ...paths);
            }
          }
          const attributed = flows.totalInKg.dividedBy(denominator);
          if (attributed.compare(Rational.ONE) < 0) {
            add(shares, UNATTRIBUTED, Rational.ONE.minus(attributed), [runId]);
          }
        }
      }
    }
    this.memo.set(memoKey, shares);
    return shares;
  }
}

function splitPath(path: string): string[] {
  return path === '' ? [] : path.split(PATH_SEPARATOR);
}

function add(shares: Map<string, Share>, source: string, share: Rational, ...paths: string[][]): void {
  const entry = shares.get(source) ?? { share: Rational.ZERO, paths: new Set<string>() };
  entry.share = entry.share.plus(share);
  for (const path of paths) entry.paths.add(path.join(PATH_SEPARATOR));
  shares.set(source, entry);
}

const MG_PLACES = 6;

/**
 * `attributeToSources`: every source lot that contributed `element` to the lot, its exact share,
 * its attributed mass rounded by {@link ATTRIBUTION_ROUNDING_RULE} and the run paths. Full
 * precision (exact rationals) inside; the one rounding at the end makes the attributed masses sum
 * exactly to the lot's element mass at 1 mg.
 */
export function attributeToSources(
  genealogy: Genealogy,
  lotId: string,
  element: string,
  shares: SourceShares = new SourceShares(genealogy),
): BackwardTrace {
  if (!genealogy.lot(lotId)) {
    throw new TraceabilityError({
      code: 'UNKNOWN_LOT',
      field: 'lotId',
      value: lotId,
      rule: 'must be a lot the traceability service has received an event of',
    });
  }
  const exactElementMassKg = elementMassOf(genealogy, lotId, element);
  const totalMg = exactElementMassKg.roundedToScaledInteger(MG_PLACES);
  const entries = [...shares.of(lotId, element)]
    .filter(([, each]) => each.share.isPositive())
    .sort(([a], [b]) => (a === UNATTRIBUTED ? 1 : b === UNATTRIBUTED ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const parts = splitMilligrams(
    totalMg,
    entries.map(([, each]) => each.share),
  );
  return {
    lotId,
    element,
    exactElementMassKg,
    elementMassKg: scaledIntegerToText(totalMg, MG_PLACES),
    sources: entries.map(([source, each], i) => ({
      source:
        source === UNATTRIBUTED ? undefined : (genealogy.lot(source) ?? { lotId: source, composition: {} }),
      share: each.share,
      exactKg: exactElementMassKg.times(each.share),
      attributedKg: parts[i] ?? '0.000000',
      paths: [...each.paths].sort().map(splitPath),
    })),
  };
}

/**
 * Largest remainder over exact shares (brought to one denominator), in the order given: each part
 * is its exact share rounded down to a milligram, the milligrams left go one each to the largest
 * remainders, equal remainders to the earlier share. In BigInt, not `allocate`: along deep chains the
 * common denominator far exceeds the 80 significant digits a decimal weight may have.
 */
function splitMilligrams(totalMg: bigint, shares: readonly Rational[]): string[] {
  if (shares.length === 0 || totalMg === 0n || sumOf(shares).isZero()) {
    return shares.map(() => scaledIntegerToText(0n, MG_PLACES));
  }
  const common = shares.reduce((lcm, share) => (lcm * share.denominator) / gcd(lcm, share.denominator), 1n);
  const weights = shares.map((share) => share.numerator * (common / share.denominator));
  const sum = weights.reduce((total, weight) => total + weight, 0n);
  const parts = weights.map((weight) => (totalMg * weight) / sum);
  const remainders = weights.map((weight) => (totalMg * weight) % sum);
  let left = totalMg - parts.reduce((total, part) => total + part, 0n);
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (left === 0n) break;
    parts[index] = (parts[index] as bigint) + 1n;
    left -= 1n;
  }
  return parts.map((part) => scaledIntegerToText(part, MG_PLACES));
}
