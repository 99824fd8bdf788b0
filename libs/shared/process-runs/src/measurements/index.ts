export { MeasurementError, MeasurementErrorCode, type MeasurementErrorDetails } from './measurement-error';
export {
  isQuantityKind,
  type MeasurementUnit,
  parseQuantityKind,
  parseUnitOf,
  QUANTITY_KINDS,
  QuantityKind,
  UNITS_BY_KIND,
} from './quantity-kind';
export {
  isUsable,
  MEASUREMENT_QUALITIES,
  MeasurementQuality,
  parseMeasurementQuality,
  type QualitySeverity,
  severityOf,
} from './measurement-quality';
export { formatEpochMicros, type MeasuredInstant, parseMeasuredInstant } from './measured-instant';
export {
  DEFAULT_MEASUREMENT_LIMITS,
  type MeasurementBatchInput,
  type MeasurementLimits,
  type MeasurementSampleInput,
  type MeasurementSeriesInput,
  validateMeasurementBatch,
} from './measurement-batch';
export { integrateOverTime, type TimedValue, type TimeIntegral } from './integrate-over-time';
export {
  type CoverageRules,
  type CoveredIntegral,
  type ExcludedSample,
  integrateWithCoverage,
  type SampleExclusionReason,
  type UncoveredInterval,
} from './integrate-with-coverage';
export {
  type MeasurementBatchOutcome,
  type MeasurementClock,
  type MeasurementSample,
  type MeasurementSamplePage,
  type MeasurementSeriesSummary,
  type ProcessMeasurementEvents,
  ProcessMeasurements,
  type ProcessMeasurementsOptions,
  type RecordedSeries,
  type RecordOptions,
  type RejectedRevision,
  type RunExistence,
  type SamplePageQuery,
  type SeriesIntegral,
  type SeriesTimeRange,
} from './process-measurements';
export {
  ProcessMeasurementBatchEntity,
  processMeasurementEntities,
  ProcessMeasurementRejectedRevisionEntity,
  ProcessMeasurementSampleEntity,
  ProcessMeasurementSeriesEntity,
} from './process-measurement.entities';
export {
  CreateProcessMeasurementTables1764510000050,
  processMeasurementMigrations,
} from './1764510000050-create-process-measurement-tables.migration';
export * from './graphql';
