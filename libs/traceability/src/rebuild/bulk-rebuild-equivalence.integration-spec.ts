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
import { EventPublisher, LogSequencer, messagingMigrations } from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { FACT_HISTORIES } from '../as-of/fact-history';
import { rebuildFromOutboxes } from './rebuild-from-outboxes';

jest.setTimeout(300_000);

// The bulk rebuild writes the genealogy, run balances and emissions from memory (BufferedGenealogyStore,
// BufferedRunBalanceStore, BufferedRunEmissionStore) with the live statements' rules re-stated in TypeScript. This spec runs
// a seeded log that exercises every rule (receipts before registrations, assays older than the
// declared composition, corrections, returns, losses, balances, overrides, finalizations, run
// corrections, energy, shipments that wait for their genealogy) through the per-event rebuild (the
// live handler's SQL) and through the bulk rebuild, and compares every table of both schemas,
// the fact histories row for row in their order per key, recorded times included.

const concentration = processEventTypesOf('concentration');
const earlyIntake = uniqueSchemaName('intake_early');
const concentrationSchema = uniqueSchemaName('concentration');
const lateIntake = uniqueSchemaName('intake_late');
const salesSchema = uniqueSchemaName('sales');
const perEventSchema = uniqueSchemaName('trace_per_event');
const bulkSchema = uniqueSchemaName('trace_bulk');
const perEventLargeBatchesSchema = uniqueSchemaName('trace_per_event_large');
const bulkLargeBatchesSchema = uniqueSchemaName('trace_bulk_large');
// Read in this order, a source at a time: the late intake's lots are received before they are registered.
const sources = [earlyIntake, concentrationSchema, lateIntake, salesSchema];
const topics = [
  Topics.IntakeLotEvents,
  Topics.ConcentrationLotEvents,
  Topics.ConcentrationRunEvents,
  Topics.SalesLotEvents,
];
const ledger = { signingKey: privateKeyPem(generateSigningKey().privateKey) };

/**
 * Ingestion times (the consumer's clock, not the events'), what is derived from them (a checkpoint's
 * `previous` hashes the previous checkpoint with its period), and ids a sequence or txid gives.
 */
const CLOCK_COLUMNS = new Set([
  'previous',
  'changed_at',
  'updated_at',
  'issued_at',
  'appended_at',
  'created_at',
  'period_start',
  'period_end',
  'signature',
  'first_used_at',
  'handled_at',
  'released_at',
  'held_at',
  'history_id',
  'fact_tx',
]);
/** Tables whose `updated_at` is an event's time, not the consumer's. */
const EVENT_TIME_UPDATED_AT = new Set(['trace_lot', 'trace_run', 'trace_lot_history', 'trace_run_history']);

interface Published {
  readonly schema: string;
  readonly service: string;
  readonly topic: string;
  readonly type: string;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly time: Date;
}

