import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { EventPublisher } from '@rre/messaging';
import { parseDecimal } from '@rre/quantities';
import { serviceSchema } from '@rre/persistence';
import type { EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import type { ActorRef } from '../domain/process-run';
import { ProcessEventOutbox, type ProcessTopics } from '../messaging/process-event-outbox';
import type { ProcessServiceName } from '../messaging/process-event-types';
import { integrateOverTime, type TimeIntegral } from './integrate-over-time';
import {
  classifyWithinSeries,
  DEFAULT_MEASUREMENT_LIMITS,
  isSameReading,
  type MeasurementBatchInput,
  type MeasurementLimits,
  validateMeasurementBatch,
  type ValidSample,
  type ValidSeries,
} from './measurement-batch';
import { decodeMeasurementCursor, encodeMeasurementCursor } from './measurement-cursor';
import { describeInput, MeasurementError, MeasurementErrorCode } from './measurement-error';
import { measurementRequestHash } from './measurement-request-hash';
import { formatEpochMicros, parseMeasuredInstant } from './measured-instant';
import { MEASUREMENT_QUALITIES, type MeasurementQuality, severityOf } from './measurement-quality';
import { type QuantityKind, UNITS_BY_KIND } from './quantity-kind';

/** The host's check that a run exists (its own tables, in the same transaction). */
export type RunExistence = (manager: EntityManager, runId: string) => Promise<boolean>;

export interface MeasurementClock {
  now(): Date;
}

/** Where `record` announces what it stored: the host's outbox, as for its ProcessRuns. */
export interface ProcessMeasurementEvents {
  /** Names the event type: `rre.<service>.run.measurements-recorded.v1`. */
  readonly service: ProcessServiceName;
  /** The host's outbox publisher (`new EventPublisher({ service })`). */
  readonly publisher: EventPublisher;
  /** The event goes to `topics.runs`, keyed by the run id. */
  readonly topics: ProcessTopics;
}

export interface ProcessMeasurementsOptions {
  readonly runExists: RunExistence;
  /** When given, a batch that stored something publishes `RunMeasurementsRecorded` in its transaction. */
  readonly events?: ProcessMeasurementEvents;
  readonly clock?: MeasurementClock;
  readonly limits?: Partial<MeasurementLimits>;
  /** Largest page of samples (default 1,000); a page holds 100 unless asked otherwise (or the largest, if smaller). */
  readonly maxPageSize?: number;
}

export interface RecordOptions {
  /** Who sent the batch (the token's subject): idempotency keys are per client. */
  readonly clientSubject?: string;
  /** The same key with the same batch returns the first outcome; with another batch it is refused. */
  readonly idempotencyKey?: string;
  /** The event's actor; default: the publisher's (the service). */
  readonly actor?: ActorRef;
  /** The event's correlation id (business flow); default: the batch id. */
  readonly correlationId?: string;
  /** This request's id, the event's causation; default: the correlation id. */
  readonly requestId?: string;
}

export interface RejectedRevision {
  readonly measuredAt: string;
  readonly measuredAtAsSent: string;
  readonly value: string;
  readonly quality: MeasurementQuality;
  /** The reading kept for that instant. */
  readonly keptValue: string;
  readonly keptQuality: MeasurementQuality;
}

export interface RecordedSeries {
  readonly seriesId: string;
  readonly kind: QuantityKind;
  readonly tag: string;
  readonly unit: string;
  readonly received: number;
  readonly accepted: number;
  /** Samples identical (instant, value, quality) to one kept: resends, ignored. */
  readonly duplicates: number;
  /** Samples at an instant already holding another reading: kept as rejected revisions. */
  readonly conflicts: number;
  /** Accepted samples measured before the series' latest sample stored before this batch. */
  readonly late: number;
  readonly rejectedRevisions: readonly RejectedRevision[];
}

export interface MeasurementBatchOutcome {
  readonly batchId: string;
  readonly runId: string;
  readonly receivedAt: string;
  readonly received: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly conflicts: number;
  readonly late: number;
  readonly series: readonly RecordedSeries[];
  /** True when this is the stored outcome of an earlier request with the same idempotency key. */
  readonly replayed: boolean;
}

export interface MeasurementSample {
  readonly measuredAt: string;
  readonly measuredAtAsSent: string;
  readonly epochMicros: bigint;
  readonly value: string;
  readonly quality: MeasurementQuality;
  readonly receivedAt: string;
}

export interface MeasurementSamplePage {
  readonly samples: readonly MeasurementSample[];
  readonly endCursor?: string;
  readonly hasNextPage: boolean;
}

export interface MeasurementSeriesSummary {
  readonly seriesId: string;
  readonly runId: string;
  readonly kind: QuantityKind;
  readonly tag: string;
  readonly unit: string;
  readonly unitUcum: string;
  readonly sampleCount: number;
  readonly badSampleCount: number;
  readonly rejectedRevisionCount: number;
  readonly firstMeasuredAt?: string;
  readonly lastMeasuredAt?: string;
  readonly firstValue?: string;
  readonly lastValue?: string;
  /** Over samples that are not of bad quality. */
  readonly minValue?: string;
  readonly maxValue?: string;
  readonly lastReceivedAt?: string;
}

export interface SeriesTimeRange {
  readonly seriesId: string;
  /** RFC 3339 with offset; inclusive. */
  readonly from?: string;
  /** RFC 3339 with offset; exclusive. */
  readonly to?: string;
}

export interface SamplePageQuery extends SeriesTimeRange {
  readonly first?: number;
  readonly after?: string;
}

export interface SeriesIntegral extends TimeIntegral {
  readonly seriesId: string;
  /** Rec 20 code of the series; the integral is in this unit times seconds. */
  readonly unit: string;
  /** UCUM of the integral, e.g. "A.s" for a current in amperes. */
  readonly integralUcum: string;
}

const BAD_QUALITIES = MEASUREMENT_QUALITIES.filter((quality) => severityOf(quality) === 'bad');

interface StoredReading {
  value: string;
  quality: MeasurementQuality;
}

/** What one series of a batch changed, beyond its outcome: for the event. */
interface SeriesChanges {
  readonly recorded: RecordedSeries;
  readonly revisionsStored: number;
  readonly firstStoredUs?: bigint;
  readonly lastStoredUs?: bigint;
}

/**
 * Process measurements of runs: batches of time series recorded, ordered, de-duplicated and
 * queried. Every method works in the manager it is given, so the host decides the transaction:
 * a refused batch throws and, with the host's transaction, leaves nothing behind.
 */
export class ProcessMeasurements {
  private readonly limits: MeasurementLimits;
  private readonly clock: MeasurementClock;
  private readonly maxPageSize: number;

  constructor(private readonly options: ProcessMeasurementsOptions) {
    this.limits = { ...DEFAULT_MEASUREMENT_LIMITS, ...options.limits };
    this.clock = options.clock ?? { now: () => new Date() };
    this.maxPageSize = options.maxPageSize ?? 1000;
  }

  async record(
    manager: EntityManager,
    input: MeasurementBatchInput,
    options: RecordOptions = {},
  ): Promise<MeasurementBatchOutcome> {
    const batch = validateMeasurementBatch(input, this.limits);
    const s = serviceSchema(manager);
    const requestHash = measurementRequestHash('recordMeasurements', input);
    const clientSubject = options.clientSubject ?? null;
    if (options.idempotencyKey !== undefined) {
      const [earlier] = (await manager.query(
        `SELECT request_hash, outcome FROM "${s}".process_measurement_batch
          WHERE client_subject IS NOT DISTINCT FROM $1 AND idempotency_key = $2`,
        [clientSubject, options.idempotencyKey],
      )) as { request_hash: string; outcome: MeasurementBatchOutcome }[];
      if (earlier) {
        if (earlier.request_hash !== requestHash) {
          throw new MeasurementError({
            code: MeasurementErrorCode.IDEMPOTENCY_KEY_REUSED,
            field: 'idempotencyKey',
            value: describeInput(options.idempotencyKey),
            rule: 'was already used with another batch: a key stands for one batch, send a new key for new samples',
          });
        }
        return { ...earlier.outcome, replayed: true };
      }
    }
    if (!(await this.options.runExists(manager, batch.runId))) {
      throw new MeasurementError({
        code: MeasurementErrorCode.UNKNOWN_RUN,
        field: 'runId',
        value: describeInput(batch.runId),
        rule: 'must be a run of this service',
      });
    }
    const receivedAt = this.clock.now();
    const batchId = ulid(receivedAt.getTime());
    await manager.query(
      `INSERT INTO "${s}".process_measurement_batch (id, run_id, received_at, client_subject, idempotency_key, request_hash, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, '{}'::jsonb)`,
      [batchId, batch.runId, receivedAt, clientSubject, options.idempotencyKey ?? null, requestHash],
    );
    const changes: SeriesChanges[] = [];
    for (const valid of batch.series) {
      changes.push(await this.recordSeries(manager, s, batch.runId, valid, batchId, receivedAt));
    }
    const series = changes.map((one) => one.recorded);
    const sum = (pick: (one: RecordedSeries) => number) =>
      series.reduce((total, one) => total + pick(one), 0);
    const outcome: MeasurementBatchOutcome = {
      batchId,
      runId: batch.runId,
      receivedAt: receivedAt.toISOString(),
      received: batch.sampleCount,
      accepted: sum((one) => one.accepted),
      duplicates: sum((one) => one.duplicates),
      conflicts: sum((one) => one.conflicts),
      late: sum((one) => one.late),
      series,
      replayed: false,
    };
    await manager.query(`UPDATE "${s}".process_measurement_batch SET outcome = $2::jsonb WHERE id = $1`, [
      batchId,
      JSON.stringify(outcome),
    ]);
    await this.announce(manager, batch.runId, batchId, receivedAt, changes, options);
    return outcome;
  }

  /** `RunMeasurementsRecorded`, when the batch stored a sample or a rejected revision (resends alone stay quiet). */
  private async announce(
    manager: EntityManager,
    runId: string,
    batchId: string,
    receivedAt: Date,
    changes: readonly SeriesChanges[],
    options: RecordOptions,
  ): Promise<void> {
    const events = this.options.events;
    if (events === undefined) return;
    if (!changes.some((one) => one.recorded.accepted > 0 || one.revisionsStored > 0)) return;
    const correlationId = options.correlationId ?? batchId;
    const outbox = new ProcessEventOutbox(manager, events.publisher, events.service, events.topics, {
      actor: options.actor,
      correlationId,
      causationId: options.requestId ?? correlationId,
    });
    await outbox.publish('RunMeasurementsRecorded', runId, {
      runId,
      batchId,
      receivedAt: timestampFromDate(receivedAt),
      series: changes.map(({ recorded, revisionsStored, firstStoredUs, lastStoredUs }) => ({
        seriesId: recorded.seriesId,
        quantityKind: recorded.kind,
        unitCode: recorded.unit,
        instrumentTag: recorded.tag,
        received: recorded.received,
        stored: recorded.accepted,
        duplicates: recorded.duplicates,
        conflicts: recorded.conflicts,
        rejectedRevisionsStored: revisionsStored,
        late: recorded.late,
        firstMeasuredAt: firstStoredUs === undefined ? undefined : timestampOfMicros(firstStoredUs),
        lastMeasuredAt: lastStoredUs === undefined ? undefined : timestampOfMicros(lastStoredUs),
      })),
    });
  }

  private async recordSeries(
    manager: EntityManager,
    s: string,
    runId: string,
    valid: ValidSeries,
    batchId: string,
    receivedAt: Date,
  ): Promise<SeriesChanges> {
    await manager.query(
      `INSERT INTO "${s}".process_measurement_series (id, run_id, quantity_kind, tag, unit_code, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id, quantity_kind, tag) DO NOTHING`,
      [ulid(receivedAt.getTime()), runId, valid.kind, valid.tag, valid.unit.code, receivedAt],
    );
    const [row] = (await manager.query(
      `SELECT id, unit_code FROM "${s}".process_measurement_series WHERE run_id = $1 AND quantity_kind = $2 AND tag = $3`,
      [runId, valid.kind, valid.tag],
    )) as { id: string; unit_code: string }[];
    if (!row) throw new Error(`series ${valid.kind}/${valid.tag} of run ${runId} vanished after its insert`);
    const seriesId = row.id;
    if (row.unit_code !== valid.unit.code) {
      throw new MeasurementError({
        code: MeasurementErrorCode.SERIES_UNIT_CHANGED,
        field: `${valid.field}.unit`,
        value: describeInput(valid.unit.code),
        rule: `must be ${row.unit_code}: the series ${valid.kind}${valid.tag ? ` ${valid.tag}` : ''} of run ${runId} is recorded in ${row.unit_code} and keeps one unit (convert at the source, or use another tag)`,
      });
    }
    const [{ latest }] = (await manager.query(
      `SELECT max(measured_us)::text AS latest FROM "${s}".process_measurement_sample WHERE series_id = $1`,
      [seriesId],
    )) as [{ latest: string | null }];
    const latestBefore = latest === null ? undefined : BigInt(latest);

    const classified = classifyWithinSeries(valid.samples);
    const candidates = classified.filter((one) => one.fate === 'new').map((one) => one.sample);
    const inserted = new Set<string>(
      (
        (await manager.query(
          `INSERT INTO "${s}".process_measurement_sample
             (series_id, measured_us, measured_at, measured_at_as_sent, value, quality, received_at, batch_id)
           SELECT $1, u.us, u.at, u.sent, u.v, u.q, $2, $3
             FROM unnest($4::bigint[], $5::timestamptz[], $6::text[], $7::numeric[], $8::text[]) AS u(us, at, sent, v, q)
           ON CONFLICT (series_id, measured_us) DO NOTHING
           RETURNING measured_us::text AS us`,
          [
            seriesId,
            receivedAt,
            batchId,
            candidates.map((one) => one.instant.epochMicros.toString()),
            candidates.map((one) => one.instant.utc),
            candidates.map((one) => one.instant.asSent),
            candidates.map((one) => one.valueText),
            candidates.map((one) => one.quality),
          ],
        )) as { us: string }[]
      ).map((one) => one.us),
    );

    // Instants already holding a reading (from an earlier batch, or a concurrent one that won).
    const taken = candidates.filter((one) => !inserted.has(one.instant.epochMicros.toString()));
    const stored = new Map<string, StoredReading>();
    if (taken.length > 0) {
      const rows = (await manager.query(
        `SELECT measured_us::text AS us, value::text AS value, quality FROM "${s}".process_measurement_sample
          WHERE series_id = $1 AND measured_us = ANY($2::bigint[])`,
        [seriesId, taken.map((one) => one.instant.epochMicros.toString())],
      )) as { us: string; value: string; quality: MeasurementQuality }[];
      for (const one of rows) stored.set(one.us, { value: one.value, quality: one.quality });
    }
    const keptFor = (sample: ValidSample, keptInBatch?: ValidSample): StoredReading => {
      const first = keptInBatch ?? sample;
      if (inserted.has(first.instant.epochMicros.toString()))
        return { value: first.valueText, quality: first.quality };
      const reading = stored.get(sample.instant.epochMicros.toString());
      if (!reading)
        throw new Error(`no reading kept for ${sample.instant.utc} although its insert found one`);
      return reading;
    };

    let accepted = 0;
    let duplicates = 0;
    let late = 0;
    let firstStoredUs: bigint | undefined;
    let lastStoredUs: bigint | undefined;
    const rejected: { sample: ValidSample; kept: StoredReading }[] = [];
    for (const one of classified) {
      const key = one.sample.instant.epochMicros.toString();
      if (one.fate === 'new' && inserted.has(key)) {
        accepted += 1;
        const us = one.sample.instant.epochMicros;
        if (firstStoredUs === undefined || us < firstStoredUs) firstStoredUs = us;
        if (lastStoredUs === undefined || us > lastStoredUs) lastStoredUs = us;
        if (latestBefore !== undefined && one.sample.instant.epochMicros < latestBefore) late += 1;
        continue;
      }
      const kept = keptFor(one.sample, one.keptInBatch);
      const same = isSameReading(
        { value: parseDecimal(kept.value), quality: kept.quality },
        { value: one.sample.value, quality: one.sample.quality },
      );
      if (same) duplicates += 1;
      else rejected.push({ sample: one.sample, kept });
    }
    let revisionsStored = 0;
    if (rejected.length > 0) {
      const revisions = (await manager.query(
        `INSERT INTO "${s}".process_measurement_rejected_revision
           (id, series_id, measured_us, measured_at_as_sent, value, quality, received_at, batch_id)
         SELECT u.id, $1, u.us, u.sent, u.v, u.q, $2, $3
           FROM unnest($4::text[], $5::bigint[], $6::text[], $7::numeric[], $8::text[]) AS u(id, us, sent, v, q)
         ON CONFLICT ON CONSTRAINT process_measurement_rejected_revision_key DO NOTHING
         RETURNING id`,
        [
          seriesId,
          receivedAt,
          batchId,
          rejected.map(() => ulid(receivedAt.getTime())),
          rejected.map((one) => one.sample.instant.epochMicros.toString()),
          rejected.map((one) => one.sample.instant.asSent),
          rejected.map((one) => one.sample.valueText),
          rejected.map((one) => one.sample.quality),
        ],
      )) as { id: string }[];
      revisionsStored = revisions.length;
    }
    const recorded: RecordedSeries = {
      seriesId,
      kind: valid.kind,
      tag: valid.tag,
      unit: valid.unit.code,
      received: valid.samples.length,
      accepted,
      duplicates,
      conflicts: rejected.length,
      late,
      rejectedRevisions: rejected.map(({ sample, kept }) => ({
        measuredAt: sample.instant.utc,
        measuredAtAsSent: sample.instant.asSent,
        value: sample.valueText,
        quality: sample.quality,
        keptValue: kept.value,
        keptQuality: kept.quality,
      })),
    };
    return { recorded, revisionsStored, firstStoredUs, lastStoredUs };
  }

  /** The run's series with their summaries, by kind and tag. */
  async listSeries(manager: EntityManager, runId: string): Promise<MeasurementSeriesSummary[]> {
    const s = serviceSchema(manager);
    const rows = (await manager.query(
      `SELECT ser.id, ser.run_id, ser.quantity_kind, ser.tag, ser.unit_code,
              stats.sample_count, stats.bad_count, stats.first_us, stats.last_us, stats.min_value, stats.max_value,
              stats.last_received_at,
              (SELECT count(*)::int FROM "${s}".process_measurement_rejected_revision r WHERE r.series_id = ser.id) AS rejected_count,
              (SELECT f.value::text FROM "${s}".process_measurement_sample f WHERE f.series_id = ser.id ORDER BY f.measured_us LIMIT 1) AS first_value,
              (SELECT l.value::text FROM "${s}".process_measurement_sample l WHERE l.series_id = ser.id ORDER BY l.measured_us DESC LIMIT 1) AS last_value
         FROM "${s}".process_measurement_series ser
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS sample_count,
                  (count(*) FILTER (WHERE p.quality = ANY($2::text[])))::int AS bad_count,
                  min(p.measured_us)::text AS first_us, max(p.measured_us)::text AS last_us,
                  (min(p.value) FILTER (WHERE NOT p.quality = ANY($2::text[])))::text AS min_value,
                  (max(p.value) FILTER (WHERE NOT p.quality = ANY($2::text[])))::text AS max_value,
                  max(p.received_at) AS last_received_at
             FROM "${s}".process_measurement_sample p WHERE p.series_id = ser.id
         ) stats
        WHERE ser.run_id = $1
        ORDER BY ser.quantity_kind, ser.tag`,
      [runId, BAD_QUALITIES],
    )) as {
      id: string;
      run_id: string;
      quantity_kind: QuantityKind;
      tag: string;
      unit_code: string;
      sample_count: number;
      bad_count: number;
      rejected_count: number;
      first_us: string | null;
      last_us: string | null;
      first_value: string | null;
      last_value: string | null;
      min_value: string | null;
      max_value: string | null;
      last_received_at: Date | null;
    }[];
    return rows.map((row) => ({
      seriesId: row.id,
      runId: row.run_id,
      kind: row.quantity_kind,
      tag: row.tag,
      unit: row.unit_code,
      unitUcum:
        UNITS_BY_KIND[row.quantity_kind]?.find((unit) => unit.code === row.unit_code)?.ucum ?? row.unit_code,
      sampleCount: row.sample_count,
      badSampleCount: row.bad_count,
      rejectedRevisionCount: row.rejected_count,
      firstMeasuredAt: row.first_us === null ? undefined : formatEpochMicros(BigInt(row.first_us)),
      lastMeasuredAt: row.last_us === null ? undefined : formatEpochMicros(BigInt(row.last_us)),
      firstValue: row.first_value ?? undefined,
      lastValue: row.last_value ?? undefined,
      minValue: row.min_value ?? undefined,
      maxValue: row.max_value ?? undefined,
      lastReceivedAt: row.last_received_at ? new Date(row.last_received_at).toISOString() : undefined,
    }));
  }

  /** One page of a series' samples in measured-time order, within [from, to). */
  async samples(manager: EntityManager, query: SamplePageQuery): Promise<MeasurementSamplePage> {
    const first = query.first ?? Math.min(100, this.maxPageSize);
    if (!Number.isInteger(first) || first < 1 || first > this.maxPageSize) {
      throw new MeasurementError({
        code: MeasurementErrorCode.INVALID_PAGE,
        field: 'first',
        value: describeInput(first),
        rule: `must be a whole number from 1 to ${this.maxPageSize}`,
      });
    }
    const after = query.after === undefined ? undefined : decodeMeasurementCursor(query.after);
    const rows = await this.readSamples(manager, query, after, first + 1);
    const page = rows.slice(0, first);
    const last = page.at(-1);
    return {
      samples: page,
      endCursor: last ? encodeMeasurementCursor(last.epochMicros) : undefined,
      hasNextPage: rows.length > first,
    };
  }

  /** The trapezoid integral of a series (or of its samples within [from, to)); see integrateOverTime. */
  async integrate(manager: EntityManager, range: SeriesTimeRange): Promise<SeriesIntegral> {
    const series = await this.seriesById(manager, range.seriesId);
    const samples = await this.readSamples(manager, range, undefined, undefined);
    const ucum = UNITS_BY_KIND[series.kind]?.find((unit) => unit.code === series.unit)?.ucum ?? series.unit;
    return {
      seriesId: series.id,
      unit: series.unit,
      integralUcum: `${ucum}.s`,
      ...integrateOverTime(samples),
    };
  }

  /** Every sample of a series (or of [from, to)) in measured-time order, for a host's own computations. */
  async allSamples(manager: EntityManager, range: SeriesTimeRange): Promise<MeasurementSample[]> {
    return this.readSamples(manager, range, undefined, undefined);
  }

  /** Readings refused because another one was kept for their instant, in measured-time order. */
  async rejectedRevisions(manager: EntityManager, seriesId: string): Promise<MeasurementSample[]> {
    await this.seriesById(manager, seriesId);
    const s = serviceSchema(manager);
    const rows = (await manager.query(
      `SELECT measured_us::text AS us, measured_at_as_sent, value::text AS value, quality, received_at
         FROM "${s}".process_measurement_rejected_revision WHERE series_id = $1 ORDER BY measured_us, received_at, id`,
      [seriesId],
    )) as SampleRow[];
    return rows.map(toSample);
  }

  private async seriesById(
    manager: EntityManager,
    seriesId: string,
  ): Promise<{ id: string; kind: QuantityKind; unit: string }> {
    const s = serviceSchema(manager);
    const [row] = (await manager.query(
      `SELECT id, quantity_kind, unit_code FROM "${s}".process_measurement_series WHERE id = $1`,
      [seriesId],
    )) as { id: string; quantity_kind: QuantityKind; unit_code: string }[];
    if (!row) {
      throw new MeasurementError({
        code: MeasurementErrorCode.UNKNOWN_SERIES,
        field: 'seriesId',
        value: describeInput(seriesId),
        rule: 'must be the id of a measurement series',
      });
    }
    return { id: row.id, kind: row.quantity_kind, unit: row.unit_code };
  }

  private async readSamples(
    manager: EntityManager,
    range: SeriesTimeRange,
    after: bigint | undefined,
    limit: number | undefined,
  ): Promise<MeasurementSample[]> {
    const from = range.from === undefined ? undefined : parseMeasuredInstant(range.from, 'from').epochMicros;
    const to = range.to === undefined ? undefined : parseMeasuredInstant(range.to, 'to').epochMicros;
    if (from !== undefined && to !== undefined && to <= from) {
      throw new MeasurementError({
        code: MeasurementErrorCode.INVALID_PAGE,
        field: 'to',
        value: describeInput(range.to),
        rule: `must be after from (${describeInput(range.from)})`,
      });
    }
    await this.seriesById(manager, range.seriesId);
    const s = serviceSchema(manager);
    const rows = (await manager.query(
      `SELECT measured_us::text AS us, measured_at_as_sent, value::text AS value, quality, received_at
         FROM "${s}".process_measurement_sample
        WHERE series_id = $1
          AND ($2::bigint IS NULL OR measured_us >= $2::bigint)
          AND ($3::bigint IS NULL OR measured_us < $3::bigint)
          AND ($4::bigint IS NULL OR measured_us > $4::bigint)
        ORDER BY measured_us
        ${limit === undefined ? '' : `LIMIT ${limit}`}`,
      [range.seriesId, from?.toString() ?? null, to?.toString() ?? null, after?.toString() ?? null],
    )) as SampleRow[];
    return rows.map(toSample);
  }
}

interface SampleRow {
  us: string;
  measured_at_as_sent: string;
  value: string;
  quality: MeasurementQuality;
  received_at: Date;
}

function timestampOfMicros(epochMicros: bigint): { seconds: bigint; nanos: number } {
  const micros = ((epochMicros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  return { seconds: (epochMicros - micros) / 1_000_000n, nanos: Number(micros) * 1000 };
}

function toSample(row: SampleRow): MeasurementSample {
  const epochMicros = BigInt(row.us);
  return {
    measuredAt: formatEpochMicros(epochMicros),
    measuredAtAsSent: row.measured_at_as_sent,
    epochMicros,
    value: row.value,
    quality: row.quality,
    receivedAt: new Date(row.received_at).toISOString(),
  };
}
