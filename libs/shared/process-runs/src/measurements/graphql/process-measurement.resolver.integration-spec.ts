import { EventPublisher, messagingMigrations } from '@rre/messaging';
import { openServiceDatabase, openTestDatabase, type TestDatabase, uniqueSchemaName } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { ProcessMeasurements, processMeasurementEntities, processMeasurementMigrations } from '../index';
import { GraphqlTestApp, type TestCaller } from '../test-support/graphql-test-app';
import { createProcessMeasurementResolver, type ProcessMeasurementBackend } from './index';

const CONCENTRATION_BACKEND = Symbol('concentration measurements');
const REDUCTION_BACKEND = Symbol('reduction measurements');
const operator: TestCaller = { subject: 'mes-line-1', organisationId: 'plant-1', roles: ['operator'] };
const auditor: TestCaller = { subject: 'auditor-7', organisationId: 'audit-co', roles: ['auditor'] };
const recycler: TestCaller = { subject: 'u-1', organisationId: 'org-a', roles: ['recycler'] };

let database: TestDatabase;
let dataSource: DataSource;
let app: GraphqlTestApp;

beforeAll(async () => {
  database = await openTestDatabase();
  dataSource = await openServiceDatabase({
    url: database.url,
    service: uniqueSchemaName('measurement_gql'),
    poolSize: 4,
    entities: processMeasurementEntities,
    migrations: [...messagingMigrations, ...processMeasurementMigrations],
  });
  const backend: ProcessMeasurementBackend = {
    dataSource,
    measurements: new ProcessMeasurements({
      runExists: async (_manager, runId) => runId.startsWith('run-'),
      clock: { now: () => new Date('2026-03-02T09:00:00.000Z') },
      events: {
        service: 'concentration',
        publisher: new EventPublisher({ service: 'concentration' }),
        topics: { lots: 'rre.concentration.lot-events.v1', runs: 'rre.concentration.run-events.v1' },
      },
    }),
  };
  app = await GraphqlTestApp.start([
    { provide: CONCENTRATION_BACKEND, useValue: backend },
    { provide: REDUCTION_BACKEND, useValue: backend },
    createProcessMeasurementResolver({ prefix: 'Concentration', backend: CONCENTRATION_BACKEND }),
    createProcessMeasurementResolver({ prefix: 'Reduction', backend: REDUCTION_BACKEND }),
  ]);
});

afterAll(async () => {
  await app.stop();
  await dataSource.query(
    `DROP SCHEMA IF EXISTS "${(dataSource.options as { schema: string }).schema}" CASCADE`,
  );
  await dataSource.destroy();
  await database.close();
});

const RECORD = `mutation Record($input: ConcentrationMeasurementBatchInput!, $key: String) {
  recordConcentrationMeasurements(input: $input, idempotencyKey: $key) {
    received accepted duplicates conflicts replayed
    series { seriesId kind tag unit accepted duplicates }
  }
}`;

const phBatch = (values: [string, string][]) => ({
  runId: 'run-leach-1',
  series: [
    {
      kind: 'PH',
      tag: 'AIC-201',
      unit: 'C62',
      samples: values.map(([measuredAt, value]) => ({ measuredAt, value, quality: 'GOOD' })),
    },
  ],
});

async function countSamples(): Promise<number> {
  const schema = (dataSource.options as { schema: string }).schema;
  const [{ count }] = (await dataSource.query(
    `SELECT count(*)::int AS count FROM "${schema}".process_measurement_sample`,
  )) as [{ count: number }];
  return count;
}

/** The outbox's events: type, key and who acted. */
async function outbox(): Promise<string[]> {
  const schema = (dataSource.options as { schema: string }).schema;
  const rows = (await dataSource.query(
    `SELECT type, key, attributes FROM "${schema}".outbox ORDER BY id`,
  )) as { type: string; key: string; attributes: Record<string, string> }[];
  return rows.map(
    (row) => `${row.type} ${row.key} by ${row.attributes['actorsub']}@${row.attributes['actororg']}`,
  );
}

