import { timestampDate } from '@bufbuild/protobuf/wkt';
import { processV1 } from '@rre/contracts';
import { EventPublisher, messagingMigrations } from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import type { DataSource } from 'typeorm';
import {
  type MeasurementBatchInput,
  type MeasurementBatchOutcome,
  MeasurementError,
  type MeasurementSampleInput,
  type RecordOptions,
  ProcessMeasurements,
  processMeasurementEntities,
  processMeasurementMigrations,
} from './index';
import { processEventRegistry } from '../messaging/process-event-types';

let database: TestDatabase;
let dataSource: DataSource;
let schema: string;
let now = new Date('2026-03-02T09:00:00.000Z');
const runs = new Set(['run-1', 'run-2', 'run-3', 'run-4', 'run-5']);
const measurements = new ProcessMeasurements({
  runExists: async (_manager, runId) => runs.has(runId),
  clock: { now: () => now },
  maxPageSize: 50,
  events: {
    service: 'concentration',
    publisher: new EventPublisher({ service: 'concentration' }),
    topics: { lots: 'rre.concentration.lot-events.v1', runs: 'rre.concentration.run-events.v1' },
  },
});
const RECORDED = 'rre.concentration.run.measurements-recorded.v1';

beforeAll(async () => {
  database = await openTestDatabase();
  dataSource = await openServiceDatabase({
    url: database.url,
    service: uniqueSchemaName('measurements'),
    poolSize: 4,
    entities: processMeasurementEntities,
    migrations: [...messagingMigrations, ...processMeasurementMigrations],
  });
  schema = (dataSource.options as { schema: string }).schema;
});

afterAll(async () => {
  await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await dataSource.destroy();
  await database.close();
});

const record = (batch: MeasurementBatchInput, options?: RecordOptions) =>
  inTransaction(dataSource, (manager) => measurements.record(manager, batch, options));

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['series', 'sample', 'rejected_revision', 'batch']) {
    const [{ count }] = (await dataSource.query(
      `SELECT count(*)::int AS count FROM "${schema}".process_measurement_${table}`,
    )) as [{ count: number }];
    counts[table] = count;
  }
  const [{ count }] = (await dataSource.query(`SELECT count(*)::int AS count FROM "${schema}".outbox`)) as [
    { count: number },
  ];
  counts['outbox'] = count;
  return counts;
}

interface RecordedEvent {
  key: string;
  topic: string;
  sequence: string;
  actor: string;
  correlationId: string;
  message: processV1.RunMeasurementsRecorded;
}

/** The measurements-recorded events in the outbox, decoded as a consumer would (processEventRegistry). */
async function recordedEvents(): Promise<RecordedEvent[]> {
  const decode = processEventRegistry(['concentration']).decoderFor(RECORDED);
  if (!decode) throw new Error(`${RECORDED} is not in the process event registry`);
  const rows = (await dataSource.query(
    `SELECT key, topic, sequence::text AS sequence, attributes, data FROM "${schema}".outbox WHERE type = $1 ORDER BY id`,
    [RECORDED],
  )) as { key: string; topic: string; sequence: string; attributes: Record<string, string>; data: Buffer }[];
  return rows.map((row) => ({
    key: row.key,
    topic: row.topic,
    sequence: row.sequence,
    actor: `${row.attributes['actorsub']}@${row.attributes['actororg']}`,
    correlationId: row.attributes['correlationid'] ?? '',
    message: decode(new Uint8Array(row.data)) as processV1.RunMeasurementsRecorded,
  }));
}

const iso = (timestamp: Parameters<typeof timestampDate>[0] | undefined) =>
  timestamp === undefined ? undefined : timestampDate(timestamp).toISOString();

/** An event's series as plain figures. */
function seriesFigures(event: RecordedEvent | undefined) {
  return event?.message.series.map((one) => ({
    seriesId: one.seriesId,
    kind: one.quantityKind,
    unit: one.unitCode,
    tag: one.instrumentTag,
    received: one.received,
    stored: one.stored,
    duplicates: one.duplicates,
    conflicts: one.conflicts,
    rejectedRevisionsStored: one.rejectedRevisionsStored,
    late: one.late,
    first: iso(one.firstMeasuredAt),
    last: iso(one.lastMeasuredAt),
  }));
}

function seriesIdOf(outcome: MeasurementBatchOutcome): string {
  const [series] = outcome.series;
  if (!series) throw new Error('the batch recorded no series');
  return series.seriesId;
}

async function refusal(work: Promise<unknown>): Promise<MeasurementError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof MeasurementError) return error;
    throw error;
  }
  throw new Error('expected a MeasurementError');
}

