import type Decimal from 'decimal.js';
import { parseDecimal, toPlainString } from '@rre/quantities';
import { isUsable, type MeasurementQuality } from './measurement-quality';

export interface TimedValue {
  readonly epochMicros: bigint;
  /** Decimal text or a Decimal of @rre/quantities. */
  readonly value: string | Decimal;
  readonly quality: MeasurementQuality;
}

export interface TimeIntegral {
  /** Σ over consecutive usable samples of (v1 + v2) / 2 × (t2 − t1), in (series unit) × second, exact. */
  readonly value: string;
  /** Seconds from the first to the last usable sample, exact. */
  readonly spanSeconds: string;
  readonly samplesUsed: number;
  /** Samples of bad quality, bridged over (the trapezoid joins their usable neighbours). */
  readonly samplesSkipped: number;
}

const MICROS_PER_SECOND = parseDecimal('1000000');

/**
 * The integral of a series over time by the trapezoid rule, in exact decimals: integrating a
 * current in A over a run gives the charge in A·s (coulombs); a flow in m³/s gives m³.
 * Samples may come in any order (they are sorted by measured time here); samples of bad quality
 * are skipped and bridged; fewer than two usable samples give 0. Each trapezoid is summed as
 * (v1 + v2) × Δt in microseconds (integers times decimals: exact), and the sum is divided once by
 * 2,000,000 at the end, which is exact for a decimal.
 */
export function integrateOverTime(series: readonly TimedValue[]): TimeIntegral {
  const usable = series
    .filter((sample) => isUsable(sample.quality))
    .sort((a, b) => (a.epochMicros < b.epochMicros ? -1 : a.epochMicros > b.epochMicros ? 1 : 0));
  const samplesSkipped = series.length - usable.length;
  const first = usable[0];
  const last = usable.at(-1);
  if (usable.length < 2 || first === undefined || last === undefined) {
    return { value: '0', spanSeconds: '0', samplesUsed: usable.length, samplesSkipped };
  }
  let doubledMicroArea = parseDecimal('0');
  let previous = first;
  for (const current of usable.slice(1)) {
    const elapsedMicros = parseDecimal(current.epochMicros - previous.epochMicros);
    const sum = parseDecimal(previous.value, 'value').plus(parseDecimal(current.value, 'value'));
    doubledMicroArea = doubledMicroArea.plus(sum.times(elapsedMicros));
    previous = current;
  }
  const area = doubledMicroArea.div(MICROS_PER_SECOND.times(2));
  const span = parseDecimal(last.epochMicros - first.epochMicros).div(MICROS_PER_SECOND);
  return {
    value: toPlainString(area),
    spanSeconds: toPlainString(span),
    samplesUsed: usable.length,
    samplesSkipped,
  };
}
