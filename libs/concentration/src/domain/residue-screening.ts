import type Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import { boundedDecimal } from './decimal-field';

/**
 * Figures of the natural-radioactivity screening of a residue, the same rule intake applies to
 * incoming lots: U-238 12.3 and Th-232 4.1 Bq/kg per ppm, 1 Bq/g per chain, quarantine above a
 * sum of ratios of 1. Kept here rather than shared because intake's copy throws intake's errors.
 */
export interface ResidueScreeningPolicy {
  readonly uraniumBqPerKgPerPpm: string;
  readonly thoriumBqPerKgPerPpm: string;
  readonly uraniumLimitBqPerG: string;
  readonly thoriumLimitBqPerG: string;
  readonly threshold: string;
}

export const DEFAULT_RESIDUE_SCREENING_POLICY: ResidueScreeningPolicy = {
  uraniumBqPerKgPerPpm: '12.3',
  thoriumBqPerKgPerPpm: '4.1',
  uraniumLimitBqPerG: '1',
  thoriumLimitBqPerG: '1',
  threshold: '1',
};

export const ResidueScreeningOutcome = { CLEARED: 'CLEARED', EXCEEDED: 'EXCEEDED' } as const;
export type ResidueScreeningOutcome = (typeof ResidueScreeningOutcome)[keyof typeof ResidueScreeningOutcome];

export interface ResidueScreening {
  readonly uraniumPpm: string;
  readonly thoriumPpm: string;
  /** uranium Bq/g / its limit + thorium Bq/g / its limit, exact. */
  readonly sumOfRatios: string;
  readonly threshold: string;
  readonly outcome: ResidueScreeningOutcome;
}

const THOUSAND = parseDecimal('1000');
const MILLION = parseDecimal('1000000');

/**
 * Screens a residue from its U and Th mass fractions (plain fractions, as an assay holds them).
 * U 0.0002 (200 ppm) and Th 0.0005 (500 ppm): 2.46 + 2.05 = 4.51, above 1: EXCEEDED.
 */
export function screenResidue(
  uraniumFraction: Decimal,
  thoriumFraction: Decimal,
  policy: ResidueScreeningPolicy = DEFAULT_RESIDUE_SCREENING_POLICY,
): ResidueScreening {
  const uraniumPpm = uraniumFraction.times(MILLION);
  const thoriumPpm = thoriumFraction.times(MILLION);
  const ratio = (ppm: Decimal, bqPerKgPerPpm: string, limitBqPerG: string) =>
    ppm.times(bqPerKgPerPpm).div(THOUSAND).div(limitBqPerG);
  const sumOfRatios = ratio(uraniumPpm, policy.uraniumBqPerKgPerPpm, policy.uraniumLimitBqPerG).plus(
    ratio(thoriumPpm, policy.thoriumBqPerKgPerPpm, policy.thoriumLimitBqPerG),
  );
  return {
    uraniumPpm: toPlainString(uraniumPpm),
    thoriumPpm: toPlainString(thoriumPpm),
    sumOfRatios: toPlainString(sumOfRatios),
    threshold: policy.threshold,
    outcome: sumOfRatios.greaterThan(policy.threshold) ? 'EXCEEDED' : 'CLEARED',
  };
}

/** Validates configured screening figures (each above zero). */
export function residueScreeningPolicy(
  figures: ResidueScreeningPolicy,
  field = 'screening',
): ResidueScreeningPolicy {
  const positive = (value: string, name: string) =>
    toPlainString(boundedDecimal(value, `${field}.${name}`, { above: '0' }));
  return {
    uraniumBqPerKgPerPpm: positive(figures.uraniumBqPerKgPerPpm, 'uraniumBqPerKgPerPpm'),
    thoriumBqPerKgPerPpm: positive(figures.thoriumBqPerKgPerPpm, 'thoriumBqPerKgPerPpm'),
    uraniumLimitBqPerG: positive(figures.uraniumLimitBqPerG, 'uraniumLimitBqPerG'),
    thoriumLimitBqPerG: positive(figures.thoriumLimitBqPerG, 'thoriumLimitBqPerG'),
    threshold: positive(figures.threshold, 'threshold'),
  };
}
