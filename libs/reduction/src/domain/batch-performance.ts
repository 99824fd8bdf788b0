import Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import type { EnergySettings } from './energy-settings';
import { gramsPerAmpereHour, type TargetElement, theoreticalMetalKg } from './faraday';

/** KPIs are rounded once, at the end, to this many decimal places (half-even). */
export const KPI_DECIMAL_PLACES = 6;

const SECONDS_PER_HOUR = parseDecimal('3600');
const JOULES_PER_KWH = parseDecimal('3600000');
const HUNDRED = parseDecimal('100');

export function rounded(value: Decimal): string {
  return toPlainString(value.toDecimalPlaces(KPI_DECIMAL_PLACES, Decimal.ROUND_HALF_EVEN));
}

/** What was measured and declared for one electrolysis batch (exact decimals). */
export interface BatchFacts {
  readonly targetElement: TargetElement;
  /** Target element in the batch's PRODUCT outputs (the rare-earth alloy), kg. */
  readonly metalKg: Decimal;
  /** ∫ I dt over good samples, A·s. */
  readonly chargeCoulombs: Decimal;
  /** ∫ U·I dt over good samples, W·s. */
  readonly dcEnergyJoules: Decimal;
  /** First to last current sample, s: the time the cell is heated. */
  readonly durationSeconds: Decimal;
  /** The cell's heating power, kW. */
  readonly heatingKw: Decimal;
}

/** Exact sums a period aggregates; the displayed figures are derived from them. */
export interface BatchTotals {
  readonly metalKg: string;
  readonly theoreticalMetalKg: string;
  readonly chargeAh: string;
  readonly dcEnergyKwh: string;
  readonly heatingEnergyKwh: string;
  readonly totalEnergyKwh: string;
  readonly co2Kg: string;
}

/** The figures a batch (or a period) reports, each rounded once to 6 places. */
export interface PerformanceFigures {
  readonly metalKg: string;
  readonly chargeAh: string;
  readonly theoreticalMetalKg: string;
  /** metal / theoretical x 100; null without charge. */
  readonly currentEfficiencyPercent?: string;
  readonly dcEnergyKwh: string;
  readonly heatingEnergyKwh: string;
  readonly totalEnergyKwh: string;
  /** null without metal. */
  readonly dcKwhPerKg?: string;
  readonly totalKwhPerKg?: string;
  readonly co2Kg: string;
  readonly co2KgPerKg?: string;
  readonly baseline: EnergySettings['baseline'];
  /** Baseline minus this, per kg of metal. */
  readonly energySavingKwhPerKg?: string;
  readonly energySavingPercent?: string;
  readonly co2SavingKgPerKg?: string;
  /** Baseline CO2 for the same metal minus this CO2, kg. */
  readonly co2SavingKg: string;
}

/** Faraday, energy and carbon of one batch, exact. */
export function batchTotals(facts: BatchFacts, settings: EnergySettings): BatchTotals {
  const dcEnergyKwh = facts.dcEnergyJoules.div(JOULES_PER_KWH);
  const heatingEnergyKwh = facts.heatingKw.times(facts.durationSeconds).div(SECONDS_PER_HOUR);
  const totalEnergyKwh = dcEnergyKwh.plus(heatingEnergyKwh);
  return {
    metalKg: toPlainString(facts.metalKg),
    theoreticalMetalKg: toPlainString(theoreticalMetalKg(facts.chargeCoulombs, facts.targetElement)),
    chargeAh: toPlainString(facts.chargeCoulombs.div(SECONDS_PER_HOUR)),
    dcEnergyKwh: toPlainString(dcEnergyKwh),
    heatingEnergyKwh: toPlainString(heatingEnergyKwh),
    totalEnergyKwh: toPlainString(totalEnergyKwh),
    co2Kg: toPlainString(totalEnergyKwh.times(settings.gridKgCo2PerKwh)),
  };
}

/** The sums of several batches (a period). */
export function sumTotals(all: readonly BatchTotals[]): BatchTotals {
  const sum = (pick: (t: BatchTotals) => string) =>
    toPlainString(all.reduce((total, t) => total.plus(parseDecimal(pick(t))), parseDecimal('0')));
  return {
    metalKg: sum((t) => t.metalKg),
    theoreticalMetalKg: sum((t) => t.theoreticalMetalKg),
    chargeAh: sum((t) => t.chargeAh),
    dcEnergyKwh: sum((t) => t.dcEnergyKwh),
    heatingEnergyKwh: sum((t) => t.heatingEnergyKwh),
    totalEnergyKwh: sum((t) => t.totalEnergyKwh),
    co2Kg: sum((t) => t.co2Kg),
  };
}

/**
 * Current efficiency, energy per kg, CO2 per kg and the saving against the calcium-thermal
 * baseline, from exact totals, rounded once at the end. Per kg of metal: divided by the target
 * element deposited (none deposited: no per-kg figure).
 */
export function performanceOf(totals: BatchTotals, settings: EnergySettings): PerformanceFigures {
  const metal = parseDecimal(totals.metalKg);
  const theoretical = parseDecimal(totals.theoreticalMetalKg);
  const total = parseDecimal(totals.totalEnergyKwh);
  const co2 = parseDecimal(totals.co2Kg);
  const perKg = (value: Decimal) => (metal.isZero() ? undefined : value.div(metal));
  const baseline = settings.baseline;
  const totalPerKg = perKg(total);
  const co2PerKg = perKg(co2);
  return {
    metalKg: rounded(metal),
    chargeAh: rounded(parseDecimal(totals.chargeAh)),
    theoreticalMetalKg: rounded(theoretical),
    currentEfficiencyPercent: theoretical.isZero()
      ? undefined
      : rounded(metal.div(theoretical).times(HUNDRED)),
    dcEnergyKwh: rounded(parseDecimal(totals.dcEnergyKwh)),
    heatingEnergyKwh: rounded(parseDecimal(totals.heatingEnergyKwh)),
    totalEnergyKwh: rounded(total),
    dcKwhPerKg: optionalRounded(perKg(parseDecimal(totals.dcEnergyKwh))),
    totalKwhPerKg: optionalRounded(totalPerKg),
    co2Kg: rounded(co2),
    co2KgPerKg: optionalRounded(co2PerKg),
    baseline,
    energySavingKwhPerKg: optionalRounded(totalPerKg && parseDecimal(baseline.kwhPerKg).minus(totalPerKg)),
    energySavingPercent: optionalRounded(
      totalPerKg &&
        parseDecimal(baseline.kwhPerKg).minus(totalPerKg).div(parseDecimal(baseline.kwhPerKg)).times(HUNDRED),
    ),
    co2SavingKgPerKg: optionalRounded(co2PerKg && parseDecimal(baseline.co2KgPerKg).minus(co2PerKg)),
    co2SavingKg: rounded(metal.times(baseline.co2KgPerKg).minus(co2)),
  };
}

function optionalRounded(value: Decimal | undefined): string | undefined {
  return value === undefined ? undefined : rounded(value);
}

/** g/Ah of the target at 100 % efficiency, rounded to 6 places: Tb 1.976574, Dy 2.021033. */
export function theoreticalYieldGPerAh(element: TargetElement): string {
  return rounded(gramsPerAmpereHour(element));
}
