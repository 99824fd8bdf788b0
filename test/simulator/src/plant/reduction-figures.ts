import { parseDecimal } from '@rre/quantities';
import type Decimal from 'decimal.js';
import { drawDecimal, noiseFactor, roundTo, roundUpTo } from '../random/decimal-draw';
import type { SeededRandom } from '../random/seeded-random';
import type { PlannedSample } from './separation-figures';

/**
 * What reduction makes of an oxide, with the figures of ../shared/DOMAIN.md ("Reduction"):
 * molten-salt electrolysis in LiCl-KCl at 500-750 °C onto a liquid zinc cathode, at a current
 * efficiency of 75-88 % (Faraday: 1.977 g/Ah Tb, 2.021 g/Ah Dy) and a cell voltage of 4.6-5.4 V
 * (about 3.2 kWh/kg DC for Tb at 5 V and 80 %), then vacuum distillation of the alloy at
 * 850-950 °C into metal of 97.5-99.9 % (the other heavy rare earth its main impurity) and zinc recovered for the next batches.
 */

/** The elements reduction balances (REDUCTION_BALANCE_ELEMENTS' default). */
export const REDUCTION_ELEMENTS = ['Tb', 'Dy'] as const;

/** Grams of metal per ampere-hour at 100 % current efficiency (M / (3 F), F = 96485.33212 C/mol). */
export const GRAMS_PER_AH: Readonly<Record<'Tb' | 'Dy', Decimal>> = {
  Tb: parseDecimal('158.925354').times(3600).dividedBy(parseDecimal('96485.33212').times(3)),
  Dy: parseDecimal('162.5').times(3600).dividedBy(parseDecimal('96485.33212').times(3)),
};

/** Minutes between two samples of the cell's current and voltage (under the 300 s gap limit). */
export const SAMPLE_MINUTES = 4;

export interface ElectrolysisBatch {
  readonly temperatureCelsius: Decimal;
  readonly currentEfficiency: Decimal;
  /** Alloy, spent salt and off-gas shares of each rare earth fed. */
  readonly alloyKg: ReadonlyMap<string, Decimal>;
  readonly saltKg: ReadonlyMap<string, Decimal>;
  readonly offGas: readonly PlannedSample[];
  readonly zincKg: Decimal;
  readonly saltChargeKg: Decimal;
  readonly alloyMassKg: Decimal;
  readonly spentSaltMassKg: Decimal;
  /** Current (A) and voltage (V) every SAMPLE_MINUTES from the batch's start, as the cell's instruments read them. */
  readonly current: readonly string[];
  readonly voltage: readonly string[];
}

const ZERO = parseDecimal('0');

/**
 * One batch: 88-95 % of the rare earths fed into the alloy (20-40 % of it rare earth), 0.1-0.5 %
 * to the off-gas, the rest in the salt; the charge the deposited metal needs at the batch's
 * current efficiency, passed over 8-12 hours at a steady current with 1 % noise.
 */
