import { elementMassOf } from './element-flows';
import type { Genealogy, GenealogyLot, GenealogyRun } from './genealogy';
import { gcd, pow10, quotientText, Rational, scaledDecimal, scaledIntegerToText } from './rational';
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
  /** `share.toDecimalString(maxPlaces)`, from the unreduced share (no gcd: thousands of lines). */
  shareDecimal(maxPlaces: number): string;
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

/**
 * A run's shares of one element over one common denominator: share(source) = numerator / (the
 * product of `denominatorFactors`), not reduced. Adding and multiplying integers needs no gcd at
 * each step; a share is reduced once, when read (`Rational.ofFactored`, a gcd per factor).
 * A run with one produced input (a chain: the previous product and a few fresh lots) keeps that
 * input's numerators as a base times one multiplier, so a chain of such runs after a wide blend
 * multiplies the blend's thousands of numerators once, when a lot's shares are read.
 */
class ShareTable {
  private materialized: Map<string, bigint> | undefined;

  constructor(
    readonly denominatorFactors: readonly bigint[],
    /** The product of the factors. */
    readonly denominator: bigint,
    /** numerator(source) = scaled.base's numerator(source) x scaled.multiplier + own(source). */
    private readonly own: ReadonlyMap<string, bigint>,
    private readonly scaled: { readonly base: ShareTable; readonly multiplier: bigint } | undefined,
    /** For paths: the source lots the run took itself (positive contributions). */
    readonly directInputs: ReadonlySet<string>,
    /** For paths: the produced lots the run took (positive contributions), with their runs' tables. */
    readonly producedInputs: readonly { readonly runId: string; readonly table: ShareTable }[],
    /** Whether the run itself leaves a share unattributed (path: the run alone). */
    readonly ownUnattributed: boolean,
  ) {}

  get numerators(): ReadonlyMap<string, bigint> {
    if (this.scaled === undefined) return this.own;
    if (this.materialized === undefined) {
      const { base, multiplier } = this.scaled;
      const all = new Map<string, bigint>();
      for (const [source, numerator] of base.numerators) all.set(source, numerator * multiplier);
      for (const [source, numerator] of this.own) all.set(source, (all.get(source) ?? 0n) + numerator);
      this.materialized = all;
    }
    return this.materialized;
  }

  /** Whether the source has a share (every numerator kept is positive). */
  has(source: string): boolean {
    return this.own.has(source) || (this.scaled?.base.numerators.has(source) ?? false);
  }

  /** The numerators to build on, as a base and multiplier, and the rest. */
  get parts(): { base: ShareTable; multiplier: bigint; own: ReadonlyMap<string, bigint> } {
    return this.scaled === undefined
      ? { base: this, multiplier: 1n, own: new Map() }
      : { ...this.scaled, own: this.own };
  }
}

/** The key of the unattributed share: what a run put out beyond what its inputs brought. */
const UNATTRIBUTED = '';
const PATH_SEPARATOR = '\u0000';
const NO_FACTORS: readonly bigint[] = [];

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
 * The shares depend on the run, not on which of its outputs L is: one table per run and element.
 */
export class SourceShares {
  private readonly lotTables = new Map<string, ShareTable>();
  private readonly runTables = new Map<string, ShareTable>();

  constructor(private readonly genealogy: Genealogy) {}

  /** The lot's shares; a lot no run produced (or unknown) is its own only source. */
  tableOf(lotId: string, element: string, visiting: readonly string[] = []): ShareTable {
    const memoKey = `${element} ${lotId}`;
    const known = this.lotTables.get(memoKey);
    if (known) return known;
    if (visiting.includes(lotId)) {
      throw new TraceabilityError({
        code: 'GENEALOGY_CYCLE',
        field: 'lotId',
        value: lotId,
        rule: `must not be produced from itself: the genealogy runs ${[...visiting, lotId].join(' <- ')}`,
      });
    }
    const runId = this.genealogy.lot(lotId)?.producedByRunId;
    const table =
      runId === undefined
        ? singleShare(lotId, false)
        : (this.runTables.get(`${element} ${runId}`) ?? this.runTable(runId, lotId, element, visiting));
    this.lotTables.set(memoKey, table);
    return table;
  }

