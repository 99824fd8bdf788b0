import { parseDecimal, stoichiometricRatio } from '@rre/quantities';
import Decimal from 'decimal.js';
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
 * What separation makes of the HRE concentrates, with the figures of ../shared/DOMAIN.md
 * ("Separation"): solvent extraction with the conventional extractant (separation factor 2-3, in a
 * mixer-settler) or the new one (about 4, in an emulsion-flow contactor of a quarter of the
 * volume), a cascade of 1.5-2.5 times the Fenske minimum of stages, Tb-rich and Dy-rich fractions,
 * an Nd/Pr by-product and a raffinate; oxalate precipitation; calcination to Tb4O7 and Dy2O3.
 * As in concentration, every assay's error is at most one stated standard uncertainty.
 */

/** The elements separation balances (SEPARATION_BALANCE_ELEMENTS' default). */
export const SEPARATION_ELEMENTS = ['Dy', 'Tb', 'Nd', 'Pr'] as const;

export type ExtractantKind = 'NEW' | 'CONVENTIONAL';

export interface Extractant {
  readonly kind: ExtractantKind;
  readonly name: string;
  readonly contactorType: 'EMULSION_FLOW' | 'MIXER_SETTLER';
  /** Separation factor beta = D_Dy / D_Tb. */
  readonly beta: readonly [string, string];
  /** Dy share of Dy + Tb in the Dy-rich fraction, and Tb share in the Tb-rich one, %. */
  readonly purityPercent: readonly [string, string];
  /** Throughput (organic + aqueous) per contactor volume, 1/h. */
  readonly throughputPerL: string;
}

export const EXTRACTANTS: Readonly<Record<ExtractantKind, Extractant>> = {
  NEW: {
    kind: 'NEW',
    name: 'DODGAA-EF',
    contactorType: 'EMULSION_FLOW',
    beta: ['3.6', '4.4'],
    purityPercent: ['99.5', '99.9'],
    throughputPerL: '2',
  },
  CONVENTIONAL: {
    kind: 'CONVENTIONAL',
    name: 'PC88A',
    contactorType: 'MIXER_SETTLER',
    beta: ['2.0', '3.0'],
    purityPercent: ['99.0', '99.6'],
    throughputPerL: '0.5',
  },
};

export interface DistributionRatios {
  readonly dyRatio: Decimal;
  readonly dyUncertainty: Decimal;
  readonly tbRatio: Decimal;
  readonly tbUncertainty: Decimal;
  readonly beta: Decimal;
}

/** D_Tb 0.5-1.0 and D_Dy = beta x D_Tb, each measured with 4 % relative uncertainty. */
export function drawDistributionRatios(random: SeededRandom, extractant: Extractant): DistributionRatios {
  const beta = drawDecimal(random, extractant.beta[0], extractant.beta[1], 2);
  const tbRatio = drawDecimal(random, '0.5', '1', 3);
  const dyRatio = roundTo(tbRatio.times(beta), 3);
  return {
    beta: dyRatio.dividedBy(tbRatio),
    dyRatio,
    tbRatio,
    dyUncertainty: roundUpSignificant(dyRatio.times('0.04'), 2),
    tbUncertainty: roundUpSignificant(tbRatio.times('0.04'), 2),
  };
}

/**
 * Stages of the cascade: N_min = ln[(x_Dy/x_Tb)_extract / (x_Dy/x_Tb)_raffinate] / ln(beta) for the
 * purities at both ends, times 1.5-2.5, split into extraction, scrub and strip sections.
 */
export function cascadeStages(
  random: SeededRandom,
  beta: Decimal,
  dyPurityPercent: Decimal,
  tbPurityPercent: Decimal,
): { extraction: number; scrub: number; strip: number; minimum: Decimal } {
  const dy = dyPurityPercent.dividedBy(100);
  const tb = tbPurityPercent.dividedBy(100);
  const numerator = Decimal.ln(
    dy.dividedBy(parseDecimal('1').minus(dy)).times(tb.dividedBy(parseDecimal('1').minus(tb))),
  );
  const minimum = numerator.dividedBy(Decimal.ln(beta));
  const total = minimum
    .times(drawDecimal(random, '1.5', '2.5', 2))
    .ceil()
    .toNumber();
  const extraction = Math.ceil(total / 2);
  const scrub = Math.max(1, Math.ceil((total - extraction) * 0.6));
  return { extraction, scrub, strip: Math.max(2, Math.ceil(total / 5)), minimum };
}

