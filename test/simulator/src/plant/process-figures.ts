import { parseDecimal } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { Composition } from '../plan/plant-ledger';
import {
  drawDecimal,
  noiseFactor,
  roundTo,
  roundUpSignificant,
  roundUpTo,
  toSignificant,
} from '../random/decimal-draw';
import type { SeededRandom } from '../random/seeded-random';

/**
 * What a concentration run makes of what it takes, with the figures of ../shared/DOMAIN.md
 * ("Concentration"): leaching dissolves the rare earths of magnet scrap almost completely and part
 * of the iron; the selective adsorbent takes Dy and Tb from the liquor or from unused resources
 * and leaves Fe, Al, U and Th behind (decontamination factors of hundreds to thousands). Yields
 * vary from run to run; each output's assay carries a relative uncertainty and an error of at most
 * one standard uncertainty, so the run's balance closes within k = 2 of the combined uncertainty.
 */

/** The elements concentration balances (CONCENTRATION_BALANCE_ELEMENTS' default). */
export const BALANCED_ELEMENTS = ['Dy', 'Tb', 'Nd', 'Pr', 'Fe', 'Al', 'U', 'Th'] as const;

type Range = readonly [string, string];
type Yields = Readonly<Record<string, Range>>;

/** Share of each element fed that reaches the leach liquor (the rest stays in the residue). */
const LEACHING_DISSOLUTION: Yields = {
  Dy: ['0.970', '0.995'],
  Tb: ['0.970', '0.995'],
  Nd: ['0.970', '0.995'],
  Pr: ['0.970', '0.995'],
  Fe: ['0.550', '0.800'],
  Al: ['0.800', '0.950'],
  U: ['0.850', '0.950'],
  Th: ['0.850', '0.950'],
};

/** Share of each element fed that the adsorbent takes into the HRE concentrate, from leach liquor. */
const LIQUOR_ADSORPTION: Yields = {
  Dy: ['0.920', '0.970'],
  Tb: ['0.920', '0.970'],
  Nd: ['0.030', '0.080'],
  Pr: ['0.030', '0.080'],
  Fe: ['0.0010', '0.0050'],
  Al: ['0.0020', '0.0100'],
  U: ['0.0050', '0.0200'],
  Th: ['0.0002', '0.0010'],
};

/** The same from unused resources (ore, tailings, residues), where U and Th must stay behind. */
const RESOURCE_ADSORPTION: Yields = {
  Dy: ['0.900', '0.960'],
  Tb: ['0.900', '0.960'],
  Nd: ['0.150', '0.300'],
  Pr: ['0.150', '0.300'],
  Fe: ['0.0001', '0.0005'],
  Al: ['0.0001', '0.0005'],
  U: ['0.0050', '0.0200'],
  Th: ['0.0002', '0.0010'],
};

/** Relative standard uncertainty of an output assay: 2 % for majors, 5 % for minors, 8 % at ppm. */
function relativeUncertainty(fraction: Decimal): number {
  if (fraction.greaterThanOrEqualTo('0.01')) return 0.02;
  if (fraction.greaterThanOrEqualTo('0.0001')) return 0.05;
  return 0.08;
}

/** The lab's assay of an output: each fraction with an error of at most one stated uncertainty. */
export function measuredComposition(
  random: SeededRandom,
  elementKg: ReadonlyMap<string, Decimal>,
  massKg: Decimal,
  bias: ReadonlyMap<string, string> = new Map(),
): Composition {
  const composition = new Map<string, { fraction: Decimal; uncertainty?: Decimal }>();
  for (const [element, kg] of elementKg) {
    const fraction = kg.dividedBy(massKg);
    if (fraction.isZero()) {
      composition.set(element, { fraction });
      continue;
    }
    const relative = relativeUncertainty(fraction);
    const measured = fraction.times(noiseFactor(random, relative)).times(bias.get(element) ?? '1');
    composition.set(element, {
      fraction: toSignificant(measured, 9),
      uncertainty: roundUpSignificant(fraction.times(relative.toString()), 3),
    });
  }
  return composition;
}

export interface PlannedOutput {
  readonly role: 'PRODUCT' | 'BY_PRODUCT' | 'RESIDUE';
  readonly massKg: Decimal;
  readonly elementKg: ReadonlyMap<string, Decimal>;
  readonly concentrate: boolean;
  readonly lotCodePrefix: string;
  readonly materialKind: string;
}

export interface PlannedLoss {
  readonly element: string;
  readonly massKg: Decimal;
  readonly uncertaintyKg: Decimal;
}

export interface RunYield {
  readonly outputs: readonly PlannedOutput[];
  readonly losses: readonly PlannedLoss[];
}

function split(random: SeededRandom, fedKg: ReadonlyMap<string, Decimal>, yields: Yields) {
  const taken = new Map<string, Decimal>();
  const rest = new Map<string, Decimal>();
  for (const [element, kg] of fedKg) {
    const range = yields[element];
    if (!range) continue;
    const share = drawDecimal(random, range[0], range[1], 4);
    taken.set(element, kg.times(share));
    rest.set(element, kg.minus(kg.times(share)));
  }
  return { taken, rest };
}

