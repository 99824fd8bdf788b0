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
import { EmbeddedEventConsumer, EventPublisher, LogSequencer } from '@rre/messaging';
import { inTransaction, openServiceDatabase, openTestDatabase, type TestDatabase } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { DataSource, MigrationInterface } from 'typeorm';
import type { LedgerSettings } from '../ledger/ledger-application';
import { TraceabilityApplication } from '../traceability-application';
import { kg, tb } from './event-builders';

/** The topics `publishLeachingRun` publishes to (a Kafka spec's own; the services' by default). */
export interface LeachingRunTopics {
  readonly intake: string;
  readonly lots: string;
  readonly runs: string;
  readonly sales: string;
}

const SERVICE_TOPICS: LeachingRunTopics = {
  intake: Topics.IntakeLotEvents,
  lots: Topics.ConcentrationLotEvents,
  runs: Topics.ConcentrationRunEvents,
  sales: Topics.SalesLotEvents,
};

/** The topics of the outbox scenarios: intake's, concentration's and sales' lot and run events. */
export const OUTBOX_LOG_TOPICS: readonly string[] = [
  SERVICE_TOPICS.intake,
  SERVICE_TOPICS.lots,
  SERVICE_TOPICS.runs,
  SERVICE_TOPICS.sales,
];

/**
 * Producing services' outboxes in schemas of one test database, for specs that ingest or rebuild
 * from them: events published and sequenced as the services publish them, the live consumer run
 * over them, and tables read back for comparison.
 */
export interface OutboxLog {
  readonly database: TestDatabase;
  dataSource(schema: string): DataSource;
  open(schema: string, migrations: (new () => MigrationInterface)[], poolSize?: number): Promise<DataSource>;
  /** Publishes and sequences one event; its time is the next minute from 2026-11-28 08:01 unless given. */
  publish<Desc extends DescMessage>(
    schema: string,
    service: string,
    topic: string,
    type: string,
    subject: string,
    messageSchema: Desc,
    init: MessageInitShape<Desc>,
    time?: Date,
  ): Promise<void>;
  /** Runs the live consumer of `live` over the sources until it has read `events` events and frozen `statements` statements. */
  ingestLive(
    live: string,
    options: {
      sources: readonly string[];
      topics: readonly string[];
      ledger: LedgerSettings;
      events: number;
      statements: number;
    },
  ): Promise<void>;
  /** Every row of a table, every column but `excluded` as text, in order. */
  rows(schema: string, table: string, excluded?: readonly string[]): Promise<unknown[]>;
  /** Drops the schemas and closes everything. */
  close(schemas: readonly string[]): Promise<void>;
}

export async function openOutboxLog(): Promise<OutboxLog> {
  const database = await openTestDatabase();
  const dataSources = new Map<string, DataSource>();
  let minute = 0;
  const dataSource = (schema: string) => {
    const found = dataSources.get(schema);
    if (!found) throw new Error(`outbox log: schema ${schema} is not open`);
    return found;
  };
  const any = () => [...dataSources.values()][0];
  return {
    database,
    dataSource,
    async open(schema, migrations, poolSize = 2) {
      const opened = await openServiceDatabase({
        url: database.url,
        service: schema,
        poolSize,
        entities: [],
        migrations,
      });
      dataSources.set(schema, opened);
      return opened;
    },
    async publish(schema, service, topic, type, subject, messageSchema, init, time) {
      minute += 1;
      await inTransaction(dataSource(schema), (manager) =>
        new EventPublisher({ service }).publish(manager, {
          topic,
          type,
          subject,
          data: toBinary(messageSchema, create(messageSchema, init)),
          time: time ?? new Date(Date.UTC(2026, 10, 28, 8, minute)),
        }),
      );
      const sequencer = new LogSequencer({ dataSource: dataSource(schema) });
      try {
        while ((await sequencer.sequenceOnce()) > 0);
      } finally {
        await sequencer.stop();
      }
    },
    async ingestLive(live, { sources, topics, ledger, events, statements }) {
      const consumer = new EmbeddedEventConsumer({
        dataSource: dataSource(live),
        definition: new TraceabilityApplication({
          dataSource: dataSource(live),
          ledger,
        }).lotAndRunEventsConsumer(topics),
        sources,
        pollIntervalMs: 20,
      });
      consumer.start();
      try {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const [row] = (await dataSource(live).query(
            `SELECT coalesce(sum(events), 0)::integer AS n,
                    (SELECT count(*) FROM "${live}".trace_statement)::integer AS statements
             FROM "${live}".trace_position`,
          )) as { n: number; statements: number }[];
          if (row?.n === events && row.statements === statements) return;
          if (Date.now() > deadline)
            throw new Error(`live consumer read ${row?.n} of ${events} events, froze ${row?.statements}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await consumer.stop();
      }
    },
    async rows(schema, table, excluded = []) {
      const reader = any();
      if (!reader) throw new Error('outbox log: no schema open');
      const columns = (
        (await reader.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name`,
          [schema, table],
        )) as { column_name: string }[]
      )
        .map((row) => row.column_name)
        .filter((column) => !excluded.includes(column));
      const list = columns.map((column) => `"${column}"::text`).join(', ');
      return reader.query(`SELECT ${list} FROM "${schema}".${table} ORDER BY ${list}`);
    },
    async close(schemas) {
      const reader = any();
      for (const schema of schemas) await reader?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      for (const each of dataSources.values()) await each.destroy();
      await database.close();
    },
  };
}

