import type Decimal from 'decimal.js';
import { parseDecimal, QuantityError, toPlainString } from '@rre/quantities';
import { describeInput, MeasurementError, MeasurementErrorCode } from './measurement-error';
import { type MeasuredInstant, parseMeasuredInstant } from './measured-instant';
import { type MeasurementQuality, parseMeasurementQuality } from './measurement-quality';
import { type MeasurementUnit, parseQuantityKind, parseUnitOf, type QuantityKind } from './quantity-kind';

/** A sample as an MES sends it. */
export interface MeasurementSampleInput {
  /** RFC 3339 with offset. */
  readonly measuredAt: string;
  /** Decimal text, e.g. "85.25"; never a JS number. */
  readonly value: string;
  readonly quality: string;
}

/** One series of a batch: a quantity kind, optionally an instrument tag (two thermometers: two tags). */
export interface MeasurementSeriesInput {
  readonly kind: string;
  /** The instrument or loop tag, e.g. "TIC-101"; default "" (the run's only series of this kind). */
  readonly tag?: string;
  readonly unit: string;
  readonly samples: readonly MeasurementSampleInput[];
}

export interface MeasurementBatchInput {
  readonly runId: string;
  readonly series: readonly MeasurementSeriesInput[];
}

export interface ValidSample {
  readonly instant: MeasuredInstant;
  readonly value: Decimal;
  /** Exactly as sent (trailing zeros kept: "7.10" stays "7.10"). */
  readonly valueText: string;
  readonly quality: MeasurementQuality;
  /** Position in the series as sent. */
  readonly index: number;
}

export interface ValidSeries {
  readonly kind: QuantityKind;
  readonly tag: string;
  readonly unit: MeasurementUnit;
  readonly samples: readonly ValidSample[];
  readonly field: string;
}

export interface ValidBatch {
  readonly runId: string;
  readonly series: readonly ValidSeries[];
  readonly sampleCount: number;
}

export interface MeasurementLimits {
  /** Most samples in one batch (default 10,000). */
  readonly maxSamplesPerBatch: number;
}

export const DEFAULT_MEASUREMENT_LIMITS: MeasurementLimits = { maxSamplesPerBatch: 10_000 };

