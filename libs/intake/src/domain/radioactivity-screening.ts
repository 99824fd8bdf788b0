import type Decimal from 'decimal.js';
import { type DecimalInput, parseDecimal } from '@rre/quantities';
import { IntakeError } from './intake-error';

/**
 * Figures of the natural-radioactivity screening. Defaults: U-238 12.3 Bq/kg and Th-232 4.1 Bq/kg
 * per ppm of the element (secular equilibrium), a limit of 1 Bq/g for each chain, and quarantine
 * when the sum of the ratios to the limits is above 1.
 */
export interface ScreeningPolicy {
  readonly uraniumBqPerKgPerPpm: Decimal;
  readonly thoriumBqPerKgPerPpm: Decimal;
  readonly uraniumLimitBqPerG: Decimal;
  readonly thoriumLimitBqPerG: Decimal;
  readonly threshold: Decimal;
}

export function screeningPolicy(figures: {
  uraniumBqPerKgPerPpm?: DecimalInput;
  thoriumBqPerKgPerPpm?: DecimalInput;
  uraniumLimitBqPerG?: DecimalInput;
  thoriumLimitBqPerG?: DecimalInput;
  threshold?: DecimalInput;
}): ScreeningPolicy {
  const positive = (value: DecimalInput, field: string) => {
    const parsed = parseDecimal(value, field);
    if (!parsed.greaterThan(0)) throw new Error(`screening policy ${field}: must be greater than zero`);
    return parsed;
  };
  return {
    uraniumBqPerKgPerPpm: positive(figures.uraniumBqPerKgPerPpm ?? '12.3', 'uraniumBqPerKgPerPpm'),
    thoriumBqPerKgPerPpm: positive(figures.thoriumBqPerKgPerPpm ?? '4.1', 'thoriumBqPerKgPerPpm'),
    uraniumLimitBqPerG: positive(figures.uraniumLimitBqPerG ?? '1', 'uraniumLimitBqPerG'),
    thoriumLimitBqPerG: positive(figures.thoriumLimitBqPerG ?? '1', 'thoriumLimitBqPerG'),
    threshold: positive(figures.threshold ?? '1', 'threshold'),
  };
}

export const DEFAULT_SCREENING_POLICY = screeningPolicy({});

export const ScreeningOutcome = {
  /** At or below the threshold. */
  CLEARED: 'CLEARED',
  /** Above the threshold: quarantine. */
  EXCEEDED: 'EXCEEDED',
} as const;
export type ScreeningOutcome = (typeof ScreeningOutcome)[keyof typeof ScreeningOutcome];

export interface ScreeningResult {
  readonly uraniumPpm: Decimal;
  readonly thoriumPpm: Decimal;
  /** ppm x Bq/kg per ppm / 1000. */
  readonly uraniumBqPerG: Decimal;
  readonly thoriumBqPerG: Decimal;
  /** The content that alone reaches the limit: limit x 1000 / (Bq/kg per ppm), about 81.3 ppm U and 243.9 ppm Th. */
  readonly uraniumLimitPpm: Decimal;
  readonly thoriumLimitPpm: Decimal;
  /** uraniumBqPerG / uraniumLimitBqPerG + thoriumBqPerG / thoriumLimitBqPerG. */
  readonly sumOfRatios: Decimal;
  readonly threshold: Decimal;
  readonly outcome: ScreeningOutcome;
}

const GRAMS_PER_KILOGRAM = parseDecimal('1000');
const ONE_MILLION = parseDecimal('1000000');

/**
 * Screens U and Th contents (ppm, i.e. mg/kg) against the policy. Th 300 ppm: 300 x 4.1 / 1000 =
 * 1.23 Bq/g, ratio 1.23 > 1: EXCEEDED. U 40 + Th 80 ppm: 0.492 + 0.328 = 0.82: CLEARED.
 */
export function screenRadioactivity(
  uraniumPpmInput: DecimalInput,
  thoriumPpmInput: DecimalInput,
  policy: ScreeningPolicy = DEFAULT_SCREENING_POLICY,
): ScreeningResult {
  const uraniumPpm = nonNegativePpm(uraniumPpmInput, 'uraniumPpm');
  const thoriumPpm = nonNegativePpm(thoriumPpmInput, 'thoriumPpm');
  const uraniumBqPerG = uraniumPpm.times(policy.uraniumBqPerKgPerPpm).div(GRAMS_PER_KILOGRAM);
  const thoriumBqPerG = thoriumPpm.times(policy.thoriumBqPerKgPerPpm).div(GRAMS_PER_KILOGRAM);
  const sumOfRatios = uraniumBqPerG
    .div(policy.uraniumLimitBqPerG)
    .plus(thoriumBqPerG.div(policy.thoriumLimitBqPerG));
  return {
    uraniumPpm,
    thoriumPpm,
    uraniumBqPerG,
    thoriumBqPerG,
    uraniumLimitPpm: policy.uraniumLimitBqPerG.times(GRAMS_PER_KILOGRAM).div(policy.uraniumBqPerKgPerPpm),
    thoriumLimitPpm: policy.thoriumLimitBqPerG.times(GRAMS_PER_KILOGRAM).div(policy.thoriumBqPerKgPerPpm),
    sumOfRatios,
    threshold: policy.threshold,
    outcome: sumOfRatios.greaterThan(policy.threshold) ? 'EXCEEDED' : 'CLEARED',
  };
}

function nonNegativePpm(value: DecimalInput, field: string): Decimal {
  let parsed: Decimal;
  try {
    parsed = parseDecimal(value, field);
  } catch {
    throw new IntakeError({
      code: 'INVALID_DECIMAL',
      field,
      value: String(value),
      rule: 'must be a decimal string such as "12.5"',
    });
  }
  if (parsed.isNegative() || parsed.greaterThan(ONE_MILLION)) {
    throw new IntakeError({
      code: 'FRACTION_OUT_OF_RANGE',
      field,
      value: `${parsed.toFixed()} ppm`,
      rule: 'must be between 0 and 1000000 ppm (0 % to 100 %)',
    });
  }
  return parsed;
}
