import { parseDecimal } from '@rre/quantities';
import type Decimal from 'decimal.js';
import {
  type BetaAgainstBaseline,
  betaAgainstBaseline,
  type ElementRecovery,
  type FractionPurityKpi,
  purityOf,
  recoveryOf,
  rounded,
  type SeparationRunKpis,
} from './separation-kpis';

/** A campaign: the solvent-extraction runs completed in a date range, optionally of one extractant or contactor. */
export interface CampaignKpis {
  readonly runs: number;
  readonly runsWithBeta: number;
  /** Arithmetic mean of the runs' betas. */
  readonly meanBeta?: string;
  readonly minBeta?: string;
  readonly maxBeta?: string;
  readonly againstBaseline?: BetaAgainstBaseline;
  /** Pooled: every run's recovered kg over every run's fed kg. */
  readonly recoveries: readonly ElementRecovery[];
  /** Mass-weighted over every run's fractions of each kind. */
  readonly purities: readonly FractionPurityKpi[];
  /** Arithmetic mean of the runs' throughput per contactor volume, 1/h. */
  readonly meanThroughputPerContactorVolume?: string;
}

function mean(values: readonly Decimal[]): Decimal | undefined {
  if (values.length === 0) return undefined;
  return values.reduce((sum, v) => sum.plus(v), parseDecimal('0')).div(values.length);
}

/** Averages of a campaign's runs (their latest KPIs), against the conventional baseline. */
export function campaignKpis(
  runs: readonly SeparationRunKpis[],
  baseline: { baselineBeta: string; goalFactor: string },
): CampaignKpis {
  const betas = runs.flatMap((r) => (r.separationFactor ? [parseDecimal(r.separationFactor.beta)] : []));
  const meanBeta = mean(betas);
  const sorted = [...betas].sort((a, b) => a.comparedTo(b));
  const recoveries = ['Tb', 'Dy'].map((element) => {
    const of = runs.flatMap((r) => r.recoveries.filter((e) => e.element === element));
    const fed = of.reduce((sum, e) => sum.plus(parseDecimal(e.fedKg)), parseDecimal('0'));
    const recovered = of.reduce((sum, e) => sum.plus(parseDecimal(e.recoveredKg)), parseDecimal('0'));
    return recoveryOf(element, fed, recovered);
  });
  const kinds = [...new Set(runs.flatMap((r) => r.purities.map((p) => p.kind)))];
  const purities = kinds.map((kind) =>
    purityOf(
      kind,
      runs.flatMap((r) => r.purities.filter((p) => p.kind === kind)),
    ),
  );
  const throughput = mean(
    runs.flatMap((r) =>
      r.throughputPerContactorVolume === undefined ? [] : [parseDecimal(r.throughputPerContactorVolume)],
    ),
  );
  return {
    runs: runs.length,
    runsWithBeta: betas.length,
    ...(meanBeta === undefined
      ? {}
      : {
          meanBeta: rounded(meanBeta),
          minBeta: rounded(sorted[0]),
          maxBeta: rounded(sorted[sorted.length - 1]),
          againstBaseline: betaAgainstBaseline(rounded(meanBeta), baseline.baselineBeta, baseline.goalFactor),
        }),
    recoveries,
    purities,
    ...(throughput === undefined ? {} : { meanThroughputPerContactorVolume: rounded(throughput) }),
  };
}
