import { create, type DescMessage, fromBinary, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  commonV1,
  IntakeEventTypes,
  intakeV1,
  processV1,
  SalesEventTypes,
  salesV1,
  Topics,
  traceabilityV1,
} from '@rre/contracts';
import { generateSigningKey, privateKeyPem } from '@rre/ledger';
import { EmbeddedEventConsumer, EventPublisher, LogSequencer, messagingMigrations } from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { statementIdOf } from '../messaging/lot-shipped';
import { traceabilityMigrations } from '../persistence/traceability-persistence';
import { rebuildFromOutboxes } from '../rebuild/rebuild-from-outboxes';
import { TraceabilityApplication } from '../traceability-application';
import { principal } from '../test-support/callers';
import { kg, tb } from '../test-support/event-builders';
import { restatedStatementIdOf } from './restate-affected-statements';

jest.setTimeout(180_000);

const concentration = processEventTypesOf('concentration');
const intakeSchema = uniqueSchemaName('intake');
const concentrationSchema = uniqueSchemaName('concentration');
const salesSchema = uniqueSchemaName('sales');
const liveSchema = uniqueSchemaName('traceability');
const rebuildSchema = uniqueSchemaName('traceability_rebuild');
const sources = [intakeSchema, concentrationSchema, salesSchema];
const topics = [
  Topics.IntakeLotEvents,
  Topics.ConcentrationLotEvents,
  Topics.ConcentrationRunEvents,
  Topics.SalesLotEvents,
];
const ledger = { signingKey: privateKeyPem(generateSigningKey().privateKey) };
const auditor = principal(['auditor'], 'org-audit', 'usr-audit');

let database: TestDatabase;
const dataSources = new Map<string, DataSource>();
const ds = (schema: string) => dataSources.get(schema) as DataSource;

beforeAll(async () => {
  database = await openTestDatabase();
  for (const schema of [...sources, liveSchema]) {
    dataSources.set(
      schema,
      await openServiceDatabase({
        url: database.url,
        service: schema,
        poolSize: 2,
        entities: [],
        migrations: schema === liveSchema ? traceabilityMigrations : messagingMigrations,
      }),
    );
  }
});

afterAll(async () => {
  const first = dataSources.get(intakeSchema);
  for (const schema of [rebuildSchema, ...sources, liveSchema])
    await first?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  for (const dataSource of dataSources.values()) await dataSource.destroy();
  await database?.close();
});

let minute = 0;
async function publish<Desc extends DescMessage>(
  schema: string,
  service: string,
  topic: string,
  type: string,
  subject: string,
  messageSchema: Desc,
  init: MessageInitShape<Desc>,
): Promise<void> {
  minute += 1;
  await inTransaction(ds(schema), (manager) =>
    new EventPublisher({ service }).publish(manager, {
      topic,
      type,
      subject,
      data: toBinary(messageSchema, create(messageSchema, init)),
      time: new Date(Date.UTC(2026, 10, 28, 8, minute)),
    }),
  );
  const sequencer = new LogSequencer({ dataSource: ds(schema) });
  try {
    await sequencer.sequenceOnce();
  } finally {
    await sequencer.stop();
  }
}

/** Runs the live consumer until it has read `events` events (and frozen the one statement). */
async function ingestLive(events: number): Promise<void> {
  const consumer = new EmbeddedEventConsumer({
    dataSource: ds(liveSchema),
    definition: new TraceabilityApplication({ dataSource: ds(liveSchema), ledger }).lotAndRunEventsConsumer(
      topics,
    ),
    sources,
    pollIntervalMs: 20,
  });
  consumer.start();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [row] = (await ds(liveSchema).query(
        `SELECT coalesce(sum(events), 0)::integer AS n, (SELECT count(*) FROM "${liveSchema}".trace_statement)::integer AS statements
         FROM "${liveSchema}".trace_position`,
      )) as { n: number; statements: number }[];
      if (row?.n === events && row.statements === 1) return;
      if (Date.now() > deadline) throw new Error(`live consumer read ${row?.n} of ${events} events`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await consumer.stop();
  }
}

async function instantBetween(): Promise<Date> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const instant = new Date();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return instant;
}