/** The lots, run and shipment of `publishLeachingRun`. */
export interface LeachingRunIds {
  readonly A: string;
  readonly B: string;
  readonly P: string;
  readonly Q: string;
  readonly R1: string;
  readonly S1: string;
}

/** The ids of `publishLeachingRun` with a suffix (A-<suffix>, ...). */
export function leachingRunIds(suffix: string): LeachingRunIds {
  return {
    A: `A-${suffix}`,
    B: `B-${suffix}`,
    P: `P-${suffix}`,
    Q: `Q-${suffix}`,
    R1: `R1-${suffix}`,
    S1: `S1-${suffix}`,
  };
}

/** S1 (sales) ships 10 kg of P: the shipment of `publishLeachingRun`. */
export function publishLeachingShipment(
  log: OutboxLog,
  salesSchema: string,
  { P, S1 }: LeachingRunIds,
  topic: string = SERVICE_TOPICS.sales,
): Promise<void> {
  return log.publish(salesSchema, 'sales', topic, SalesEventTypes.LotShipped, P, salesV1.LotShippedSchema, {
    lot: { lotId: P, lotCode: P },
    shipmentId: S1,
    orderId: 'order-1',
    customer: { organisationId: 'org-customer-1' },
    netMass: kg('10'),
    shippedAt: timestampFromDate(new Date('2026-11-28T11:00:00.000Z')),
  });
}

/**
 * 10 or 11 events: A 100 kg x 5 % Tb post-consumer JP and B 50 kg x 2 % pre-consumer CN (intake);
 * R1 (concentration, LEACHING) takes both -> P 20 kg x 25 % + residue Q 80 kg x 1.25 %, completed;
 * S1 (sales) ships 10 kg of P (`publishLeachingShipment`) last, before everything but the
 * registrations (`shipment: 'first'`), or not (`'none'`).
 */
export async function publishLeachingRun(
  log: OutboxLog,
  schemas: { intake: string; concentration: string; sales: string },
  ids: LeachingRunIds,
  options: { shipment?: 'first' | 'last' | 'none'; topics?: LeachingRunTopics } = {},
): Promise<void> {
  const concentration = processEventTypesOf('concentration');
  const topics = options.topics ?? SERVICE_TOPICS;
  const shipment = options.shipment ?? 'last';
  const { A, B, P, Q, R1 } = ids;
  const ship = () => publishLeachingShipment(log, schemas.sales, ids, topics.sales);
  const plant = <Desc extends DescMessage>(
    topic: string,
    type: string,
    subject: string,
    messageSchema: Desc,
    init: MessageInitShape<Desc>,
  ) => log.publish(schemas.concentration, 'concentration', topic, type, subject, messageSchema, init);
  for (const [lotId, mass, fraction, category, country] of [
    [A, '100', '0.05', commonV1.SourceCategory.POST_CONSUMER, 'JP'],
    [B, '50', '0.02', commonV1.SourceCategory.PRE_CONSUMER, 'CN'],
  ] as const) {
    await log.publish(
      schemas.intake,
      'intake',
      topics.intake,
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
  if (shipment === 'first') await ship();
  await plant(topics.runs, concentration.RunPlanned, R1, processV1.RunPlannedSchema, {
    runId: R1,
    kind: 'LEACHING',
  });
  for (const [lotId, mass] of [
    [A, '100'],
    [B, '50'],
  ] as const) {
    await plant(topics.lots, concentration.LotReceived, lotId, processV1.LotReceivedSchema, {
      lot: { lotId, lotCode: lotId },
      kind: processV1.ProcessLotKind.MATERIAL,
      mass: kg(mass),
    });
    await plant(topics.lots, concentration.LotQuantityTaken, lotId, processV1.LotQuantityTakenSchema, {
      lot: { lotId, lotCode: lotId },
      runId: R1,
      movementId: `mv-${lotId}`,
      kind: processV1.TakeKind.INPUT,
      mass: kg(mass),
      remainingMass: kg('0'),
    });
  }
  for (const [lotId, mass, fraction, role] of [
    [P, '20', '0.25', processV1.OutputRole.PRODUCT],
    [Q, '80', '0.0125', processV1.OutputRole.RESIDUE],
  ] as const) {
    await plant(topics.lots, concentration.LotProduced, lotId, processV1.LotProducedSchema, {
      lot: { lotId, lotCode: lotId },
      runId: R1,
      role,
      mass: kg(mass),
      composition: tb(fraction),
    });
  }
  await plant(topics.runs, concentration.RunCompleted, R1, processV1.RunCompletedSchema, {
    runId: R1,
  });
  if (shipment === 'last') await ship();
}