const temperature = (samples: MeasurementSampleInput[], runId = 'run-1'): MeasurementBatchInput => ({
  runId,
  series: [{ kind: 'TEMPERATURE', tag: 'TIC-101', unit: 'CEL', samples }],
});

// Five samples a minute apart, sent out of order, two of them written in Japan time.
const t1 = { measuredAt: '2026-03-02T08:00:00Z', value: '80.5', quality: 'GOOD' };
const t2 = { measuredAt: '2026-03-02T17:01:00+09:00', value: '81.25', quality: 'GOOD' };
const t3 = { measuredAt: '2026-03-02T08:02:00Z', value: '82.0', quality: 'UNCERTAIN' };
const t4 = { measuredAt: '2026-03-02T17:03:00.5+09:00', value: '81.75', quality: 'GOOD' };
const t5 = { measuredAt: '2026-03-02T08:04:00Z', value: '999', quality: 'BAD_SENSOR_FAILURE' };

describe('process measurements', () => {
  it('orders an out-of-order batch and ignores a resend of 3 of its samples as duplicates', async () => {
    now = new Date('2026-03-02T09:00:00.000Z');
    const first = await record(temperature([t4, t1, t5, t3, t2]), {
      actor: { subject: 'mes-line-1', organisationId: 'org-plant' },
      correlationId: 'corr-heat-7',
      requestId: 'req-1',
    });
    expect(first).toMatchObject({
      received: 5,
      accepted: 5,
      duplicates: 0,
      conflicts: 0,
      late: 0,
      replayed: false,
    });

    const events = await recordedEvents();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      key: 'run-1',
      topic: 'rre.concentration.run-events.v1',
      sequence: '1',
      actor: 'mes-line-1@org-plant',
      correlationId: 'corr-heat-7',
    });
    expect(event?.message.runId).toBe('run-1');
    expect(event?.message.batchId).toBe(first.batchId);
    expect(iso(event?.message.receivedAt)).toBe('2026-03-02T09:00:00.000Z');
    expect(seriesFigures(event)).toEqual([
      {
        seriesId: seriesIdOf(first),
        kind: 'TEMPERATURE',
        unit: 'CEL',
        tag: 'TIC-101',
        received: 5,
        stored: 5,
        duplicates: 0,
        conflicts: 0,
        rejectedRevisionsStored: 0,
        late: 0,
        first: '2026-03-02T08:00:00.000Z',
        last: '2026-03-02T08:04:00.000Z',
      },
    ]);

    now = new Date('2026-03-02T09:05:00.000Z');
    const resend = await record(temperature([t3, t1, t4]));
    // A resend of duplicates only stores nothing and announces nothing.
    expect(await recordedEvents()).toHaveLength(1);
    expect(resend).toMatchObject({ received: 3, accepted: 0, duplicates: 3, conflicts: 0 });
    expect(resend.series[0]).toMatchObject({
      kind: 'TEMPERATURE',
      tag: 'TIC-101',
      unit: 'CEL',
      duplicates: 3,
    });

    const seriesId = seriesIdOf(first);
    const page = await inTransaction(dataSource, (manager) =>
      measurements.samples(manager, { seriesId, first: 10 }),
    );
    expect(page.samples.map((one) => [one.measuredAt, one.value, one.quality])).toEqual([
      ['2026-03-02T08:00:00Z', '80.5', 'GOOD'],
      ['2026-03-02T08:01:00Z', '81.25', 'GOOD'],
      ['2026-03-02T08:02:00Z', '82.0', 'UNCERTAIN'],
      ['2026-03-02T08:03:00.5Z', '81.75', 'GOOD'],
      ['2026-03-02T08:04:00Z', '999', 'BAD_SENSOR_FAILURE'],
    ]);
    expect(page.samples[1]?.measuredAtAsSent).toBe('2026-03-02T17:01:00+09:00');
    expect(page.samples.every((one) => one.receivedAt === '2026-03-02T09:00:00.000Z')).toBe(true);
    expect(page.hasNextPage).toBe(false);
    const [{ count }] = (await dataSource.query(
      `SELECT count(*)::int AS count FROM "${schema}".process_measurement_sample WHERE series_id = $1`,
      [seriesId],
    )) as [{ count: number }];
    expect(count).toBe(5);
  });

  it('refuses a batch with an unknown unit and writes nothing, not even its valid series', async () => {
    const before = await rowCounts();
    const error = await refusal(
      record({
        runId: 'run-2',
        series: [
          {
            kind: 'PH',
            unit: 'C62',
            samples: [{ measuredAt: '2026-03-02T08:00:00Z', value: '1.5', quality: 'GOOD' }],
          },
          {
            kind: 'CURRENT',
            unit: 'AMPS',
            samples: [{ measuredAt: '2026-03-02T08:00:00Z', value: '1200', quality: 'GOOD' }],
          },
        ],
      }),
    );
    expect(error.code).toBe('UNKNOWN_UNIT');
    expect(error.message).toBe(
      'series[1].unit: got "AMPS", must be a UN/CEFACT Rec 20 unit code of CURRENT: AMP (A), 4K (mA), B22 (kA)',
    );
    expect(await rowCounts()).toEqual(before);
    const series = await inTransaction(dataSource, (manager) => measurements.listSeries(manager, 'run-2'));
    expect(series).toHaveLength(0);
  });

  it('rolls back a whole batch when a later series changes a stored unit', async () => {
    await record(temperature([t1], 'run-3'));
    const before = await rowCounts();
    const error = await refusal(
      record({
        runId: 'run-3',
        series: [
          {
            kind: 'PH',
            unit: 'C62',
            samples: [{ measuredAt: '2026-03-02T08:00:00Z', value: '1.5', quality: 'GOOD' }],
          },
          { kind: 'TEMPERATURE', tag: 'TIC-101', unit: 'KEL', samples: [{ ...t2, value: '354.4' }] },
        ],
      }),
    );
    expect(error.code).toBe('SERIES_UNIT_CHANGED');
    expect(error.field).toBe('series[1].unit');
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses an unknown run and a timestamp without offset, writing nothing', async () => {
    const before = await rowCounts();
    expect((await refusal(record(temperature([t1], 'run-404')))).message).toBe(
      'runId: got "run-404", must be a run of this service',
    );
    const local = await refusal(record(temperature([t1, { ...t2, measuredAt: '2026-03-02T08:01:00' }])));
    expect(local.field).toBe('series[0].samples[1].measuredAt');
    expect(local.rule).toContain('has no offset');
    expect(await rowCounts()).toEqual(before);
  });

  it('keeps the first reading of an instant and records a different one as a rejected revision, once', async () => {
    const first = await record(temperature([t1, t2], 'run-4'));
    expect(first.accepted).toBe(2);
    const corrected = await record(
      temperature(
        [
          { ...t2, value: '81.3' },
          { ...t1, value: '80.50' },
        ],
        'run-4',
      ),
    );
    expect(corrected).toMatchObject({ accepted: 0, duplicates: 1, conflicts: 1 });
    const run4 = (await recordedEvents()).filter((one) => one.key === 'run-4');
    expect(run4.map((one) => one.sequence)).toEqual(['1', '2']);
    expect(seriesFigures(run4[1])).toEqual([
      {
        seriesId: seriesIdOf(first),
        kind: 'TEMPERATURE',
        unit: 'CEL',
        tag: 'TIC-101',
        received: 2,
        stored: 0,
        duplicates: 1,
        conflicts: 1,
        rejectedRevisionsStored: 1,
        late: 0,
        first: undefined,
        last: undefined,
      },
    ]);
    expect(corrected.series[0]?.rejectedRevisions).toEqual([
      {
        measuredAt: '2026-03-02T08:01:00Z',
        measuredAtAsSent: '2026-03-02T17:01:00+09:00',
        value: '81.3',
        quality: 'GOOD',
        keptValue: '81.25',
        keptQuality: 'GOOD',
      },
    ]);
    const again = await record(temperature([{ ...t2, value: '81.3' }], 'run-4'));
    expect(again.conflicts).toBe(1);
    // The same conflict again stores no second revision: no event.
    expect((await recordedEvents()).filter((one) => one.key === 'run-4')).toHaveLength(2);
    const seriesId = seriesIdOf(first);
    const revisions = await inTransaction(dataSource, (manager) =>
      measurements.rejectedRevisions(manager, seriesId),
    );
    expect(revisions.map((one) => [one.measuredAt, one.value])).toEqual([['2026-03-02T08:01:00Z', '81.3']]);
    const page = await inTransaction(dataSource, (manager) => measurements.samples(manager, { seriesId }));
    expect(page.samples.map((one) => one.value)).toEqual(['80.5', '81.25']);
  });

  it('counts late samples: measured before the latest one stored', async () => {
    await record(temperature([t3], 'run-5'));
    const late = await record(temperature([t1, t2, t4], 'run-5'));
    expect(late).toMatchObject({ accepted: 3, late: 2 });
    const [, lateEvent] = (await recordedEvents()).filter((one) => one.key === 'run-5');
    expect(seriesFigures(lateEvent)?.[0]).toMatchObject({
      stored: 3,
      late: 2,
      first: '2026-03-02T08:00:00.000Z',
      last: '2026-03-02T08:03:00.500Z',
    });
  });

  it('pages by measured time with a cursor within [from, to), and summarises and integrates the series', async () => {
    const batch = await record({
      runId: 'run-2',
      series: [
        {
          kind: 'CURRENT',
          tag: 'cell-3',
          unit: 'AMP',
          samples: [
            { measuredAt: '2026-03-02T08:00:00Z', value: '1000', quality: 'GOOD' },
            { measuredAt: '2026-03-02T08:01:00Z', value: '1200', quality: 'GOOD' },
            { measuredAt: '2026-03-02T08:02:00Z', value: '1100', quality: 'GOOD' },
            { measuredAt: '2026-03-02T08:02:30Z', value: '0', quality: 'BAD_COMMUNICATION_FAILURE' },
            { measuredAt: '2026-03-02T08:03:00Z', value: '1100.5', quality: 'GOOD' },
          ],
        },
      ],
    });
    const seriesId = seriesIdOf(batch);
    const pages: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = await inTransaction(dataSource, (manager) =>
        measurements.samples(manager, {
          seriesId,
          from: '2026-03-02T17:01:00+09:00',
          to: '2026-03-02T08:03:00Z',
          first: 2,
          after,
        }),
      );
      pages.push(page.samples.map((one) => one.measuredAt));
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    expect(pages).toEqual([['2026-03-02T08:01:00Z', '2026-03-02T08:02:00Z'], ['2026-03-02T08:02:30Z']]);

    const tooBig = await refusal(
      inTransaction(dataSource, (manager) => measurements.samples(manager, { seriesId, first: 51 })),
    );
    expect(tooBig.message).toBe('first: got 51, must be a whole number from 1 to 50');

    const [summary] = await inTransaction(dataSource, (manager) => measurements.listSeries(manager, 'run-2'));
    expect(summary).toEqual({
      seriesId,
      runId: 'run-2',
      kind: 'CURRENT',
      tag: 'cell-3',
      unit: 'AMP',
      unitUcum: 'A',
      sampleCount: 5,
      badSampleCount: 1,
      rejectedRevisionCount: 0,
      firstMeasuredAt: '2026-03-02T08:00:00Z',
      lastMeasuredAt: '2026-03-02T08:03:00Z',
      firstValue: '1000',
      lastValue: '1100.5',
      minValue: '1000',
      maxValue: '1200',
      lastReceivedAt: now.toISOString(),
    });

    // 60 × (1000 + 1200) / 2 + 60 × (1200 + 1100) / 2 + 60 × (1100 + 1100.5) / 2 = 66,000 + 69,000 + 66,015
    const charge = await inTransaction(dataSource, (manager) =>
      measurements.integrate(manager, { seriesId }),
    );
    expect(charge).toEqual({
      seriesId,
      unit: 'AMP',
      integralUcum: 'A.s',
      value: '201015',
      spanSeconds: '180',
      samplesUsed: 4,
      samplesSkipped: 1,
    });
  });

  it('returns the first outcome for a repeated idempotency key and refuses the key with another batch', async () => {
    const key = { idempotencyKey: 'batch-0001', clientSubject: 'mes-line-1' };
    const sampleOf = (second: string) => ({
      measuredAt: `2026-03-02T08:10:${second}Z`,
      value: '7.1',
      quality: 'GOOD',
    });
    const first = await record(
      { runId: 'run-1', series: [{ kind: 'PH', unit: 'C62', samples: [sampleOf('00')] }] },
      key,
    );
    const before = await rowCounts();
    const second = await record(
      { runId: 'run-1', series: [{ kind: 'PH', unit: 'C62', samples: [sampleOf('00')] }] },
      key,
    );
    expect(second).toEqual({ ...first, replayed: true });
    // rowCounts includes the outbox: the replay published nothing new.
    expect(await rowCounts()).toEqual(before);
    const reused = await refusal(
      record({ runId: 'run-1', series: [{ kind: 'PH', unit: 'C62', samples: [sampleOf('01')] }] }, key),
    );
    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('publishes nothing when the host rolls back the transaction that recorded the batch', async () => {
    const before = await rowCounts();
    const failure = await inTransaction(dataSource, async (manager) => {
      const outcome = await measurements.record(manager, temperature([t1, t2], 'run-3'));
      expect(outcome.accepted).toBe(1);
      throw new Error('the host failed after recording');
    }).catch((error: unknown) => error);
    expect((failure as Error).message).toBe('the host failed after recording');
    expect(await rowCounts()).toEqual(before);
  });
});