  private runTable(runId: string, lotId: string, element: string, visiting: readonly string[]): ShareTable {
    const run = this.genealogy.run(runId);
    const flows = run === undefined ? undefined : scaledElementFlows(this.genealogy, run, element);
    if (flows === undefined || flows.denominator === 0n) {
      const table = singleShare(UNATTRIBUTED, true);
      this.runTables.set(`${element} ${runId}`, table);
      return table;
    }
    const upstreamVisiting = [...visiting, lotId];
    const produced: { lotId: string; contributed: bigint; table: ShareTable }[] = [];
    // The input tables' common denominator (their lcm), as factors when they all share one.
    let common = 1n;
    let commonFactors: readonly bigint[] = NO_FACTORS;
    let sharedFactors = true;
    const direct: [string, bigint][] = [];
    for (const [inputLotId, contributed] of flows.contributed) {
      if (contributed <= 0n) continue;
      // A source lot is its own only source: no table needed.
      if (this.genealogy.lot(inputLotId)?.producedByRunId === undefined) {
        direct.push([inputLotId, contributed]);
        continue;
      }
      const table = this.tableOf(inputLotId, element, upstreamVisiting);
      produced.push({ lotId: inputLotId, contributed, table });
      if (table.denominator === 1n || common % table.denominator === 0n) continue;
      sharedFactors = common === 1n;
      if (sharedFactors) commonFactors = table.denominatorFactors;
      common = (common * table.denominator) / gcd(common, table.denominator);
    }
    const numerators = new Map<string, bigint>();
    const add = (source: string, numerator: bigint) =>
      numerators.set(source, (numerators.get(source) ?? 0n) + numerator);
    let scaled: { base: ShareTable; multiplier: bigint } | undefined;
    if (produced.length === 1) {
      // common is that input's denominator: its numerators carry over times what it contributed.
      const input = produced[0] as (typeof produced)[number];
      const { base, multiplier, own } = input.table.parts;
      scaled = { base, multiplier: multiplier * input.contributed };
      for (const [source, numerator] of own) add(source, numerator * input.contributed);
    } else {
      for (const input of produced) {
        const multiplier = input.contributed * (common / input.table.denominator);
        for (const [source, numerator] of input.table.numerators) add(source, multiplier * numerator);
      }
    }
    const directInputs = new Set<string>();
    for (const [inputLotId, contributed] of direct) {
      directInputs.add(inputLotId);
      add(inputLotId, contributed * common);
    }
    const ownUnattributed = flows.totalIn < flows.denominator;
    if (ownUnattributed) add(UNATTRIBUTED, (flows.denominator - flows.totalIn) * common);
    const table = new ShareTable(
      [flows.denominator, ...(sharedFactors ? commonFactors : [common])].filter((factor) => factor !== 1n),
      flows.denominator * common,
      numerators,
      scaled,
      directInputs,
      produced.map((input) => ({
        runId: this.genealogy.lot(input.lotId)?.producedByRunId as string,
        table: input.table,
      })),
      ownUnattributed,
    );
    this.runTables.set(`${element} ${runId}`, table);
    return table;
  }

  /**
   * The run paths (distinct, sorted) from a source or the unattributed share to the lot, each first
   * run first: through each input whose shares hold the source, found when asked (only the lines
   * read need them).
   */
  pathsOf(lotId: string, element: string, source: string): string[][] {
    const runId = this.genealogy.lot(lotId)?.producedByRunId;
    if (runId === undefined) return source === lotId ? [[]] : [];
    return pathsThrough(this.tableOf(lotId, element), runId, source).sort(comparePaths);
  }
}

/** The paths of the source through the run (fresh arrays, extended in place), distinct. */
function pathsThrough(table: ShareTable, runId: string, source: string): string[][] {
  if (!table.has(source)) return [];
  const paths: string[][] = [];
  if (source === UNATTRIBUTED ? table.ownUnattributed : table.directInputs.has(source)) paths.push([runId]);
  for (const input of table.producedInputs) {
    for (const path of pathsThrough(input.table, input.runId, source)) {
      path.push(runId);
      paths.push(path);
    }
  }
  if (paths.length < 2) return paths;
  // Through several inputs the paths may meet.
  const distinct = new Map<string, string[]>();
  for (const path of paths) distinct.set(path.join(PATH_SEPARATOR), path);
  return [...distinct.values()];
}

/** Run by run, a path that is the start of another first (as their ids joined by a separator below every character). */
function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function singleShare(source: string, ownUnattributed: boolean): ShareTable {
  return new ShareTable(NO_FACTORS, 1n, new Map([[source, 1n]]), undefined, new Set(), [], ownUnattributed);
}
/**
 * A run's flows of the element as integers over one power of ten (the most decimal places of any
 * of them): what each input lot brought (takes of a lot summed), all that went in, and the
 * allocation's denominator max(total in, total out + losses).
 */
