import { create, type DescMessage, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  commonV1,
  IntakeEventTypes,
  intakeV1,
  processV1,
  SalesEventTypes,
  salesV1,
  Topics,
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
import { FACT_HISTORIES } from '../as-of/fact-history';
import { traceabilityMigrations } from '../persistence/traceability-persistence';
import { TraceabilityApplication } from '../traceability-application';
import { progressBar, type RebuildProgress } from './progress-bar';
import { rebuildFromOutboxes } from './rebuild-from-outboxes';

jest.setTimeout(180_000);

const concentration = processEventTypesOf('concentration');
const intakeSchema = uniqueSchemaName('intake');
const concentrationSchema = uniqueSchemaName('concentration');
const salesSchema = uniqueSchemaName('sales');
const liveSchema = uniqueSchemaName('traceability');
const rebuildSchema = uniqueSchemaName('traceability_rebuild');
const bulkSchema = uniqueSchemaName('traceability_bulk');
const sources = [intakeSchema, concentrationSchema, salesSchema];
const topics = [
  Topics.IntakeLotEvents,
  Topics.ConcentrationLotEvents,
  Topics.ConcentrationRunEvents,
  Topics.SalesLotEvents,
];
const ledger = { signingKey: privateKeyPem(generateSigningKey().privateKey) };

/**
 * What is compared, table by table (every column but these): ingestion times, which are the
 * consumer's clock, not the events' (`updated_at` of a watermark row, a statement's `issued_at`, a
 * ledger entry's `appended_at`, a checkpoint's `created_at`, its period (the first and last
 * covered entries' `appended_at`) and the signature over them, a key's `first_used_at`).
 */
const COMPARED: Record<string, readonly string[]> = {
  trace_lot: [],
  trace_run: [],
  trace_movement: [],
  trace_loss: [],
  trace_position: ['updated_at'],
  trace_shipment: [],
  trace_statement: ['issued_at'],
  trace_run_emission: [],
  trace_run_balance: [],
  trace_run_override: [],
  ledger_chain: [],
  ledger_entry: ['appended_at'],
  ledger_checkpoint: ['created_at', 'period_start', 'period_end', 'signature'],
  ledger_signing_key: ['first_used_at'],
  // The fact history with its recorded times (the events' outbox times), not its ids (restate helper).
  ...Object.fromEntries(FACT_HISTORIES.map(({ table }) => [`${table}_history`, ['history_id', 'fact_tx']])),
};

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
  for (const schema of [rebuildSchema, bulkSchema, ...sources, liveSchema])
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

const kg = (value: string) => ({ value, unitCode: 'KGM' });
const tb = (fraction: string) => ({ contents: [{ element: 'Tb', massFraction: fraction, unitCode: 'C62' }] });

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
        `SELECT coalesce(sum(events), 0)::integer AS n, (SELECT count(*) FROM "${liveSchema}".trace_shipment)::integer AS shipments
         FROM "${liveSchema}".trace_position`,
      )) as { n: number; shipments: number }[];
      if (row?.n === events && row.shipments === 1) return;
      if (Date.now() > deadline) throw new Error(`live consumer read ${row?.n} of ${events} events`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await consumer.stop();
  }
}