export function electrolysisBatch(
  random: SeededRandom,
  target: 'Tb' | 'Dy',
  fedKg: ReadonlyMap<string, Decimal>,
  oxideMassKg: Decimal,
): ElectrolysisBatch {
  const alloyShare = drawDecimal(random, '0.88', '0.95', 3);
  const offGasShare = drawDecimal(random, '0.001', '0.005', 4);
  const alloyKg = new Map<string, Decimal>();
  const saltKg = new Map<string, Decimal>();
  const offGas: PlannedSample[] = [];
  for (const [element, kg] of fedKg) {
    const lost = roundTo(kg.times(offGasShare), 6);
    if (lost.greaterThan(0))
      offGas.push({ element, massKg: lost, uncertaintyKg: roundUpTo(lost.times('0.2'), 6) });
    const alloy = kg.times(alloyShare);
    alloyKg.set(element, alloy);
    saltKg.set(element, kg.minus(alloy).minus(lost));
  }
  const rareEarthInAlloy = [...alloyKg.values()].reduce((s, v) => s.plus(v), ZERO);
  const zincKg = roundUpTo(rareEarthInAlloy.times(drawDecimal(random, '1.5', '4', 2)), 1);
  const saltChargeKg = roundUpTo(oxideMassKg.times(drawDecimal(random, '3', '5', 2)), 1);
  const currentEfficiency = drawDecimal(random, '0.75', '0.88', 3);
  const metalGrams = (alloyKg.get(target) ?? ZERO).times(1000);
  const chargeAh = metalGrams.dividedBy(GRAMS_PER_AH[target].times(currentEfficiency));
  const minutes = random.integer(120, 180) * SAMPLE_MINUTES; // 8-12 h
  const amperes = chargeAh.dividedBy(minutes / 60);
  const volts = drawDecimal(random, '4.6', '5.4', 2);
  const current: string[] = [];
  const voltage: string[] = [];
  for (let minute = 0; minute <= minutes; minute += SAMPLE_MINUTES) {
    current.push(roundTo(amperes.times(noiseFactor(random, 0.01)), 1).toString());
    voltage.push(roundTo(volts.times(noiseFactor(random, 0.015)), 3).toString());
  }
  return {
    temperatureCelsius: drawDecimal(random, '500', '750', -1),
    currentEfficiency,
    alloyKg,
    saltKg,
    offGas,
    zincKg,
    saltChargeKg,
    alloyMassKg: roundTo(rareEarthInAlloy.plus(zincKg), 3),
    spentSaltMassKg: roundTo(saltChargeKg.times(drawDecimal(random, '1.00', '1.05', 3)), 3),
    current,
    voltage,
  };
}

export interface Distillation {
  readonly temperatureCelsius: Decimal;
  readonly pressurePa: Decimal;
  readonly durationHours: Decimal;
  readonly metalKg: ReadonlyMap<string, Decimal>;
  readonly metalMassKg: Decimal;
  readonly zincBackKg: ReadonlyMap<string, Decimal>;
  readonly zincBackMassKg: Decimal;
  readonly offGas: readonly PlannedSample[];
}

/**
 * Vacuum distillation of the alloy: 98.5-99.7 % of the rare earths stay as metal with 0.2-0.6 %
 * zinc left in it, 0.01-0.05 % evaporate with the zinc and are caught as off-gas, the rest leaves
 * with the recovered zinc.
 */
export function distillation(
  random: SeededRandom,
  fedKg: ReadonlyMap<string, Decimal>,
  zincFedKg: Decimal,
): Distillation {
  const metalShare = drawDecimal(random, '0.985', '0.997', 3);
  const offGasShare = drawDecimal(random, '0.0001', '0.0005', 4);
  const zincLeftShare = drawDecimal(random, '0.002', '0.006', 3);
  const metalKg = new Map<string, Decimal>();
  const zincBackKg = new Map<string, Decimal>();
  const offGas: PlannedSample[] = [];
  for (const [element, kg] of fedKg) {
    const lost = roundTo(kg.times(offGasShare), 6);
    if (lost.greaterThan(0))
      offGas.push({ element, massKg: lost, uncertaintyKg: roundUpTo(lost.times('0.2'), 6) });
    const metal = kg.times(metalShare);
    metalKg.set(element, metal);
    zincBackKg.set(element, kg.minus(metal).minus(lost));
  }
  const rareEarth = [...metalKg.values()].reduce((s, v) => s.plus(v), ZERO);
  const metalMassKg = roundTo(rareEarth.dividedBy(parseDecimal('1').minus(zincLeftShare)), 3);
  const zincInMetal = metalMassKg.minus(rareEarth);
  const rareEarthBack = [...zincBackKg.values()].reduce((s, v) => s.plus(v), ZERO);
  return {
    temperatureCelsius: drawDecimal(random, '850', '950', -1),
    pressurePa: drawDecimal(random, '1', '10', 0),
    durationHours: drawDecimal(random, '3', '6', 1),
    metalKg: new Map([...metalKg, ['Zn', zincInMetal]]),
    metalMassKg,
    zincBackKg: new Map([...zincBackKg, ['Zn', zincFedKg.minus(zincInMetal)]]),
    zincBackMassKg: roundTo(zincFedKg.minus(zincInMetal).plus(rareEarthBack), 3),
    offGas,
  };
}
