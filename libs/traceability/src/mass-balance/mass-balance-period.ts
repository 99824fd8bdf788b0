import { CONTENT_CATEGORIES, type ContentCategory } from '../domain/content-category';
import { Rational, scaledIntegerToText } from '../domain/rational';

/** Version of the plant-level mass-balance method; a change of its rules is a new version. */
export const MASS_BALANCE_METHOD_VERSION = 'plant-mass-balance/1';

export type MassBalanceMethod = 'ROLLING_AVERAGE' | 'CREDIT';

/** The categories a credit account exists for; UNATTRIBUTED material earns no credit. */
export const CREDIT_CATEGORIES: readonly ContentCategory[] = ['POST_CONSUMER', 'PRE_CONSUMER', 'PRIMARY'];

/** The categories a recycled-content claim may draw on. */
export const RECYCLED_CATEGORIES: readonly ContentCategory[] = ['POST_CONSUMER', 'PRE_CONSUMER'];

export const MASS_BALANCE_RULES = {
  inputs:
    'element mass of source lots (lots no run produced) taken into runs in [from, to): net mass taken (takes minus returns, by event time) x the lot current fraction, by the lot intake category (none stated: UNATTRIBUTED)',
  losses:
    'the losses (latest balance, else declared) of the runs whose first completion falls in [from, to), capped at the inputs, allocated to the categories in proportion to their inputs',
  credits:
    'inputs - allocated losses per category; total rounded half-even to 1 mg, split over the categories by the largest-remainder method on the exact figures (ties: POST_CONSUMER, PRE_CONSUMER, PRIMARY, UNATTRIBUTED)',
  outputs:
    'shipments (sales LotShipped) whose shipped time falls in [from, to): net mass x the lot current fraction, rounded half-even to 1 mg, split over the categories by the period shares (largest remainder)',
} as const;

export function chainOfCustodyModelOf(method: MassBalanceMethod, period: { from: Date; to: Date }): string {
  const name = method === 'CREDIT' ? 'credit method' : 'rolling-average method';
  return `mass balance: ${name}, period ${periodText(period)}`;
}

export function periodText(period: { from: Date; to: Date }): string {
  return `${period.from.toISOString()}/${period.to.toISOString()}`;
}

/** A source lot's net take in the period, with its category and current fraction of the element. */
export interface PeriodInput {
  readonly lotId: string;
  readonly category: ContentCategory;
  /** Net mass taken in the period (takes minus returns), kg exact. */
  readonly netMassKg: string;
  /** The lot's current fraction of the element; undefined when its composition does not state it. */
  readonly fraction?: string;
}

/** A shipment line of the period and the shipped lot's current fraction of the element. */
export interface PeriodOutput {
  readonly shipmentId: string;
  readonly lotId: string;
  readonly netMassKg: string;
  readonly fraction?: string;
}

export interface CategoryBalance {
  readonly category: ContentCategory;
  /** Element mass in source lots of the category taken in the period, kg exact. */
  readonly inputKg: Rational;
  /** Exact share of the period's inputs; undefined when nothing came in. */
  readonly share?: Rational;
  /** Losses allocated to the category: inputKg - creditsKg, kg exact. */
  readonly lossesKg: Rational;
  /** What the period earns: inputs - allocated losses, 1 mg (largest remainder). */
  readonly creditsKg: Rational;
  /** Rolling average: what the period's shipments carried of the category at the period's shares, 1 mg. */
  readonly outputKg: Rational;
}

export interface OutputBalance {
  readonly shipmentId: string;
  readonly lotId: string;
  /** Element mass shipped, rounded half-even to 1 mg. */
  readonly elementKg: Rational;
  readonly categories: readonly { readonly category: ContentCategory; readonly kg: Rational }[];
}

export interface ElementPeriodBalance {
  readonly element: string;
  readonly inputKg: Rational;
  /** The period's runs' losses of the element, exact (before the cap at the inputs). */
  readonly runLossesKg: Rational;
  readonly creditsKg: Rational;
  readonly outputKg: Rational;
  readonly categories: readonly CategoryBalance[];
  readonly outputs: readonly OutputBalance[];
  readonly inputLots: number;
}

/**
 * One element over a period: what came in by category, the losses allocated in proportion, what
 * that earns as credits, the period's shares, and (rolling average) those shares applied to every
 * shipment of the period. Exact throughout; the credits and each output are rounded once, to 1 mg,
 * with the largest-remainder method so that categories sum exactly to their rounded total.
 */