export type FractionKind = 'TB_RICH' | 'DY_RICH' | 'LIGHT_RARE_EARTHS' | 'RAFFINATE';

export interface PlannedFraction {
  readonly kind: FractionKind;
  readonly massKg: Decimal;
  /** True element masses (the assay adds its error). */
  readonly elementKg: ReadonlyMap<string, Decimal>;
  readonly lotCodePrefix: string;
}

export interface PlannedSample {
  readonly element: string;
  readonly massKg: Decimal;
  readonly uncertaintyKg: Decimal;
}

const ONE = parseDecimal('1');
const ZERO = parseDecimal('0');

/** Samples drawn for the lab: 0.02-0.08 % of the Dy and Tb fed, weighed to the milligram. */
export function samples(random: SeededRandom, fedKg: ReadonlyMap<string, Decimal>): PlannedSample[] {
  const drawn: PlannedSample[] = [];
  for (const element of ['Dy', 'Tb']) {
    const kg = fedKg.get(element);
    if (!kg || kg.isZero()) continue;
    const massKg = roundTo(kg.times(drawDecimal(random, '0.0002', '0.0008', 4)), 6);
    if (massKg.isZero()) continue;
    drawn.push({ element, massKg, uncertaintyKg: roundUpTo(massKg.times('0.1'), 6) });
  }
  return drawn;
}

/**
 * The split of a solvent-extraction run: the Dy-rich fraction takes 95-98.5 % of the Dy at its
 * purity (the rest of its rare earths Tb), the Tb-rich one 93-98 % of the Tb left at its purity,
 * the Nd/Pr by-product 97-99.5 % of the Nd and Pr and what Dy and Tb remain, the raffinate the
 * rest and the impurities (Fe, Al, U, Th).
 */
export function solventExtractionSplit(
  random: SeededRandom,
  fedKg: ReadonlyMap<string, Decimal>,
  fedMassKg: Decimal,
  extractant: Extractant,
  losses: readonly PlannedSample[],
): { fractions: PlannedFraction[]; dyPurityPercent: Decimal; tbPurityPercent: Decimal } {
  const fed = (e: string) => fedKg.get(e) ?? ZERO;
  const lost = (e: string) => losses.filter((l) => l.element === e).reduce((s, l) => s.plus(l.massKg), ZERO);
  const dyPurity = drawDecimal(random, extractant.purityPercent[0], extractant.purityPercent[1], 2);
  const tbPurity = drawDecimal(random, extractant.purityPercent[0], extractant.purityPercent[1], 2);
  const share = (p: Decimal) => ONE.minus(p.dividedBy(100)).dividedBy(p.dividedBy(100));

  const dyInDyRich = fed('Dy').times(drawDecimal(random, '0.950', '0.985', 3));
  const tbInDyRich = Decimal.min(dyInDyRich.times(share(dyPurity)), fed('Tb').minus(lost('Tb')).times('0.5'));
  const tbInTbRich = fed('Tb')
    .minus(lost('Tb'))
    .minus(tbInDyRich)
    .times(drawDecimal(random, '0.93', '0.98', 3));
  const dyInTbRich = Decimal.min(
    tbInTbRich.times(share(tbPurity)),
    fed('Dy').minus(dyInDyRich).minus(lost('Dy')).times('0.5'),
  );
  const lightShare = drawDecimal(random, '0.970', '0.995', 3);
  const light = new Map<string, Decimal>([
    ['Nd', fed('Nd').times(lightShare)],
    ['Pr', fed('Pr').times(lightShare)],
    ['Dy', fed('Dy').minus(dyInDyRich).minus(dyInTbRich).minus(lost('Dy'))],
    ['Tb', fed('Tb').minus(tbInTbRich).minus(tbInDyRich).minus(lost('Tb'))],
  ]);
  const raffinate = new Map<string, Decimal>([
    ['Nd', fed('Nd').minus(light.get('Nd') ?? ZERO)],
    ['Pr', fed('Pr').minus(light.get('Pr') ?? ZERO)],
    ...['Fe', 'Al', 'U', 'Th'].map((e): [string, Decimal] => [e, fed(e)]),
  ]);
  const rareEarths = (m: ReadonlyMap<string, Decimal>) =>
    ['Dy', 'Tb', 'Nd', 'Pr'].reduce((s, e) => s.plus(m.get(e) ?? ZERO), ZERO);
  // Strip liquors: the rare earths at 1.5-3 % (Tb-rich), 5-10 % (Dy-rich), 10-20 % (Nd/Pr).
  const liquor = (m: ReadonlyMap<string, Decimal>, low: string, high: string) =>
    roundUpTo(rareEarths(m).dividedBy(drawDecimal(random, low, high, 3)), 3);
  const tbRich = new Map([
    ['Tb', tbInTbRich],
    ['Dy', dyInTbRich],
  ]);
  const dyRich = new Map([
    ['Dy', dyInDyRich],
    ['Tb', tbInDyRich],
  ]);
  return {
    dyPurityPercent: dyPurity,
    tbPurityPercent: tbPurity,
    fractions: [
      { kind: 'DY_RICH', massKg: liquor(dyRich, '0.05', '0.10'), elementKg: dyRich, lotCodePrefix: 'DYR' },
      { kind: 'TB_RICH', massKg: liquor(tbRich, '0.015', '0.030'), elementKg: tbRich, lotCodePrefix: 'TBR' },
      {
        kind: 'LIGHT_RARE_EARTHS',
        massKg: liquor(light, '0.10', '0.20'),
        elementKg: light,
        lotCodePrefix: 'LRE',
      },
      {
        kind: 'RAFFINATE',
        massKg: roundTo(fedMassKg.times(drawDecimal(random, '4', '8', 2)), 3),
        elementKg: raffinate,
        lotCodePrefix: 'RAF',
      },
    ],
  };
}

