import type { SampleExclusionReason } from '@rre/process-runs';
import type { BatchTotals, PerformanceFigures } from './batch-performance';
import type { TargetElement } from './faraday';

/** A sample left out of a batch's charge or energy, by timestamp. */
export interface ExcludedBatchSample {
  readonly quantityKind: 'CURRENT' | 'VOLTAGE';
  readonly measuredAt: string;
  readonly value: string;
  readonly quality: string;
  readonly reason: SampleExclusionReason;
}

/** How much of a batch its good samples cover. */
export interface BatchCoverage {
  readonly currentSeriesId: string;
  readonly voltageSeriesId?: string;
  readonly maxGapSeconds: string;
  /** First and last current sample of any quality: the batch's duration. */
  readonly from?: string;
  readonly to?: string;
  readonly durationSeconds: string;
  readonly coveredSeconds: string;
  readonly uncoveredSeconds: string;
  readonly uncovered: readonly { readonly from: string; readonly to: string; readonly seconds: string }[];
  readonly excludedSamples: readonly ExcludedBatchSample[];
}

export interface ElectrolysisKpis {
  readonly kind: 'ELECTROLYSIS';
  readonly targetElement: TargetElement;
  readonly cathodeAlloy: string;
  readonly electrolyte: string;
  readonly operatingTemperatureCelsius: string;
  readonly temperatureOverrideReason?: string;
  /** Exact sums, for periods. */
  readonly totals: BatchTotals;
  readonly figures: PerformanceFigures;
  readonly coverage: BatchCoverage;
  readonly provisional: boolean;
}

export interface DistillationKpis {
  readonly kind: 'VACUUM_DISTILLATION';
  readonly targetElement: TargetElement;
  readonly temperatureCelsius: string;
  readonly temperatureOverrideReason?: string;
  readonly pressurePa: string;
  readonly durationHours: string;
  /** The PRODUCT outputs: the metal lot(s), kg. */
  readonly metalLotKg: string;
  /** Target element in them, kg (exact). */
  readonly targetElementKg: string;
  /** Target element / metal lot mass x 100, 6 places. */
  readonly purityPercent?: string;
  /** Target element fed (opening inventory + inputs), kg (exact). */
  readonly fedTargetKg: string;
  readonly recoveryPercent?: string;
  /** BY_PRODUCT outputs: the cathode metal recovered for the next batches, kg. */
  readonly recoveredAlloyMetalKg: string;
  readonly provisional: boolean;
}

/** The KPIs of one completed reduction run, from one revision of its balance. */
export interface RunKpiRecord {
  readonly runId: string;
  /** 1 at completion; one more at each finalization or correction (earlier revisions are kept). */
  readonly revision: number;
  readonly kind: 'ELECTROLYSIS' | 'VACUUM_DISTILLATION';
  readonly completedAt: Date;
  readonly computedAt: Date;
  readonly kpis: ElectrolysisKpis | DistillationKpis;
}