function scaledElementFlows(
  genealogy: Genealogy,
  run: GenealogyRun,
  element: string,
): { contributed: Map<string, bigint>; totalIn: bigint; denominator: bigint } {
  const fractions = new Map<string, { value: bigint; places: number }>();
  const fractionOf = (lotId: string) => {
    let fraction = fractions.get(lotId);
    if (fraction === undefined) {
      const text = genealogy.lot(lotId)?.composition[element];
      fraction = text === undefined ? { value: 0n, places: 0 } : scaledDecimal(text);
      fractions.set(lotId, fraction);
    }
    return fraction;
  };
  // mass x fraction of each input, then of each output, as integers over 10^places[i].
  const values: bigint[] = [];
  const places: number[] = [];
  const loss = scaledDecimal(run.lossesKg[element] ?? '0');
  let mostPlaces = loss.places;
  const product = (massKg: string, lotId: string) => {
    const mass = scaledDecimal(massKg);
    const fraction = fractionOf(lotId);
    const productPlaces = mass.places + fraction.places;
    values.push(mass.value * fraction.value);
    places.push(productPlaces);
    if (productPlaces > mostPlaces) mostPlaces = productPlaces;
  };
  for (const input of run.inputs) product(input.netMassKg, input.lotId);
  for (const output of run.outputs) product(output.massKg, output.lotId);
  const scaled = (i: number) => (values[i] as bigint) * pow10(mostPlaces - (places[i] as number));
  const contributed = new Map<string, bigint>();
  let totalIn = 0n;
  run.inputs.forEach((input, i) => {
    const value = scaled(i);
    contributed.set(input.lotId, (contributed.get(input.lotId) ?? 0n) + value);
    totalIn += value;
  });
  let totalOut = loss.value * pow10(mostPlaces - loss.places);
  for (let i = run.inputs.length; i < values.length; i++) totalOut += scaled(i);
  return { contributed, totalIn, denominator: totalIn >= totalOut ? totalIn : totalOut };
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
  const { exactElementMassKg, totalMg, table, keys } = sharesOfLot(genealogy, lotId, element, shares);
  keys.sort(compareKeys);
  const parts = splitMilligrams(
    totalMg,
    keys.map((key) => table.numerators.get(key) as bigint),
  );
  return {
    lotId,
    element,
    exactElementMassKg,
    elementMassKg: scaledIntegerToText(totalMg, MG_PLACES),
    sources: keys.map((key, i) =>
      sourceAttribution(genealogy, shares, lotId, element, table, key, exactElementMassKg, parts[i] ?? 0n),
    ),
  };
}

/**
 * The one line of the lot's backward trace for `sourceLotId` (undefined when it gave nothing), the
 * same as `attributeToSources` states, without the other lines: its milligrams are its rounded-down
 * part plus one when its remainder ranks among the milligrams left.
 */
export function attributionOf(
  genealogy: Genealogy,
  lotId: string,
  element: string,
  sourceLotId: string,
  shares: SourceShares = new SourceShares(genealogy),
): { elementMassKg: string; line?: SourceAttribution } {
  const { exactElementMassKg, totalMg, table, keys } = sharesOfLot(genealogy, lotId, element, shares);
  const elementMassKg = scaledIntegerToText(totalMg, MG_PLACES);
  const target = sourceLotId === UNATTRIBUTED ? undefined : table.numerators.get(sourceLotId);
  if (target === undefined || target <= 0n) return { elementMassKg };
  let sum = 0n;
  for (const key of keys) sum += table.numerators.get(key) as bigint;
  let mg = 0n;
  if (totalMg !== 0n) {
    mg = (totalMg * target) / sum;
    const targetRemainder = (totalMg * target) % sum;
    // The milligrams left after rounding down: the remainders' sum over the sum of the weights.
    let remainders = 0n;
    let ahead = 0n;
    for (const key of keys) {
      const remainder = (totalMg * (table.numerators.get(key) as bigint)) % sum;
      remainders += remainder;
      if (remainder > targetRemainder || (remainder === targetRemainder && compareKeys(key, sourceLotId) < 0))
        ahead += 1n;
    }
    if (ahead < remainders / sum) mg += 1n;
  }
  return {
    elementMassKg,
    line: sourceAttribution(genealogy, shares, lotId, element, table, sourceLotId, exactElementMassKg, mg),
  };
}