/** Relative standard uncertainty of a separation assay: 1 % for majors, 3 % for minors, 8 % at ppm. */
function relativeUncertainty(fraction: Decimal): number {
  if (fraction.greaterThanOrEqualTo('0.01')) return 0.01;
  if (fraction.greaterThanOrEqualTo('0.0001')) return 0.03;
  return 0.08;
}

/** The lab's assay: each fraction with an error of at most one stated uncertainty, times `bias`. */
export function separationAssay(
  random: SeededRandom,
  elementKg: ReadonlyMap<string, Decimal>,
  massKg: Decimal,
  bias: ReadonlyMap<string, string> = new Map(),
): Composition {
  const composition = new Map<string, { fraction: Decimal; uncertainty?: Decimal }>();
  for (const [element, kg] of elementKg) {
    const fraction = kg.dividedBy(massKg);
    if (!fraction.greaterThan(0)) {
      composition.set(element, { fraction: ZERO });
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

/** Purity as separation states it: the target elements' share of the rare earths the assay reports, %. */
export function statedPurity(composition: Composition, targets: readonly string[]): Decimal {
  let target = ZERO;
  let all = ZERO;
  for (const [element, { fraction }] of composition) {
    if (!['Dy', 'Tb', 'Nd', 'Pr'].includes(element)) continue;
    all = all.plus(fraction);
    if (targets.includes(element)) target = target.plus(fraction);
  }
  return parseDecimal(target.dividedBy(all).times(100).toDecimalPlaces(2, Decimal.ROUND_DOWN));
}

/**
 * Oxalate precipitation of a fraction: 99.0-99.8 % of its Dy and Tb into the oxalate (the rare
 * earths 40-43 % of its mass, as in RE2(C2O4)3 . 10 H2O), the rest in the filtrate.
 */
export function precipitationSplit(
  random: SeededRandom,
  fedKg: ReadonlyMap<string, Decimal>,
  fedMassKg: Decimal,
): { oxalate: PlannedFraction; filtrate: PlannedFraction } {
  const share = drawDecimal(random, '0.990', '0.998', 3);
  const oxalate = new Map<string, Decimal>();
  const filtrate = new Map<string, Decimal>();
  for (const [element, kg] of fedKg) {
    oxalate.set(element, kg.times(share));
    filtrate.set(element, kg.minus(kg.times(share)));
  }
  const rareEarths = [...oxalate.values()].reduce((s, v) => s.plus(v), ZERO);
  return {
    oxalate: {
      kind: 'TB_RICH',
      massKg: roundUpTo(rareEarths.dividedBy(drawDecimal(random, '0.40', '0.43', 3)), 3),
      elementKg: oxalate,
      lotCodePrefix: 'OXA',
    },
    filtrate: {
      kind: 'RAFFINATE',
      massKg: roundTo(fedMassKg.times(drawDecimal(random, '0.97', '1', 3)), 3),
      elementKg: filtrate,
      lotCodePrefix: 'FIL',
    },
  };
}

export type Oxide = 'TB4O7' | 'DY2O3';

export const OXIDE_OF: Readonly<Record<'Tb' | 'Dy', { oxide: Oxide; formula: string }>> = {
  Tb: { oxide: 'TB4O7', formula: 'Tb4O7' },
  Dy: { oxide: 'DY2O3', formula: 'Dy2O3' },
};

/** Element mass per oxide mass (80 significant digits, as separation computes it). */
export function oxideFactor(element: 'Tb' | 'Dy'): Decimal {
  return stoichiometricRatio(element, OXIDE_OF[element].formula).factor;
}

export interface PlannedOxide {
  readonly oxide: Oxide;
  readonly oxideMassKg: Decimal;
  readonly purityPercent: Decimal;
  readonly purityUncertaintyPercent: Decimal;
  /** The other heavy rare earth, element basis (C62), with its uncertainty. */
  readonly impurity: { element: string; fraction: Decimal; uncertainty: Decimal } | undefined;
  /** The lot's composition as separation stores it: element = purity x factor to 12 places, oxygen, impurity. */
  readonly composition: Composition;
  readonly dust: readonly PlannedSample[];
}

/**
 * Calcination of an oxalate at 850-950 °C: 0.05-0.2 % of the rare earths lost as dust (declared),
 * the rest in the oxide; purity = the target oxide's share of the two heavy-rare-earth oxides,
 * rounded down to 0.01 %; oxide mass weighed to the gram.
 */
export function calcination(
  random: SeededRandom,
  target: 'Tb' | 'Dy',
  fedKg: ReadonlyMap<string, Decimal>,
): PlannedOxide {
  const other = target === 'Tb' ? 'Dy' : 'Tb';
  const dustShare = drawDecimal(random, '0.0005', '0.0020', 4);
  const dust: PlannedSample[] = [];
  const left = new Map<string, Decimal>();
  for (const element of [target, other]) {
    const kg = fedKg.get(element) ?? ZERO;
    const massKg = roundTo(kg.times(dustShare), 6);
    if (massKg.greaterThan(0))
      dust.push({ element, massKg, uncertaintyKg: roundUpTo(massKg.times('0.2'), 6) });
    left.set(element, kg.minus(massKg));
  }
  const targetKg = left.get(target) ?? ZERO;
  const otherKg = left.get(other) ?? ZERO;
  const factor = oxideFactor(target);
  const otherFactor = oxideFactor(other);
  const targetOxide = targetKg.dividedBy(factor);
  const otherOxide = otherKg.dividedBy(otherFactor);
  const purityPercent = parseDecimal(
    targetOxide.dividedBy(targetOxide.plus(otherOxide)).times(100).toDecimalPlaces(2, Decimal.ROUND_DOWN),
  );
  const oxideMassKg = roundTo(targetKg.dividedBy(purityPercent.dividedBy(100).times(factor)), 3);
  const purityUncertaintyPercent = parseDecimal('0.1');
  const elementFraction = parseDecimal(
    purityPercent.dividedBy(100).times(factor).toDecimalPlaces(12, Decimal.ROUND_HALF_EVEN),
  );
  const elementUncertainty = parseDecimal(
    purityUncertaintyPercent.dividedBy(100).times(factor).toDecimalPlaces(12, Decimal.ROUND_HALF_EVEN),
  );
  const composition = new Map<string, { fraction: Decimal; uncertainty?: Decimal }>([
    [target, { fraction: elementFraction, uncertainty: elementUncertainty }],
    ['O', { fraction: purityPercent.dividedBy(100).minus(elementFraction) }],
  ]);
  let impurity: PlannedOxide['impurity'];
  if (otherKg.greaterThan(0)) {
    const measured = separationAssay(random, new Map([[other, otherKg]]), oxideMassKg).get(other);
    if (measured?.uncertainty) {
      impurity = { element: other, fraction: measured.fraction, uncertainty: measured.uncertainty };
      composition.set(other, { fraction: measured.fraction, uncertainty: measured.uncertainty });
    }
  }
  return {
    oxide: OXIDE_OF[target].oxide,
    oxideMassKg,
    purityPercent,
    purityUncertaintyPercent,
    impurity,
    composition,
    dust,
  };
}