/** A seeded log (mulberry32): the same events on every run. */
function seededLog(seed: number): Published[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const log: Published[] = [];
  const start = Date.UTC(2026, 10, 1, 6, 0);
  let minute = 0;
  const at = (offset = 0) => new Date(start + (minute + offset) * 60_000);
  const push = <Desc extends DescMessage>(
    schema: string,
    topic: string,
    type: string,
    subject: string,
    messageSchema: Desc,
    init: MessageInitShape<Desc>,
    time: Date = at(),
  ) => {
    minute += 1;
    const service =
      schema === salesSchema ? 'sales' : schema === concentrationSchema ? 'concentration' : 'intake';
    log.push({
      schema,
      service,
      topic,
      type,
      subject,
      data: toBinary(messageSchema, create(messageSchema, init)),
      time,
    });
  };
  const kg = (value: string) => ({ value, unitCode: 'KGM' });
  const composition = (tb: string, dy: string) => ({
    contents: [
      { element: 'Tb', massFraction: tb, unitCode: 'C62', uncertainty: chance(0.5) ? '0.0005' : '' },
      { element: 'Dy', massFraction: dy, unitCode: 'C62' },
    ],
  });
  const fraction = () => `0.0${1 + Math.floor(random() * 9)}${Math.floor(random() * 10)}`;
  const mass = () => `${10 + Math.floor(random() * 900)}.${Math.floor(random() * 1000)}`;
  const lotEvents = (lotId: string) => ({ topic: Topics.ConcentrationLotEvents, subject: lotId });

  const sourceLots: string[] = [];
  for (let i = 0; i < 24; i += 1) {
    const lotId = `SRC-${i}`;
    const schema = i % 3 === 2 ? lateIntake : earlyIntake;
    sourceLots.push(lotId);
    push(
      schema,
      Topics.IntakeLotEvents,
      IntakeEventTypes.LotRegistered,
      lotId,
      intakeV1.LotRegisteredSchema,
      {
        lot: { lotId, lotCode: chance(0.8) ? `CODE-${i}` : '' },
        supplier: { organisationId: chance(0.9) ? `org-${i % 4}` : '' },
        sourceCategory: pick([
          commonV1.SourceCategory.POST_CONSUMER,
          commonV1.SourceCategory.PRE_CONSUMER,
          commonV1.SourceCategory.PRIMARY,
        ]),
        countryOfOrigin: pick(['JP', 'CN', 'VN', '']),
        materialKind: pick([1, 2]),
        ...(chance(0.8) ? { weighedNetMass: kg(mass()) } : {}),
        declaredMass: kg(mass()),
        ...(chance(0.9) ? { declaredComposition: composition(fraction(), fraction()) } : {}),
      },
    );
    if (chance(0.6))
      // Some assays carry a time before the registration's: an assay wins over a declared composition anyway.
      push(
        schema,
        Topics.IntakeLotEvents,
        IntakeEventTypes.LotAssayed,
        lotId,
        intakeV1.LotAssayedSchema,
        {
          lot: { lotId },
          assayId: `AS-${i}`,
          composition: composition(fraction(), fraction()),
          isCurrent: chance(0.9),
        },
        at(chance(0.3) ? -120 : 5),
      );
    if (chance(0.25))
      push(schema, Topics.IntakeLotEvents, IntakeEventTypes.LotAssayed, lotId, intakeV1.LotAssayedSchema, {
        lot: { lotId },
        assayId: `AS-${i}-2`,
        composition: composition(fraction(), fraction()),
        isCurrent: true,
      });
    if (chance(0.3)) {
      const field = pick(['country_of_origin', 'source_category', 'weighed_net_mass', 'declared_mass']);
      push(
        schema,
        Topics.IntakeLotEvents,
        IntakeEventTypes.LotCorrected,
        lotId,
        intakeV1.LotCorrectedSchema,
        {
          lot: { lotId },
          field,
          newValue:
            field === 'country_of_origin'
              ? pick(['KR', 'JP'])
              : field === 'source_category'
                ? pick(['SOURCE_CATEGORY_PRE_CONSUMER', 'POST_CONSUMER'])
                : JSON.stringify({ value: mass(), unitCode: 'KGM' }),
        },
      );
    }
  }

  const products: string[] = [];
  for (let r = 0; r < 14; r += 1) {
    const runId = `RUN-${r}`;
    push(
      concentrationSchema,
      Topics.ConcentrationRunEvents,
      concentration.RunPlanned,
      runId,
      processV1.RunPlannedSchema,
      {
        runId,
        kind: pick(['LEACHING', 'ADSORPTION']),
        equipmentId: chance(0.7) ? `EQ-${r % 3}` : '',
        workOrder: chance(0.5) ? `WO-${r}` : '',
      },
    );
    const candidates = [...sourceLots, ...products, `FOREIGN-${r}`];
    const inputs = new Set<string>();
    for (let k = 0; k < 2 + Math.floor(random() * 3); k += 1) inputs.add(pick(candidates));
    for (const lotId of inputs) {
      const { topic, subject } = lotEvents(lotId);
      push(concentrationSchema, topic, concentration.LotReceived, subject, processV1.LotReceivedSchema, {
        lot: { lotId, lotCode: chance(0.5) ? `RCV-${lotId}` : '' },
        kind: processV1.ProcessLotKind.MATERIAL,
        mass: kg(mass()),
        ...(chance(0.4) ? { composition: composition(fraction(), fraction()) } : {}),
      });
      const taken = mass();
      push(
        concentrationSchema,
        topic,
        concentration.LotQuantityTaken,
        subject,
        processV1.LotQuantityTakenSchema,
        {
          lot: { lotId },
          runId,
          movementId: `MV-${runId}-${lotId}`,
          kind: chance(0.2) ? processV1.TakeKind.OPENING_INVENTORY : processV1.TakeKind.INPUT,
          mass: kg(taken),
          remainingMass: kg('0'),
        },
      );
      if (chance(0.2))
        push(
          concentrationSchema,
          topic,
          concentration.LotQuantityReturned,
          subject,
          processV1.LotQuantityReturnedSchema,
          {
            lot: { lotId },
            runId,
            movementId: `RT-${runId}-${lotId}`,
            mass: kg('1.5'),
            remainingMass: kg('1.5'),
          },
        );
    }
    push(
      concentrationSchema,
      Topics.ConcentrationRunEvents,
      concentration.RunStarted,
      runId,
      processV1.RunStartedSchema,
      { runId },
    );
    if (chance(0.3)) {
      push(
        concentrationSchema,
        Topics.ConcentrationRunEvents,
        concentration.RunHeld,
        runId,
        processV1.RunHeldSchema,
        { runId },
      );
      push(
        concentrationSchema,
        Topics.ConcentrationRunEvents,
        concentration.RunResumed,
        runId,
        processV1.RunResumedSchema,
        { runId },
      );
    }
    const outputs = [`P-${r}`, `Q-${r}`];
    for (const [index, lotId] of outputs.entries()) {
      const { topic, subject } = lotEvents(lotId);
      push(concentrationSchema, topic, concentration.LotProduced, subject, processV1.LotProducedSchema, {
        lot: { lotId, lotCode: lotId },
        runId,
        role: index === 0 ? processV1.OutputRole.PRODUCT : processV1.OutputRole.RESIDUE,
        mass: kg(mass()),
        workOrder: chance(0.5) ? `WO-${r}` : '',
        ...(chance(0.85) ? { composition: composition(fraction(), fraction()) } : {}),
      });
      if (chance(0.3))
        push(
          concentrationSchema,
          topic,
          concentration.LotAssayRecorded,
          subject,
          processV1.LotAssayRecordedSchema,
          { lot: { lotId }, assayId: `LA-${lotId}`, composition: composition(fraction(), fraction()) },
          at(chance(0.5) ? -30 : 0),
        );
      if (chance(0.2))
        push(
          concentrationSchema,
          topic,
          concentration.LotMassCorrected,
          subject,
          processV1.LotMassCorrectedSchema,
          {
            lot: { lotId },
            newMass: kg(chance(0.5) ? mass() : `${mass()}0`),
            reason: 'reweighed',
          },
        );
    }
    products.push(outputs[0] as string);
    if (chance(0.6))
      push(
        concentrationSchema,
        Topics.ConcentrationRunEvents,
        concentration.RunLossesRecorded,
        runId,
        processV1.RunLossesRecordedSchema,
        {
          runId,
          losses: [
            { lossId: `L-${runId}-1`, element: 'Tb', mass: kg('0.012') },
            { lossId: `L-${runId}-2`, element: 'Dy', mass: kg('0.3') },
          ],
        },
      );
    const balance = (closes: boolean, losses: string) => ({
      closes,
      coverageFactor: chance(0.5) ? '2' : '',
      elements: ['Tb', 'Dy'].map((element) => ({
        element,
        losses: kg(losses),
        imbalance: { value: chance(0.5) ? '-0.25' : '0.1', unitCode: 'KGM' },
        combinedUncertainty: kg('0.2'),
        tolerance: kg('0.4'),
        closes,
      })),
    });
    const closes = chance(0.7);
    if (chance(0.9))
      push(
        concentrationSchema,
        Topics.ConcentrationRunEvents,
        concentration.RunCompleted,
        runId,
        processV1.RunCompletedSchema,
        {
          runId,
          basis: pick([processV1.CompletionBasis.PROVISIONAL, processV1.CompletionBasis.FINAL]),
          balance: balance(closes, '0.05'),
          ...(!closes && chance(0.6)
            ? {
                override: {
                  reason: 'assay uncertainty of the residue',
                  overriddenBy: { subjectId: 'usr-shift-lead', organisationId: 'org-plant' },
                  approvedBy: { subjectId: 'usr-qa', organisationId: 'org-plant' },
                },
              }
            : {}),
        },
      );
    if (chance(0.3))
      push(
        concentrationSchema,
        Topics.ConcentrationRunEvents,
        concentration.RunFinalized,
        runId,
        processV1.RunFinalizedSchema,
        {
          runId,
          balance: balance(true, '0.07'),
        },
      );
    if (chance(0.3))
      push(
        concentrationSchema,
        Topics.ConcentrationRunEvents,
        concentration.RunCorrected,
        runId,
        processV1.RunCorrectedSchema,
        {
          runId,
          correctionId: `CR-${runId}`,
          reason: 'reweighed product',
          changesJson: JSON.stringify([
            { field: 'mass', lotId: `P-${r}`, new: mass() },
            {
              field: 'composition',
              lotId: `Q-${r}`,
              new: { Tb: { fraction: fraction() }, Dy: { fraction: fraction(), uncertainty: '0.001' } },
            },
          ]),
          balanceAfter: balance(true, '0.06'),
        },
      );
    if (chance(0.4))
      push(
        concentrationSchema,
        Topics.ConcentrationRunEvents,
        concentration.RunEnergyRecorded,
        runId,
        processV1.RunEnergyRecordedSchema,
        {
          runId,
          energyKwh: '120.5',
          co2eKg: '55.43',
        },
      );
  }
  // Shipments of products: frozen when their genealogy is complete, or waiting for it.
  for (const lotId of [products[3], products[9], products[13]] as string[]) {
    push(salesSchema, Topics.SalesLotEvents, SalesEventTypes.LotShipped, lotId, salesV1.LotShippedSchema, {
      lot: { lotId, lotCode: lotId },
      shipmentId: `SH-${lotId}`,
      orderId: `order-${lotId}`,
      customer: { organisationId: 'org-customer' },
      netMass: kg('5'),
      shippedAt: timestampFromDate(at()),
    });
  }
  return log;
}

