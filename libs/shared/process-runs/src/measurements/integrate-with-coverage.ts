import type Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import { formatEpochMicros } from './measured-instant';
import { isUsable, type MeasurementQuality } from './measurement-quality';
import type { TimedValue } from './integrate-over-time';

/** Why a sample was left out of an integral. */
export type SampleExclusionReason = 'BAD_QUALITY' | 'NEGATIVE_VALUE';

export interface ExcludedSample {
  readonly epochMicros: bigint;
  /** RFC 3339 in UTC. */
  readonly measuredAt: string;
  readonly value: string;
  readonly quality: MeasurementQuality;
  readonly reason: SampleExclusionReason;
}

/** An interval of the series' window that no pair of consecutive usable samples bridges. */
export interface UncoveredInterval {
  readonly fromMicros: bigint;
  readonly toMicros: bigint;
  readonly from: string;
  readonly to: string;
  readonly seconds: string;
}

export interface CoverageRules {
  /**
   * Consecutive usable samples are joined (and integrated) only when they are less than this many
   * seconds apart; a longer interval is uncovered and contributes nothing. Undefined: every
   * interval is bridged.
   */
  readonly maxGapSeconds?: string | Decimal;
  /** Leave out samples below zero (e.g. a cell current that reversed), reported as NEGATIVE_VALUE. */
  readonly excludeNegative?: boolean;
}

export interface CoveredIntegral {
  /** Σ over bridged pairs of usable samples of (v1 + v2) / 2 × (t2 − t1), (series unit) × second, exact. */
  readonly value: string;
  readonly samplesUsed: number;
  /** Samples left out, in measured-time order, with the reason. */
  readonly excluded: readonly ExcludedSample[];
  /** From the first to the last sample of any quality, seconds (the window coverage is judged over). */
  readonly windowSeconds: string;
  /** Seconds of the window bridged by usable samples. */
  readonly coveredSeconds: string;
  /** windowSeconds − coveredSeconds. */
  readonly uncoveredSeconds: string;
  /** Where the uncovered seconds are: before the first usable sample, gaps too long to bridge, after the last. */
  readonly uncovered: readonly UncoveredInterval[];
}

const MICROS_PER_SECOND = parseDecimal('1000000');

function seconds(micros: bigint): string {
  return toPlainString(parseDecimal(micros).div(MICROS_PER_SECOND));
}

function interval(fromMicros: bigint, toMicros: bigint): UncoveredInterval {
  return {
    fromMicros,
    toMicros,
    from: formatEpochMicros(fromMicros),
    to: formatEpochMicros(toMicros),
    seconds: seconds(toMicros - fromMicros),
  };
}

function exclusionOf(sample: TimedValue, rules: CoverageRules): SampleExclusionReason | undefined {
  if (!isUsable(sample.quality)) return 'BAD_QUALITY';
  if (rules.excludeNegative && parseDecimal(sample.value, 'value').isNegative()) return 'NEGATIVE_VALUE';
  return undefined;
}

/**
 * The trapezoid integral of a series with its coverage: samples of bad quality (and, when asked,
 * negative ones) are left out and listed by timestamp; consecutive usable samples are joined only
 * across intervals shorter than `maxGapSeconds`, and what is not joined is reported as uncovered.
 * Exact: each trapezoid is summed as (v1 + v2) × Δt in whole microseconds, divided once by 2,000,000.
 */
export function integrateWithCoverage(
  series: readonly TimedValue[],
  rules: CoverageRules = {},
): CoveredIntegral {
  const sorted = [...series].sort((a, b) =>
    a.epochMicros < b.epochMicros ? -1 : a.epochMicros > b.epochMicros ? 1 : 0,
  );
  const excluded: ExcludedSample[] = [];
  const usable: TimedValue[] = [];
  for (const sample of sorted) {
    const reason = exclusionOf(sample, rules);
    if (reason === undefined) {
      usable.push(sample);
      continue;
    }
    excluded.push({
      epochMicros: sample.epochMicros,
      measuredAt: formatEpochMicros(sample.epochMicros),
      value: toPlainString(parseDecimal(sample.value, 'value')),
      quality: sample.quality,
      reason,
    });
  }
  const maxGapMicros =
    rules.maxGapSeconds === undefined
      ? undefined
      : parseDecimal(rules.maxGapSeconds, 'maxGapSeconds').times(MICROS_PER_SECOND);
  const windowStart = sorted[0]?.epochMicros;
  const windowEnd = sorted.at(-1)?.epochMicros;
  const uncovered: UncoveredInterval[] = [];
  let doubledMicroArea = parseDecimal('0');
  let coveredMicros = 0n;
  const first = usable[0];
  if (first !== undefined && windowStart !== undefined && first.epochMicros > windowStart) {
    uncovered.push(interval(windowStart, first.epochMicros));
  }
  for (let i = 1; i < usable.length; i += 1) {
    const previous = usable[i - 1];
    const current = usable[i];
    const elapsed = current.epochMicros - previous.epochMicros;
    if (maxGapMicros !== undefined && !parseDecimal(elapsed).lt(maxGapMicros)) {
      uncovered.push(interval(previous.epochMicros, current.epochMicros));
      continue;
    }
    const sum = parseDecimal(previous.value, 'value').plus(parseDecimal(current.value, 'value'));
    doubledMicroArea = doubledMicroArea.plus(sum.times(parseDecimal(elapsed)));
    coveredMicros += elapsed;
  }
  const last = usable.at(-1);
  if (last !== undefined && windowEnd !== undefined && last.epochMicros < windowEnd) {
    uncovered.push(interval(last.epochMicros, windowEnd));
  }
  const windowMicros = windowStart === undefined || windowEnd === undefined ? 0n : windowEnd - windowStart;
  if (usable.length === 0 && windowStart !== undefined && windowEnd !== undefined && windowMicros > 0n) {
    uncovered.push(interval(windowStart, windowEnd));
  }
  return {
    value: toPlainString(doubledMicroArea.div(MICROS_PER_SECOND.times(2))),
    samplesUsed: usable.length,
    excluded,
    windowSeconds: seconds(windowMicros),
    coveredSeconds: seconds(coveredMicros),
    uncoveredSeconds: seconds(windowMicros - coveredMicros),
    uncovered,
  };
}