async function rows(schema: string, table: string, excluded: readonly string[]): Promise<unknown[]> {
  const columns = (
    (await ds(liveSchema).query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name`,
      [schema, table],
    )) as { column_name: string }[]
  )
    .map((row) => row.column_name)
    .filter((column) => !excluded.includes(column));
  const list = columns.map((column) => `"${column}"::text`).join(', ');
  return ds(liveSchema).query(`SELECT ${list} FROM "${schema}".${table} ORDER BY ${list}`);
}

describe('rebuilding the projection from the outboxes', () => {
  // A 100 kg x 5 % Tb post-consumer JP and B 50 kg x 2 % pre-consumer CN; R1 takes both -> P 20 kg x
  // 25 % + residue Q 80 kg x 1.25 %; P shipped (S1, 10 kg): a frozen statement and its one event.
  const A = 'A-REBUILD';
  const B = 'B-REBUILD';
  const P = 'P-REBUILD';
  const Q = 'Q-REBUILD';
  const R1 = 'R1-REBUILD';

  it('reaches the same tables in a fresh schema, with the same statement id and no statement published again', async () => {
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
    // The sales event first, and the run's events before its lots': the live consumer holds and retries.
    await publish(
      salesSchema,
      'sales',
      Topics.SalesLotEvents,
      SalesEventTypes.LotShipped,
      P,
      salesV1.LotShippedSchema,
      {
        lot: { lotId: P, lotCode: P },
        shipmentId: 'S1-REBUILD',
        orderId: 'order-1',
        customer: { organisationId: 'org-customer-1' },
        netMass: kg('10'),
        shippedAt: timestampFromDate(new Date('2026-11-28T11:00:00.000Z')),
      },
    );
    await publish(
      concentrationSchema,
      'concentration',
      Topics.ConcentrationRunEvents,
      concentration.RunPlanned,
      R1,
      processV1.RunPlannedSchema,
      {
        runId: R1,
        kind: 'LEACHING',
      },
    );
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
        {
          lot: { lotId, lotCode: lotId },
          kind: processV1.ProcessLotKind.MATERIAL,
          mass: kg(mass),
        },
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
        {
          lot: { lotId, lotCode: lotId },
          runId: R1,
          role,
          mass: kg(mass),
          composition: tb(fraction),
        },
      );
    }
    await publish(
      concentrationSchema,
      'concentration',
      Topics.ConcentrationRunEvents,
      concentration.RunCompleted,
      R1,
      processV1.RunCompletedSchema,
      {
        runId: R1,
      },
    );
    // 2 intake + 1 sales + 2 run and 6 lot events of concentration.
    await ingestLive(11);
    const liveOutbox = (await ds(liveSchema).query(`SELECT event_id, key FROM "${liveSchema}".outbox`)) as {
      key: string;
    }[];
    expect(liveOutbox.map((row) => row.key)).toEqual([P]);

    const progress: RebuildProgress[] = [];
    const report = await rebuildFromOutboxes({
      url: database.url,
      into: rebuildSchema,
      sources,
      topics,
      ledger,
      onProgress: (each) => progress.push(each),
      progressIntervalMs: 20,
    });
    expect(report).toMatchObject({
      schema: rebuildSchema,
      logEvents: 11,
      events: 11,
      heldEvents: 0,
      parkedEvents: 0,
    });
    expect(progress.at(-1)).toMatchObject({ events: 11, total: 11 });
    expect(progressBar({ events: 6, total: 12, seconds: 2 }, 10)).toBe(
      '[#####.....]   50%  6/12 events  3 events/s',
    );

    for (const [table, excluded] of Object.entries(COMPARED)) {
      const live = await rows(liveSchema, table, excluded);
      expect({ table, rows: await rows(rebuildSchema, table, excluded) }).toEqual({ table, rows: live });
    }
    const counts = async (schema: string) =>
      (await ds(liveSchema).query(
        `SELECT (SELECT count(*) FROM "${schema}".trace_lot)::integer AS lots,
                (SELECT count(*) FROM "${schema}".trace_movement)::integer AS movements,
                (SELECT count(*) FROM "${schema}".ledger_entry)::integer AS ledger,
                (SELECT count(*) FROM "${schema}".outbox)::integer AS outbox`,
      )) as unknown[];
    expect(await counts(liveSchema)).toEqual([{ lots: 4, movements: 2, ledger: 11, outbox: 1 }]);
    expect(await counts(rebuildSchema)).toEqual([{ lots: 4, movements: 2, ledger: 11, outbox: 0 }]);
    const statements = (await ds(liveSchema).query(
      `SELECT statement_id FROM "${rebuildSchema}".trace_statement`,
    )) as { statement_id: string }[];
    expect(statements).toEqual([{ statement_id: statementIdOf('S1-REBUILD', P) }]);
    expect(statementIdOf('S1-REBUILD', P)).toMatch(/^ST-[0-9A-F]{26}$/);

    // A second rebuild into the same schema is refused and changes nothing.
    await expect(
      rebuildFromOutboxes({ url: database.url, into: rebuildSchema, sources, topics, ledger }),
    ).rejects.toThrow(
      `rebuild into schema "${rebuildSchema}": it already holds a genealogy (4 topic positions)`,
    );
  });

  it('reaches the same tables in bulk (inbox, gate, watermark and ledger in memory)', async () => {
    const progress: RebuildProgress[] = [];
    const report = await rebuildFromOutboxes({
      url: database.url,
      into: bulkSchema,
      sources,
      topics,
      ledger,
      mode: 'bulk',
      onProgress: (each) => progress.push(each),
      progressIntervalMs: 0,
    });
    expect(report).toMatchObject({
      schema: bulkSchema,
      logEvents: 11,
      events: 11,
      heldEvents: 0,
      parkedEvents: 0,
    });
    expect(progress.at(-1)).toMatchObject({ events: 11, total: 11 });
    for (const [table, excluded] of Object.entries(COMPARED)) {
      const live = await rows(liveSchema, table, excluded);
      expect({ table, rows: await rows(bulkSchema, table, excluded) }).toEqual({ table, rows: live });
    }
    // The consumer's own bookkeeping is the per-event rebuild's: inbox, gate, offsets.
    const BOOKKEEPING: Record<string, readonly string[]> = {
      inbox: ['handled_at'],
      consumer_offset: ['updated_at'],
      gate_stream: [],
      gate_released: ['released_at'],
      gate_held: ['id', 'held_at'],
      trace_held_event_recorded_at: [],
      dead_letter: [],
    };
    for (const [table, excluded] of Object.entries(BOOKKEEPING)) {
      const perEvent = await rows(rebuildSchema, table, excluded);
      expect({ table, rows: await rows(bulkSchema, table, excluded) }).toEqual({ table, rows: perEvent });
    }
    const [counts] = (await ds(liveSchema).query(
      `SELECT (SELECT count(*) FROM "${bulkSchema}".inbox)::integer AS inbox,
              (SELECT count(*) FROM "${bulkSchema}".gate_released)::integer AS released,
              (SELECT count(*) FROM "${bulkSchema}".ledger_entry)::integer AS ledger,
              (SELECT count(*) FROM "${bulkSchema}".outbox)::integer AS outbox`,
    )) as unknown[];
    expect(counts).toEqual({ inbox: 11, released: 11, ledger: 11, outbox: 0 });
  });
});
