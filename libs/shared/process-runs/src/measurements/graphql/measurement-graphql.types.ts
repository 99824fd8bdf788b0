import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { MEASUREMENT_QUALITIES } from '../measurement-quality';
import { QUANTITY_KINDS, UNITS_BY_KIND } from '../quantity-kind';
import { graphqlNames } from './graphql-prefix';

const KIND_HELP = `One of ${QUANTITY_KINDS.join(', ')}`;
const UNIT_HELP = `UN/CEFACT Rec 20 code allowed for the kind: ${QUANTITY_KINDS.map(
  (kind) => `${kind} ${UNITS_BY_KIND[kind].map((unit) => unit.code).join('/')}`,
).join('; ')}`;
const QUALITY_HELP = `OPC UA-like quality: ${MEASUREMENT_QUALITIES.join(', ')}`;
const TIME_HELP = 'RFC 3339 with an offset, e.g. 2026-03-02T08:15:30.25+09:00 (at most microseconds)';

/** The input and output classes of one prefix; created once per prefix (names must be unique in the schema). */
export function createMeasurementGraphqlTypes(prefix: string) {
  const { type } = graphqlNames(prefix);

  @InputType(`${type}MeasurementSampleInput`)
  class MeasurementSampleInput {
    @Field({ description: TIME_HELP })
    measuredAt!: string;

    @Field({ description: 'Decimal text, e.g. "85.25" (kept exactly; never a float)' })
    value!: string;

    @Field({ description: QUALITY_HELP })
    quality!: string;
  }

  @InputType(`${type}MeasurementSeriesInput`)
  class MeasurementSeriesInput {
    @Field({ description: KIND_HELP })
    kind!: string;

    @Field(() => String, {
      nullable: true,
      description: 'Instrument or loop tag, e.g. TIC-101; default none',
    })
    tag?: string | null;

    @Field({ description: UNIT_HELP })
    unit!: string;

    @Field(() => [MeasurementSampleInput])
    samples!: MeasurementSampleInput[];
  }

  @InputType(`${type}MeasurementBatchInput`)
  class MeasurementBatchInput {
    @Field(() => ID)
    runId!: string;

    @Field(() => [MeasurementSeriesInput])
    series!: MeasurementSeriesInput[];
  }

  @ObjectType(`${type}RejectedMeasurementRevision`, {
    description: 'A reading refused because another one was already kept for its series and instant',
  })
  class RejectedRevisionModel {
    @Field({ description: 'UTC' })
    measuredAt!: string;

    @Field()
    measuredAtAsSent!: string;

    @Field()
    value!: string;

    @Field()
    quality!: string;

    @Field()
    keptValue!: string;

    @Field()
    keptQuality!: string;
  }

  @ObjectType(`${type}RecordedMeasurementSeries`)
  class RecordedSeriesModel {
    @Field(() => ID)
    seriesId!: string;

    @Field()
    kind!: string;

    @Field()
    tag!: string;

    @Field()
    unit!: string;

    @Field(() => Int)
    received!: number;

    @Field(() => Int)
    accepted!: number;

    @Field(() => Int, { description: 'Resends of a kept reading (same instant, value, quality): ignored' })
    duplicates!: number;

    @Field(() => Int, {
      description: 'Other readings for an instant already kept: stored as rejected revisions',
    })
    conflicts!: number;

    @Field(() => Int, { description: 'Accepted samples measured before the latest one stored earlier' })
    late!: number;

    @Field(() => [RejectedRevisionModel])
    rejectedRevisions!: RejectedRevisionModel[];
  }

  @ObjectType(`${type}MeasurementBatchOutcome`)
  class BatchOutcomeModel {
    @Field(() => ID)
    batchId!: string;

    @Field(() => ID)
    runId!: string;

    @Field()
    receivedAt!: string;

    @Field(() => Int)
    received!: number;

    @Field(() => Int)
    accepted!: number;

    @Field(() => Int)
    duplicates!: number;

    @Field(() => Int)
    conflicts!: number;

    @Field(() => Int)
    late!: number;

    @Field(() => [RecordedSeriesModel])
    series!: RecordedSeriesModel[];

    @Field({ description: 'True when this answers a repeated idempotency key with the first outcome' })
    replayed!: boolean;
  }

  @ObjectType(`${type}MeasurementSeries`, { description: 'A series of a run with its summary' })
  class SeriesSummaryModel {
    @Field(() => ID)
    seriesId!: string;

    @Field(() => ID)
    runId!: string;

    @Field()
    kind!: string;

    @Field()
    tag!: string;

    @Field({ description: 'UN/CEFACT Rec 20 code' })
    unit!: string;

    @Field()
    unitUcum!: string;

    @Field(() => Int)
    sampleCount!: number;

    @Field(() => Int)
    badSampleCount!: number;

    @Field(() => Int)
    rejectedRevisionCount!: number;

    @Field(() => String, { nullable: true })
    firstMeasuredAt?: string;

    @Field(() => String, { nullable: true })
    lastMeasuredAt?: string;

    @Field(() => String, { nullable: true })
    firstValue?: string;

    @Field(() => String, { nullable: true })
    lastValue?: string;

    @Field(() => String, { nullable: true, description: 'Over samples not of bad quality' })
    minValue?: string;

    @Field(() => String, { nullable: true, description: 'Over samples not of bad quality' })
    maxValue?: string;

    @Field(() => String, { nullable: true })
    lastReceivedAt?: string;
  }

  @ObjectType(`${type}MeasurementSample`)
  class SampleModel {
    @Field({ description: 'UTC, RFC 3339' })
    measuredAt!: string;

    @Field({ description: 'As the MES sent it, with its offset' })
    measuredAtAsSent!: string;

    @Field()
    value!: string;

    @Field()
    quality!: string;

    @Field()
    receivedAt!: string;
  }

  @ObjectType(`${type}MeasurementSamplePage`)
  class SamplePageModel {
    @Field(() => [SampleModel])
    samples!: SampleModel[];

    @Field(() => String, { nullable: true })
    endCursor?: string;

    @Field()
    hasNextPage!: boolean;
  }

  @ObjectType(`${type}MeasurementIntegral`, {
    description: 'Trapezoid integral over time, exact: (v1 + v2) / 2 × Δt summed over usable samples',
  })
  class IntegralModel {
    @Field(() => ID)
    seriesId!: string;

    @Field({ description: 'Rec 20 code of the series; the integral is in this unit times seconds' })
    unit!: string;

    @Field({ description: 'UCUM of the integral, e.g. A.s' })
    integralUcum!: string;

    @Field({ description: 'Decimal text' })
    value!: string;

    @Field()
    spanSeconds!: string;

    @Field(() => Int)
    samplesUsed!: number;

    @Field(() => Int)
    samplesSkipped!: number;
  }

  return {
    MeasurementSampleInput,
    MeasurementSeriesInput,
    MeasurementBatchInput,
    RejectedRevisionModel,
    RecordedSeriesModel,
    BatchOutcomeModel,
    SeriesSummaryModel,
    SampleModel,
    SamplePageModel,
    IntegralModel,
  };
}

export type MeasurementGraphqlTypes = ReturnType<typeof createMeasurementGraphqlTypes>;