function sharesOfLot(
  genealogy: Genealogy,
  lotId: string,
  element: string,
  shares: SourceShares,
): {
  exactElementMassKg: Rational;
  totalMg: bigint;
  table: ShareTable;
  /** The sources with a share and the unattributed share when there is one, unsorted. */
  keys: string[];
} {
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
  const table = shares.tableOf(lotId, element);
  const keys: string[] = [];
  for (const [key, numerator] of table.numerators) if (numerator > 0n) keys.push(key);
  return { exactElementMassKg, totalMg, table, keys };
}

/** Sources by lot id, the unattributed share last. */
function compareKeys(a: string, b: string): number {
  return a === UNATTRIBUTED
    ? b === UNATTRIBUTED
      ? 0
      : 1
    : b === UNATTRIBUTED
      ? -1
      : a < b
        ? -1
        : a > b
          ? 1
          : 0;
}

function sourceAttribution(
  genealogy: Genealogy,
  shares: SourceShares,
  lotId: string,
  element: string,
  table: ShareTable,
  key: string,
  exactElementMassKg: Rational,
  mg: bigint,
): SourceAttribution {
  return new LazySourceAttribution(
    key === UNATTRIBUTED ? undefined : (genealogy.lot(key) ?? { lotId: key, composition: {} }),
    scaledIntegerToText(mg, MG_PLACES),
    { shares, lotId, element, table, key, exactElementMassKg },
  );
}

/** A line whose share, exact mass and paths are computed when read: a forward trace reads one line of thousands. */
class LazySourceAttribution implements SourceAttribution {
  private exactShare: Rational | undefined;
  private exactMassKg: Rational | undefined;
  private runPaths: string[][] | undefined;

  constructor(
    readonly source: GenealogyLot | undefined,
    readonly attributedKg: string,
    private readonly of: {
      readonly shares: SourceShares;
      readonly lotId: string;
      readonly element: string;
      readonly table: ShareTable;
      readonly key: string;
      readonly exactElementMassKg: Rational;
    },
  ) {}

  get share(): Rational {
    this.exactShare ??= Rational.ofFactored(this.numerator, this.of.table.denominatorFactors);
    return this.exactShare;
  }

  shareDecimal(maxPlaces: number): string {
    return quotientText(this.numerator, this.of.table.denominator, maxPlaces);
  }

  get exactKg(): Rational {
    this.exactMassKg ??= this.of.exactElementMassKg.times(this.share);
    return this.exactMassKg;
  }

  get paths(): readonly (readonly string[])[] {
    this.runPaths ??= this.of.shares.pathsOf(this.of.lotId, this.of.element, this.of.key);
    return this.runPaths;
  }

  private get numerator(): bigint {
    return this.of.table.numerators.get(this.of.key) as bigint;
  }
}

/**
 * Largest remainder over exact shares given as numerators over one denominator, in the order given:
 * each part is its exact share rounded down to a milligram, the milligrams left go one each to the
 * largest remainders, equal remainders to the earlier share. In BigInt, not `allocate`: along deep
 * chains the common denominator far exceeds the 80 significant digits a decimal weight may have.
 */
function splitMilligrams(totalMg: bigint, weights: readonly bigint[]): bigint[] {
  // The weights are positive (the caller keeps those): their sum is zero only when there are none.
  if (weights.length === 0 || totalMg === 0n) return weights.map(() => 0n);
  const sum = weights.reduce((total, weight) => total + weight, 0n);
  const parts: bigint[] = new Array(weights.length);
  const remainders: bigint[] = new Array(weights.length);
  let left = totalMg;
  for (let i = 0; i < weights.length; i++) {
    const scaled = totalMg * (weights[i] as bigint);
    const part = scaled / sum;
    parts[i] = part;
    remainders[i] = scaled - part * sum;
    left -= part;
  }
  if (left === 0n) return parts;
  const byRemainder = Array.from(weights, (_, index) => index).sort((a, b) => {
    const x = remainders[a] as bigint;
    const y = remainders[b] as bigint;
    return x === y ? a - b : x > y ? -1 : 1;
  });
  for (const index of byRemainder) {
    if (left === 0n) break;
    parts[index] = (parts[index] as bigint) + 1n;
    left -= 1n;
  }
  return parts;
}