let database: TestDatabase;
const dataSources = new Map<string, DataSource>();
const ds = (schema: string) => dataSources.get(schema) as DataSource;

beforeAll(async () => {
  database = await openTestDatabase();
  for (const schema of sources)
    dataSources.set(
      schema,
      await openServiceDatabase({
        url: database.url,
        service: schema,
        poolSize: 2,
        entities: [],
        migrations: messagingMigrations,
      }),
    );
});

afterAll(async () => {
  const first = dataSources.get(earlyIntake);
  for (const schema of [
    perEventSchema,
    bulkSchema,
    perEventLargeBatchesSchema,
    bulkLargeBatchesSchema,
    ...sources,
  ])
    await first?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  for (const dataSource of dataSources.values()) await dataSource.destroy();
  await database?.close();
});

async function publishAll(log: readonly Published[]): Promise<void> {
  for (const schema of sources) {
    const events = log.filter((each) => each.schema === schema);
    await inTransaction(ds(schema), async (manager) => {
      const publisher = new EventPublisher({ service: events[0]?.service ?? 'intake' });
      for (const each of events)
        await publisher.publish(manager, {
          topic: each.topic,
          type: each.type,
          subject: each.subject,
          data: each.data,
          time: each.time,
        });
    });
    const sequencer = new LogSequencer({ dataSource: ds(schema) });
    try {
      while ((await sequencer.sequenceOnce()) > 0);
    } finally {
      await sequencer.stop();
    }
  }
}

