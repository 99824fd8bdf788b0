import {
  integrateWithCoverage,
  type MeasurementSeriesSummary,
  type ProcessMeasurements,
  ProcessRunError,
} from '@rre/process-runs';
import { parseDecimal } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { cellPower, inAmperes, inVolts } from '../domain/cell-power';
import type { ElectrolysisParameters } from '../domain/electrolysis-parameters';
import type { BatchCoverage, ExcludedBatchSample } from '../domain/run-kpi-record';

/** What a batch's recorded current and voltage give: charge, DC energy, duration and coverage. */
export interface BatchMeasurementAnalysis {
  readonly chargeCoulombs: Decimal;
  readonly dcEnergyJoules: Decimal;
  readonly durationSeconds: Decimal;
  readonly coverage: BatchCoverage;
}

function seriesOf(
  all: readonly MeasurementSeriesSummary[],
  runId: string,
  kind: 'CURRENT' | 'VOLTAGE',
  tag: string | undefined,
): MeasurementSeriesSummary {
  const ofKind = all.filter((s) => s.kind === kind);
  const chosen = tag !== undefined ? ofKind.filter((s) => s.tag === tag) : ofKind.length === 1 ? ofKind : [];
  const [series] = chosen;
  if (series === undefined) {
    const field = kind === 'CURRENT' ? 'currentTag' : 'voltageTag';
    throw new ProcessRunError({
      code: 'INVALID_INPUT',
      field: 'runId',
      value: runId,
      rule:
        ofKind.length > 1 && tag === undefined
          ? `has ${kind} series with the tags ${ofKind.map((s) => JSON.stringify(s.tag)).join(', ')}: the batch's parameters must name one (${field})`
          : `must have a ${kind} series${tag === undefined ? '' : ` tagged ${JSON.stringify(tag)}`} recorded before its charge and energy can be computed (record${kind === 'CURRENT' ? ' the cell current' : ' the cell voltage'} as measurements of the batch)`,
      retryable: true,
    });
  }
  return series;
}

function excludedOf(
  kind: ExcludedBatchSample['quantityKind'],
  excluded: ReturnType<typeof integrateWithCoverage>['excluded'],
): (ExcludedBatchSample & { epochMicros: bigint })[] {
  return excluded.map((e) => ({
    epochMicros: e.epochMicros,
    quantityKind: kind,
    measuredAt: e.measuredAt,
    value: e.value,
    quality: e.quality,
    reason: e.reason,
  }));
}

/**
 * Reads the batch's CURRENT and VOLTAGE series and integrates them: charge = ∫ I dt and DC energy
 * = ∫ U·I dt over good samples, only across gaps shorter than `maxGapSeconds`; samples of bad
 * quality and negative currents are left out and listed by timestamp; the batch's duration is its
 * first to last current sample, and what good samples do not cover of it is reported.
 */
export async function analyseBatchMeasurements(
  manager: EntityManager,
  measurements: ProcessMeasurements,
  runId: string,
  parameters: ElectrolysisParameters,
  maxGapSeconds: string,
): Promise<BatchMeasurementAnalysis> {
  const all = await measurements.listSeries(manager, runId);
  const currentSeries = seriesOf(all, runId, 'CURRENT', parameters.currentTag);
  const voltageSeries = seriesOf(all, runId, 'VOLTAGE', parameters.voltageTag);
  const current = inAmperes(
    await measurements.allSamples(manager, { seriesId: currentSeries.seriesId }),
    currentSeries.unit,
  );
  const voltage = inVolts(
    await measurements.allSamples(manager, { seriesId: voltageSeries.seriesId }),
    voltageSeries.unit,
  );
  const rules = { maxGapSeconds, excludeNegative: true };
  const charge = integrateWithCoverage(current, rules);
  const energy = integrateWithCoverage(cellPower(current, voltage), rules);
  const voltageChecked = integrateWithCoverage(voltage, {});
  const excludedSamples = [
    ...excludedOf('CURRENT', charge.excluded),
    ...excludedOf('VOLTAGE', voltageChecked.excluded),
  ]
    .sort((a, b) => (a.epochMicros < b.epochMicros ? -1 : a.epochMicros > b.epochMicros ? 1 : 0))
    .map(({ epochMicros: _at, ...sample }) => sample);
  return {
    chargeCoulombs: parseDecimal(charge.value),
    dcEnergyJoules: parseDecimal(energy.value),
    durationSeconds: parseDecimal(charge.windowSeconds),
    coverage: {
      currentSeriesId: currentSeries.seriesId,
      voltageSeriesId: voltageSeries.seriesId,
      maxGapSeconds,
      from: currentSeries.firstMeasuredAt,
      to: currentSeries.lastMeasuredAt,
      durationSeconds: charge.windowSeconds,
      coveredSeconds: charge.coveredSeconds,
      uncoveredSeconds: charge.uncoveredSeconds,
      uncovered: charge.uncovered.map((u) => ({ from: u.from, to: u.to, seconds: u.seconds })),
      excludedSamples,
    },
  };
}