describe('recorded time that a rebuild reproduces', () => {
  // A 100 kg x 5 % Tb post-consumer JP and B 50 kg x 2 % pre-consumer CN; R1 takes both -> P 20 kg x
  // 25 % (5 kg Tb) + residue Q 80 kg x 1.25 %; P shipped (S1). Later A is re-assayed at 6 %.
  const A = 'A-RECORDED';
  const B = 'B-RECORDED';
  const P = 'P-RECORDED';
  const Q = 'Q-RECORDED';
  const R1 = 'R1-RECORDED';
  const S1 = 'S1-RECORDED';

  it('records facts at the time the platform recorded their events: a rebuilt projection answers as of before a correction as the live one did', async () => {
    for (const [lotId, mass, fraction, category, country] of [
      [A, '100', '0.05', commonV1.SourceCategory.POST_CONSUMER, 'JP'],
      [B, '50', '0.02', commonV1.SourceCategory.PRE_CONSUMER, 'CN'],
    ] as const) {
      await publish(
        intakeSchema,
        'intake',
        Topics.IntakeLotEvents,
        IntakeEventTypes.LotRegistered,
        lotId,
        intakeV1.LotRegisteredSchema,
        {
          lot: { lotId, lotCode: lotId },
          supplier: { organisationId: `org-${lotId}` },
          sourceCategory: category,
          countryOfOrigin: country,
          weighedNetMass: kg(mass),
          declaredComposition: tb(fraction),
        },
      );
    }
    const run = (type: string, init: MessageInitShape<typeof processV1.RunPlannedSchema>) =>
      publish(
        concentrationSchema,
        'concentration',
        Topics.ConcentrationRunEvents,
        type,
        R1,
        processV1.RunPlannedSchema,
        init,
      );
    await run(concentration.RunPlanned, { runId: R1, kind: 'LEACHING' });
    for (const [lotId, mass] of [
      [A, '100'],
      [B, '50'],
    ] as const) {
      await publish(
        concentrationSchema,
        'concentration',
        Topics.ConcentrationLotEvents,
        concentration.LotReceived,
        lotId,
        processV1.LotReceivedSchema,
        { lot: { lotId, lotCode: lotId }, kind: processV1.ProcessLotKind.MATERIAL, mass: kg(mass) },
      );
      await publish(
        concentrationSchema,
        'concentration',
        Topics.ConcentrationLotEvents,
        concentration.LotQuantityTaken,
        lotId,
        processV1.LotQuantityTakenSchema,
        {
          lot: { lotId, lotCode: lotId },
          runId: R1,
          movementId: `mv-${lotId}`,
          kind: processV1.TakeKind.INPUT,
          mass: kg(mass),
          remainingMass: kg('0'),
        },
      );
    }
    for (const [lotId, mass, fraction, role] of [
      [P, '20', '0.25', processV1.OutputRole.PRODUCT],
      [Q, '80', '0.0125', processV1.OutputRole.RESIDUE],
    ] as const) {
      await publish(
        concentrationSchema,
        'concentration',
        Topics.ConcentrationLotEvents,
        concentration.LotProduced,
        lotId,
        processV1.LotProducedSchema,
        { lot: { lotId, lotCode: lotId }, runId: R1, role, mass: kg(mass), composition: tb(fraction) },
      );
    }
    await publish(
      concentrationSchema,
      'concentration',
      Topics.ConcentrationRunEvents,
      concentration.RunCompleted,
      R1,
      processV1.RunCompletedSchema,
      { runId: R1 },
    );
    await publish(
      salesSchema,
      'sales',
      Topics.SalesLotEvents,
      SalesEventTypes.LotShipped,
      P,
      salesV1.LotShippedSchema,
      {
        lot: { lotId: P, lotCode: P },
        shipmentId: S1,
        orderId: 'order-1',
        customer: { organisationId: 'org-customer-1' },
        netMass: kg('10'),
        shippedAt: timestampFromDate(new Date('2026-11-28T11:00:00.000Z')),
      },
    );
    await ingestLive(11);
    const beforeCorrection = await instantBetween();
    await publish(
      intakeSchema,
      'intake',
      Topics.IntakeLotEvents,
      IntakeEventTypes.LotAssayed,
      A,
      intakeV1.LotAssayedSchema,
      {
        lot: { lotId: A, lotCode: A },
        assayId: 'assay-A-2',
        method: 'ICP-OES',
        composition: tb('0.06'),
        isCurrent: true,
        reason: 're-assay after supplier dispute',
      },
    );
    await ingestLive(12);
    // The correction reached the shipped statement: a restatement, announced once.
    const announced = (
      (await ds(liveSchema).query(`SELECT data FROM "${liveSchema}".outbox ORDER BY id`)) as {
        data: Uint8Array;
      }[]
    ).map((row) => fromBinary(traceabilityV1.RecycledContentStatementIssuedSchema, new Uint8Array(row.data)));
    const first = statementIdOf(S1, P);
    expect(announced.map((each) => [each.statementId, each.restatesStatementId])).toEqual([
      [first, ''],
      [restatedStatementIdOf(first, 1), first],
    ]);

    const rebuilt = new Date();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await rebuildFromOutboxes({ url: database.url, into: rebuildSchema, sources, topics, ledger });

    dataSources.set(
      rebuildSchema,
      await openServiceDatabase({
        url: database.url,
        service: rebuildSchema,
        poolSize: 2,
        entities: [],
        migrations: traceabilityMigrations,
      }),
    );
    // P's 5 kg Tb by source. Before the correction A brought 5 of R1's 6 kg Tb, B 1; after, A 6 of 7.
    const tbOfP = async (schema: string, asOf?: Date) => {
      const [view] = await new TraceabilityApplication({ dataSource: ds(schema) }).backwardTrace(
        auditor,
        P,
        'Tb',
        asOf,
      );
      return view?.sources.map((line) => [line.lot?.lotId, line.attributedKg]);
    };
    for (const schema of [liveSchema, rebuildSchema]) {
      expect({ schema, before: await tbOfP(schema, beforeCorrection), now: await tbOfP(schema) }).toEqual({
        schema,
        before: [
          [A, '4.166667'],
          [B, '0.833333'],
        ],
        now: [
          [A, '4.285714'],
          [B, '0.714286'],
        ],
      });
    }
    const sourcesAsOf = async (schema: string, asOf: Date) =>
      (await ds(liveSchema).query(
        `SELECT lot_id, composition->0->>'fraction' AS tb FROM "${schema}".trace_lot_as_of($1) WHERE lot_id = ANY($2) ORDER BY lot_id`,
        [asOf, [A, B, P]],
      )) as unknown[];
    for (const schema of [liveSchema, rebuildSchema]) {
      expect({ schema, lots: await sourcesAsOf(schema, beforeCorrection) }).toEqual({
        schema,
        lots: [
          { lot_id: A, tb: '0.05' },
          { lot_id: B, tb: '0.02' },
          { lot_id: P, tb: '0.25' },
        ],
      });
    }
    expect(await sourcesAsOf(rebuildSchema, rebuilt)).toEqual(await sourcesAsOf(liveSchema, rebuilt));
    expect((await sourcesAsOf(rebuildSchema, rebuilt))[0]).toEqual({
      lot_id: A,
      tb: '0.06',
    });
    // Every history row has the same recorded time in both: the outbox rows' created_at.
    const history = (schema: string) =>
      ds(liveSchema).query(
        `SELECT lot_id, composition::text, fact_recorded_at FROM "${schema}".trace_lot_history
         ORDER BY lot_id, fact_recorded_at, composition::text`,
      );
    expect(await history(rebuildSchema)).toEqual(await history(liveSchema));
    const [assayRecorded] = (await ds(liveSchema).query(
      `SELECT created_at FROM "${intakeSchema}".outbox WHERE type = $1`,
      [IntakeEventTypes.LotAssayed],
    )) as { created_at: Date }[];
    const [restated] = (await ds(liveSchema).query(
      `SELECT h.fact_recorded_at, r.restated_at FROM "${liveSchema}".trace_lot_history h,
         "${liveSchema}".trace_restatement r WHERE h.lot_id = $1 ORDER BY h.history_id DESC LIMIT 1`,
      [A],
    )) as { fact_recorded_at: Date; restated_at: Date }[];
    expect(restated?.fact_recorded_at).toEqual(assayRecorded?.created_at);
    expect(restated?.restated_at).toEqual(assayRecorded?.created_at);
  });
});