describe('measurement GraphQL (prefix factory)', () => {
  it('records a batch for an operator, counts a resend as duplicates, and pages the series', async () => {
    const samples: [string, string][] = [
      ['2026-03-02T08:02:00Z', '1.45'],
      ['2026-03-02T17:00:00+09:00', '1.50'],
      ['2026-03-02T08:01:00Z', '1.48'],
    ];
    const first = await app.graphql(operator, RECORD, { input: phBatch(samples) });
    expect(first.errors).toBeUndefined();
    expect(first.data.recordConcentrationMeasurements).toMatchObject({
      received: 3,
      accepted: 3,
      duplicates: 0,
    });
    const again = await app.graphql(operator, RECORD, { input: phBatch(samples.slice(0, 2)) });
    expect(again.data.recordConcentrationMeasurements).toMatchObject({
      received: 2,
      accepted: 0,
      duplicates: 2,
    });
    // One event for the batch that stored samples, signed by the caller; none for the resend.
    expect(await outbox()).toEqual([
      'rre.concentration.run.measurements-recorded.v1 run-leach-1 by mes-line-1@plant-1',
    ]);

    const seriesId = first.data.recordConcentrationMeasurements.series[0].seriesId as string;
    const page = await app.graphql(
      auditor,
      `query($id: ID!) { concentrationMeasurementSamples(seriesId: $id, first: 2) { samples { measuredAt value } hasNextPage endCursor } }`,
      { id: seriesId },
    );
    expect(page.data.concentrationMeasurementSamples.samples).toEqual([
      { measuredAt: '2026-03-02T08:00:00Z', value: '1.50' },
      { measuredAt: '2026-03-02T08:01:00Z', value: '1.48' },
    ]);
    expect(page.data.concentrationMeasurementSamples.hasNextPage).toBe(true);
    const summary = await app.graphql(
      auditor,
      `{ reductionMeasurementSeries(runId: "run-leach-1") { kind tag unit sampleCount minValue maxValue firstMeasuredAt lastMeasuredAt } }`,
    );
    expect(summary.data.reductionMeasurementSeries).toEqual([
      {
        kind: 'PH',
        tag: 'AIC-201',
        unit: 'C62',
        sampleCount: 3,
        minValue: '1.45',
        maxValue: '1.50',
        firstMeasuredAt: '2026-03-02T08:00:00Z',
        lastMeasuredAt: '2026-03-02T08:02:00Z',
      },
    ]);
  });

  it('answers an unknown unit with a client error naming field, value and rule, and stores nothing', async () => {
    const before = await countSamples();
    const answer = await app.graphql(operator, RECORD, {
      input: {
        runId: 'run-leach-1',
        series: [
          {
            kind: 'TEMPERATURE',
            unit: 'degC',
            samples: [{ measuredAt: '2026-03-02T08:00:00Z', value: '80', quality: 'GOOD' }],
          },
        ],
      },
    });
    expect(answer.errors?.[0]?.message).toBe(
      'series[0].unit: got "degC", must be a UN/CEFACT Rec 20 unit code of TEMPERATURE: CEL (Cel), KEL (K), FAH ([degF])',
    );
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_UNIT' });
    expect(await countSamples()).toBe(before);
  });

  it('lets auditors read but not record, and recyclers do neither', async () => {
    const denied = await app.graphql(auditor, RECORD, { input: phBatch([['2026-03-02T09:00:00Z', '1.4']]) });
    expect(denied.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const recyclerRead = await app.graphql(
      recycler,
      `{ concentrationMeasurementSeries(runId: "run-leach-1") { kind } }`,
    );
    expect(recyclerRead.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const [series] = (
      await app.graphql(auditor, `{ concentrationMeasurementSeries(runId: "run-leach-1") { seriesId } }`)
    ).data.concentrationMeasurementSeries as { seriesId: string }[];
    // 60 s × (1.50 + 1.48) / 2 + 60 s × (1.48 + 1.45) / 2 = 89.4 + 87.9
    const integral = await app.graphql(
      auditor,
      `query($id: ID!) { concentrationMeasurementIntegral(seriesId: $id) { value spanSeconds integralUcum samplesUsed } }`,
      { id: series?.seriesId },
    );
    expect(integral.data.concentrationMeasurementIntegral).toEqual({
      value: '177.3',
      spanSeconds: '120',
      integralUcum: '[pH].s',
      samplesUsed: 3,
    });
  });
});