export function elementPeriodBalance(
  element: string,
  inputs: readonly PeriodInput[],
  runLossesKg: Rational,
  outputs: readonly PeriodOutput[],
): ElementPeriodBalance {
  const inByCategory = new Map<ContentCategory, Rational>(CONTENT_CATEGORIES.map((c) => [c, Rational.ZERO]));
  let inputLots = 0;
  for (const input of inputs) {
    if (input.fraction === undefined) continue;
    const kg = Rational.fromDecimal(input.netMassKg).times(Rational.fromDecimal(input.fraction));
    if (kg.isZero()) continue;
    inputLots += 1;
    inByCategory.set(input.category, (inByCategory.get(input.category) ?? Rational.ZERO).plus(kg));
  }
  const total = CONTENT_CATEGORIES.reduce(
    (sum, c) => sum.plus(inByCategory.get(c) ?? Rational.ZERO),
    Rational.ZERO,
  );
  const losses =
    runLossesKg.compare(total) > 0 ? total : runLossesKg.isPositive() ? runLossesKg : Rational.ZERO;
  const weights = CONTENT_CATEGORIES.map((c) => inByCategory.get(c) ?? Rational.ZERO);
  const credits = largestRemainder(total.minus(losses), weights);
  const shares = total.isZero() ? undefined : weights.map((w) => w.dividedBy(total));

  const outputBalances: OutputBalance[] = outputs.flatMap((output) => {
    if (output.fraction === undefined) return [];
    const exact = Rational.fromDecimal(output.netMassKg).times(Rational.fromDecimal(output.fraction));
    const elementKg = Rational.of(exact.roundedToScaledInteger(6), 1_000_000n);
    const parts = shares ? largestRemainder(elementKg, weights) : CONTENT_CATEGORIES.map(() => Rational.ZERO);
    return [
      {
        shipmentId: output.shipmentId,
        lotId: output.lotId,
        elementKg,
        categories: CONTENT_CATEGORIES.map((category, i) => ({ category, kg: parts[i] })),
      },
    ];
  });
  const outByCategory = CONTENT_CATEGORIES.map((_, i) =>
    outputBalances.reduce((sum, output) => sum.plus(output.categories[i].kg), Rational.ZERO),
  );
  return {
    element,
    inputKg: total,
    runLossesKg,
    creditsKg: credits.reduce((a, b) => a.plus(b), Rational.ZERO),
    outputKg: outByCategory.reduce((a, b) => a.plus(b), Rational.ZERO),
    inputLots,
    categories: CONTENT_CATEGORIES.map((category, i) => ({
      category,
      inputKg: weights[i],
      share: shares?.[i],
      lossesKg: weights[i].minus(credits[i]),
      creditsKg: credits[i],
      outputKg: outByCategory[i],
    })),
    outputs: outputBalances,
  };
}

/**
 * Splits `total` (rounded half-even to 1 mg first) over exact non-negative weights: each part its
 * exact share rounded down to 1 mg, the milligrams left one each to the largest remainders, equal
 * remainders to the earlier weight. All weights zero: every part zero.
 */
export function largestRemainder(total: Rational, weights: readonly Rational[]): Rational[] {
  const sum = weights.reduce((a, b) => a.plus(b), Rational.ZERO);
  const totalMg = total.roundedToScaledInteger(6);
  if (sum.isZero() || totalMg <= 0n) return weights.map(() => Rational.ZERO);
  const exactMg = weights.map((w) => Rational.of(totalMg).times(w).dividedBy(sum));
  const floors = exactMg.map((x) => x.numerator / x.denominator);
  let left = totalMg - floors.reduce((a, b) => a + b, 0n);
  const order = exactMg
    .map((x, i) => ({ i, remainder: x.minus(Rational.of(floors[i])) }))
    .sort((a, b) => b.remainder.compare(a.remainder) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0n) break;
    floors[i] += 1n;
    left -= 1n;
  }
  return floors.map((mg) => Rational.of(mg, 1_000_000n));
}

/** Exact kg as text with at least the milligram places (what the API shows). */
export function kgText(value: Rational): string {
  const text = value.toDecimalString(30);
  const places = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  if (places >= 6) return text;
  return scaledIntegerToText(value.roundedToScaledInteger(6), 6);
}

/** A share as text: exact when it terminates within 12 places, else rounded half-even to 12. */
export function shareText(value: Rational | undefined): string | null {
  return value === undefined ? null : value.toDecimalString(12);
}