const TAG = /^[A-Za-z0-9][A-Za-z0-9 ._:/#-]{0,63}$/;
const MAX_VALUE_DIGITS = 40;

function invalidBatch(field: string, value: unknown, rule: string): MeasurementError {
  return new MeasurementError({
    code: MeasurementErrorCode.INVALID_BATCH,
    field,
    value: describeInput(value),
    rule,
  });
}

function parseSampleValue(value: unknown, field: string): Decimal {
  try {
    const parsed = parseDecimal(value, field);
    if (parsed.sd(true) > MAX_VALUE_DIGITS) {
      throw new MeasurementError({
        code: MeasurementErrorCode.INVALID_DECIMAL,
        field,
        value: describeInput(value),
        rule: `must have at most ${MAX_VALUE_DIGITS} significant digits`,
      });
    }
    return parsed;
  } catch (error) {
    if (error instanceof QuantityError) {
      throw new MeasurementError({
        code: MeasurementErrorCode.INVALID_DECIMAL,
        field,
        value: describeInput(value),
        rule: error.rule,
      });
    }
    throw error;
  }
}

/**
 * Checks a whole batch before anything is written: the first broken rule is thrown as a
 * MeasurementError naming the field (with its position), the value and the rule.
 */
export function validateMeasurementBatch(
  input: MeasurementBatchInput,
  limits: MeasurementLimits = DEFAULT_MEASUREMENT_LIMITS,
): ValidBatch {
  if (typeof input.runId !== 'string' || input.runId.trim() === '' || input.runId.length > 200) {
    throw invalidBatch('runId', input.runId, 'must be a run id (1 to 200 characters)');
  }
  if (!Array.isArray(input.series) || input.series.length === 0) {
    throw invalidBatch('series', input.series, 'must hold at least one series');
  }
  const total = input.series.reduce(
    (sum, series) => sum + (Array.isArray(series.samples) ? series.samples.length : 0),
    0,
  );
  if (total > limits.maxSamplesPerBatch) {
    throw invalidBatch(
      'series',
      `${total} samples`,
      `a batch holds at most ${limits.maxSamplesPerBatch} samples: split it`,
    );
  }
  const seen = new Map<string, number>();
  const series = input.series.map((raw, seriesIndex): ValidSeries => {
    const field = `series[${seriesIndex}]`;
    const kind = parseQuantityKind(raw.kind, `${field}.kind`);
    const tag = raw.tag ?? '';
    if (tag !== '' && (typeof tag !== 'string' || !TAG.test(tag))) {
      throw invalidBatch(
        `${field}.tag`,
        tag,
        'must be an instrument tag: 1 to 64 letters, digits, spaces or . _ : / # -, starting with a letter or digit',
      );
    }
    const unit = parseUnitOf(kind, raw.unit, `${field}.unit`);
    const key = `${kind}\u0000${tag}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw invalidBatch(
        `${field}.kind`,
        `${kind}${tag ? ` ${tag}` : ''}`,
        `repeats series[${earlier}]: put all samples of one series (kind and tag) in one entry`,
      );
    }
    seen.set(key, seriesIndex);
    if (!Array.isArray(raw.samples) || raw.samples.length === 0) {
      throw invalidBatch(`${field}.samples`, raw.samples, 'must hold at least one sample');
    }
    const samples = (raw.samples as readonly MeasurementSampleInput[]).map((sample, index): ValidSample => {
      const sampleField = `${field}.samples[${index}]`;
      const instant = parseMeasuredInstant(sample.measuredAt, `${sampleField}.measuredAt`);
      const value = parseSampleValue(sample.value, `${sampleField}.value`);
      const quality = parseMeasurementQuality(sample.quality, `${sampleField}.quality`);
      return { instant, value, valueText: sample.value, quality, index };
    });
    return { kind, tag, unit, samples, field };
  });
  return { runId: input.runId, series, sampleCount: total };
}

export type SampleFate = 'new' | 'duplicate' | 'conflict';

export interface ClassifiedSample {
  readonly sample: ValidSample;
  readonly fate: SampleFate;
  /** For a duplicate or conflict: the first sample of its instant in this batch. */
  readonly keptInBatch?: ValidSample;
}

/** Same value (numerically: "7.1" = "7.10") and same quality: a resend, not news. */
export function isSameReading(
  a: { value: Decimal; quality: MeasurementQuality },
  b: { value: Decimal; quality: MeasurementQuality },
): boolean {
  return a.value.eq(b.value) && a.quality === b.quality;
}

/**
 * Orders one series' samples by measured time (stable: equal instants keep the order sent) and
 * settles equal instants inside the batch: the first is the candidate; a later identical one is a
 * duplicate, a later different one a conflict (the first one sent wins).
 */
export function classifyWithinSeries(samples: readonly ValidSample[]): ClassifiedSample[] {
  const ordered = [...samples].sort((a, b) =>
    a.instant.epochMicros < b.instant.epochMicros
      ? -1
      : a.instant.epochMicros > b.instant.epochMicros
        ? 1
        : a.index - b.index,
  );
  const result: ClassifiedSample[] = [];
  let candidate: ValidSample | undefined;
  for (const sample of ordered) {
    if (candidate && candidate.instant.epochMicros === sample.instant.epochMicros) {
      result.push(
        isSameReading(candidate, sample)
          ? { sample, fate: 'duplicate', keptInBatch: candidate }
          : { sample, fate: 'conflict', keptInBatch: candidate },
      );
    } else {
      candidate = sample;
      result.push({ sample, fate: 'new' });
    }
  }
  return result;
}

export function plainValue(value: Decimal): string {
  return toPlainString(value);
}
