import type Decimal from 'decimal.js';
import { integrateWithCoverage } from './integrate-with-coverage';
import type { MeasurementQuality } from './measurement-quality';

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

/**
 * The integral of a series over time by the trapezoid rule, in exact decimals: integrating a
 * current in A over a run gives the charge in A·s (coulombs); a flow in m³/s gives m³.
 * Samples may come in any order (they are sorted by measured time here); samples of bad quality
 * are skipped and bridged; fewer than two usable samples give 0. `integrateWithCoverage` is the
 * same rule with gap limits and the coverage reported.
 */
export function integrateOverTime(series: readonly TimedValue[]): TimeIntegral {
  const covered = integrateWithCoverage(series);
  return {
    value: covered.value,
    // Every interval between usable samples is bridged, so what is covered is their span.
    spanSeconds: covered.coveredSeconds,
    samplesUsed: covered.samplesUsed,
    samplesSkipped: covered.excluded.length,
  };
}