/** Every row of a table but clock columns; a history table's rows with their version per key. */
async function rows(schema: string, table: string): Promise<unknown[]> {
  const columns = (
    (await ds(earlyIntake).query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name`,
      [schema, table],
    )) as { column_name: string }[]
  )
    .map((row) => row.column_name)
    .filter(
      (column) => !CLOCK_COLUMNS.has(column) || (column === 'updated_at' && EVENT_TIME_UPDATED_AT.has(table)),
    );
  const list = columns.map((column) => `"${column}"::text`);
  const history = FACT_HISTORIES.find((each) => `${each.table}_history` === table);
  if (history)
    list.push(
      `(row_number() OVER (PARTITION BY ${history.key.join(', ')} ORDER BY history_id))::text AS version`,
    );
  return ds(earlyIntake).query(
    `SELECT ${list.join(', ')} FROM "${schema}".${table} ORDER BY ${list.map((_, i) => i + 1).join(', ')}`,
  );
}

describe('a bulk rebuild writes what the per-event rebuild writes', () => {
  it('the same rows in every table, and the same fact history in the same order per key', async () => {
    const log = seededLog(20261129);
    await publishAll(log);
    const events = log.length;

    // Batches of 25 rows: sources interleave, and the bulk rebuild applies many batches in memory
    // while the previous one is written, then (from the first shipment) in their transactions.
    const readBatch = 25;
    const perEvent = await rebuildFromOutboxes({
      url: database.url,
      into: perEventSchema,
      sources,
      topics,
      ledger,
      readBatch,
    });
    const bulk = await rebuildFromOutboxes({
      url: database.url,
      into: bulkSchema,
      sources,
      topics,
      ledger,
      mode: 'bulk',
      readBatch,
    });
    expect(perEvent).toMatchObject({ events, heldEvents: 0, parkedEvents: 0 });
    expect(bulk).toMatchObject({ events, heldEvents: 0, parkedEvents: 0 });

    const tables = (
      (await ds(earlyIntake).query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`,
        [perEventSchema],
      )) as { table_name: string }[]
    ).map((row) => row.table_name);
    for (const table of tables) {
      const expected = await rows(perEventSchema, table);
      expect({ table, rows: await rows(bulkSchema, table) }).toEqual({ table, rows: expected });
    }

    // Batches of 200: the next batches are applied in memory while a write is under way, with turns
    // of the event loop between them (BulkApply's EVENTS_BETWEEN_TURNS). The sources interleave in
    // other places, so the bulk rebuild is compared with a per-event rebuild in the same batches.
    const inLargeBatches = { url: database.url, sources, topics, ledger, readBatch: 200 };
    await rebuildFromOutboxes({ ...inLargeBatches, into: perEventLargeBatchesSchema });
    await rebuildFromOutboxes({ ...inLargeBatches, into: bulkLargeBatchesSchema, mode: 'bulk' });
    for (const table of tables) {
      const expected = await rows(perEventLargeBatchesSchema, table);
      expect({ table, rows: await rows(bulkLargeBatchesSchema, table) }).toEqual({ table, rows: expected });
    }

    // The same indexes as the migrations made.
    const indexes = (schema: string) =>
      ds(earlyIntake).query(
        `SELECT tablename, indexname, replace(indexdef, $1, 'S') AS definition
         FROM pg_indexes WHERE schemaname = $1 ORDER BY tablename, indexname`,
        [schema],
      );
    const perEventIndexes = await indexes(perEventSchema);
    expect(perEventIndexes).toContainEqual(
      expect.objectContaining({ indexname: 'ledger_entry_subject_idx' }),
    );
    expect(await indexes(bulkSchema)).toEqual(perEventIndexes);

    // The log did exercise the rules the buffered stores re-state.
    const [counts] = (await ds(earlyIntake).query(
      `SELECT (SELECT count(*) FROM "${bulkSchema}".trace_lot)::integer AS lots,
              (SELECT count(*) FROM "${bulkSchema}".trace_lot_history)::integer AS lot_versions,
              (SELECT count(*) FROM "${bulkSchema}".trace_run_history)::integer AS run_versions,
              (SELECT count(*) FROM "${bulkSchema}".trace_movement WHERE kind = 'RETURN')::integer AS returns,
              (SELECT count(*) FROM "${bulkSchema}".trace_run_override)::integer AS overrides,
              (SELECT count(*) FROM "${bulkSchema}".trace_run_balance_history)::integer AS balance_versions,
              (SELECT count(*) FROM "${bulkSchema}".trace_run_emission)::integer AS emissions,
              (SELECT count(*) FROM "${bulkSchema}".trace_shipment)::integer AS shipments`,
    )) as Record<string, number>[];
    expect(counts).toEqual({
      lots: expect.any(Number),
      lot_versions: expect.any(Number),
      run_versions: expect.any(Number),
      returns: expect.any(Number),
      overrides: expect.any(Number),
      balance_versions: expect.any(Number),
      emissions: expect.any(Number),
      shipments: 3,
    });
    for (const [name, count] of Object.entries(counts as Record<string, number>))
      expect({ name, exercised: count > 0 }).toEqual({ name, exercised: true });
  });
});