/** Samples drawn from the process stream: 0.02-0.08 % of the Dy and Tb fed, weighed to the milligram. */
function sampleLosses(random: SeededRandom, fedKg: ReadonlyMap<string, Decimal>): PlannedLoss[] {
  const losses: PlannedLoss[] = [];
  for (const element of ['Dy', 'Tb']) {
    const kg = fedKg.get(element);
    if (!kg || kg.isZero()) continue;
    const massKg = roundTo(kg.times(drawDecimal(random, '0.0002', '0.0008', 4)), 6);
    if (massKg.isZero()) continue;
    losses.push({ element, massKg, uncertaintyKg: roundUpTo(massKg.times('0.1'), 6) });
  }
  return losses;
}

function minus(from: ReadonlyMap<string, Decimal>, losses: readonly PlannedLoss[]): Map<string, Decimal> {
  const left = new Map(from);
  for (const loss of losses)
    left.set(loss.element, (left.get(loss.element) ?? parseDecimal('0')).minus(loss.massKg));
  return left;
}

function sum(values: Iterable<Decimal>): Decimal {
  let total = parseDecimal('0');
  for (const value of values) total = total.plus(value);
  return total;
}

/** Leaching of magnet scrap in hydrochloric acid: a leach liquor (4-5.5 kg per kg fed) and a residue. */
export function leachingYield(
  random: SeededRandom,
  fedKg: ReadonlyMap<string, Decimal>,
  fedMassKg: Decimal,
): RunYield {
  const losses = sampleLosses(random, fedKg);
  const { taken: liquor, rest } = split(random, fedKg, LEACHING_DISSOLUTION);
  const residue = minus(rest, losses);
  return {
    losses,
    outputs: [
      {
        role: 'PRODUCT',
        massKg: roundTo(fedMassKg.times(drawDecimal(random, '4', '5.5', 2)), 1),
        elementKg: liquor,
        concentrate: false,
        lotCodePrefix: 'PLS',
        materialKind: 'LEACH_LIQUOR',
      },
      {
        role: 'RESIDUE',
        massKg: roundUpTo(sum(residue.values()).dividedBy(drawDecimal(random, '0.55', '0.75', 2)), 1),
        elementKg: residue,
        concentrate: false,
        lotCodePrefix: 'LRS',
        materialKind: 'LEACH_RESIDUE',
      },
    ],
  };
}

/**
 * Adsorption on the selective adsorbent: an HRE concentrate (the adsorbed elements are 50-70 % of
 * its mass, the rest oxygen and oxalate) and, from liquor, a raffinate carrying the light rare
 * earths on (a by-product), or, from unused resources, a residue that keeps the U and Th.
 */
export function adsorptionYield(
  random: SeededRandom,
  fedKg: ReadonlyMap<string, Decimal>,
  fedMassKg: Decimal,
  feed: 'LIQUOR' | 'UNUSED_RESOURCE',
): RunYield {
  const losses = sampleLosses(random, fedKg);
  const { taken, rest } = split(random, fedKg, feed === 'LIQUOR' ? LIQUOR_ADSORPTION : RESOURCE_ADSORPTION);
  const concentrateKg = roundUpTo(sum(taken.values()).dividedBy(drawDecimal(random, '0.50', '0.70', 2)), 1);
  const left = minus(rest, losses);
  return {
    losses,
    outputs: [
      {
        role: 'PRODUCT',
        massKg: concentrateKg,
        elementKg: taken,
        concentrate: true,
        lotCodePrefix: 'HRE',
        materialKind: 'HRE_CONCENTRATE',
      },
      feed === 'LIQUOR'
        ? {
            role: 'BY_PRODUCT',
            massKg: roundTo(fedMassKg.times(drawDecimal(random, '0.95', '1', 2)), 1),
            elementKg: left,
            concentrate: false,
            lotCodePrefix: 'LRE',
            materialKind: 'LREE_RAFFINATE',
          }
        : {
            role: 'RESIDUE',
            massKg: roundTo(fedMassKg.minus(concentrateKg), 1),
            elementKg: left,
            concentrate: false,
            lotCodePrefix: 'ARS',
            materialKind: 'ADSORPTION_RESIDUE',
          },
    ],
  };
}

/** Capacity of an adsorbent batch (mg of Dy + Tb per g) after `cycle` cycles: 45-55 at first, 1.5-3.5 % less per cycle. */
export function adsorbentCapacity(random: SeededRandom, first: Decimal, cycle: number): Decimal {
  if (cycle === 1) return first;
  const lossPerCycle = drawDecimal(random, '0.015', '0.035', 3);
  return roundTo(first.times(parseDecimal('1').minus(lossPerCycle.times(String(cycle - 1)))), 2);
}
