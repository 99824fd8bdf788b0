import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { Topics, TraceabilityEventTypes, traceabilityV1 } from '@rre/contracts';
import { EmbeddedEventConsumer, EventPublisher, LogSequencer, messagingMigrations } from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  serviceSchema,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import {
  handOverAnswersConsumer,
  type ProcessRequest,
  ProcessRuns,
  processRunsMigrations,
} from '@rre/process-runs';
import { waitFor } from '@rre/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import { statementsConsumer } from '../messaging/statements.consumer';
import { salesMigrations } from '../persistence/sales-persistence';
import { SalesApplication } from '../sales-application';
import { DEFAULT_SALES_SETTINGS, type SalesSettings } from '../sales-config';

export const request = (subject = 'usr-sales-1', idempotencyKey?: string): ProcessRequest => ({
  actor: { subject, organisationId: 'org-plant' },
  correlationId: ulid(),
  requestId: ulid(),
  idempotencyKey,
});

/**
 * Sales with reduction and separation as the run library runs them, each in its own schema of
 * one test database, joined by the embedded event log: offers reach sales, sales' answers reach
 * reduction.
 */
export class SalesHarness {
  database!: TestDatabase;
  salesDb!: DataSource;
  reductionDb!: DataSource;
  separationDb!: DataSource;
  /** Stands in for traceability: its outbox carries the recycled-content statements. */
  traceabilityDb!: DataSource;
  sales!: SalesApplication;
  reduction!: ProcessRuns;
  separation!: ProcessRuns;
  private readonly running: { stop(): Promise<void> }[] = [];

  async start(settings: SalesSettings = DEFAULT_SALES_SETTINGS): Promise<this> {
    this.database = await openTestDatabase();
    const open = (prefix: string, migrations: (new () => unknown)[]) =>
      openServiceDatabase({
        url: this.database.url,
        service: uniqueSchemaName(prefix),
        poolSize: 10,
        entities: [],
        migrations: migrations as never,
      });
    this.salesDb = await open('sales', salesMigrations);
    this.reductionDb = await open('red_sales', [...messagingMigrations, ...processRunsMigrations]);
    this.separationDb = await open('sep_sales', [...messagingMigrations, ...processRunsMigrations]);
    this.traceabilityDb = await open('trace_sales', [...messagingMigrations]);
    this.sales = new SalesApplication({ dataSource: this.salesDb, settings });
    this.reduction = new ProcessRuns({
      service: 'reduction',
      publisher: new EventPublisher({ service: 'reduction' }),
      topics: { lots: Topics.ReductionLotEvents, runs: Topics.ReductionRunEvents },
    });
    this.separation = new ProcessRuns({
      service: 'separation',
      publisher: new EventPublisher({ service: 'separation' }),
      topics: { lots: Topics.SeparationLotEvents, runs: Topics.SeparationRunEvents },
    });
    for (const dataSource of [this.salesDb, this.reductionDb, this.separationDb, this.traceabilityDb]) {
      const sequencer = new LogSequencer({ dataSource, pollIntervalMs: 20 });
      sequencer.start();
      this.running.push(sequencer);
    }
    const [fromReduction, fromSeparation] = this.sales.handOverConsumers();
    const consumers = [
      new EmbeddedEventConsumer({
        dataSource: this.salesDb,
        definition: { ...fromReduction, name: uniqueSchemaName('sales_red') },
        sources: [serviceSchema(this.reductionDb)],
        pollIntervalMs: 20,
      }),
      new EmbeddedEventConsumer({
        dataSource: this.salesDb,
        definition: { ...fromSeparation, name: uniqueSchemaName('sales_sep') },
        sources: [serviceSchema(this.separationDb)],
        pollIntervalMs: 20,
      }),
      new EmbeddedEventConsumer({
        dataSource: this.salesDb,
        definition: statementsConsumer({ name: uniqueSchemaName('sales_statements') }),
        sources: [serviceSchema(this.traceabilityDb)],
        pollIntervalMs: 20,
      }),
      new EmbeddedEventConsumer({
        dataSource: this.reductionDb,
        definition: handOverAnswersConsumer({
          sender: 'reduction',
          receiver: 'sales',
          topic: Topics.SalesLotEvents,
          name: uniqueSchemaName('red_sales_answers'),
          processRuns: () => this.reduction,
        }),
        sources: [serviceSchema(this.salesDb)],
        pollIntervalMs: 20,
      }),
    ];
    for (const consumer of consumers) {
      consumer.start();
      this.running.push(consumer);
    }
    return this;
  }

  async stop(): Promise<void> {
    for (const part of this.running.reverse()) await part.stop();
    for (const dataSource of [this.salesDb, this.reductionDb, this.separationDb, this.traceabilityDb]) {
      if (dataSource?.isInitialized) {
        await dataSource.query(`DROP SCHEMA "${serviceSchema(dataSource)}" CASCADE`);
        await dataSource.destroy();
      }
    }
    await this.database?.close();
  }

  /** Traceability issues a recycled-content statement for a shipped lot (through its outbox). */
  async issueStatement(
    message: MessageInitShape<typeof traceabilityV1.RecycledContentStatementIssuedSchema>,
  ): Promise<void> {
    const publisher = new EventPublisher({ service: 'traceability' });
    await inTransaction(this.traceabilityDb, (m) =>
      publisher.publish(m, {
        topic: Topics.TraceabilityStatementEvents,
        type: TraceabilityEventTypes.RecycledContentStatementIssued,
        subject: message.lot?.lotId ?? '',
        data: {
          schema: traceabilityV1.RecycledContentStatementIssuedSchema,
          message: create(traceabilityV1.RecycledContentStatementIssuedSchema, message),
        },
      }),
    );
  }

  inSales<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.salesDb, work);
  }

  reductionLot(lotId: string) {
    return inTransaction(this.reductionDb, (m) => this.reduction.getLot(m, lotId));
  }

  /** A metal lot made by reduction (held there) and offered to sales; resolves once sales has the offer. */
  async offerMetal(
    lotCode: string,
    massKg: string,
    contents: readonly { element: string; value: string; uncertainty?: string }[],
  ): Promise<string> {
    return this.offer(this.reduction, this.reductionDb, lotCode, massKg, contents);
  }

  async offerOxide(
    lotCode: string,
    massKg: string,
    contents: readonly { element: string; value: string; uncertainty?: string }[],
  ): Promise<string> {
    return this.offer(this.separation, this.separationDb, lotCode, massKg, contents);
  }

  private async offer(
    sender: ProcessRuns,
    db: DataSource,
    lotCode: string,
    massKg: string,
    contents: readonly { element: string; value: string; uncertainty?: string }[],
  ): Promise<string> {
    const lotId = ulid();
    await inTransaction(db, (m) =>
      sender.receiveLot(m, request('usr-op-1'), {
        lotId,
        lotCode,
        kind: 'MATERIAL',
        mass: { value: massKg, unit: 'KGM' },
        composition: { unit: 'C62', contents: [...contents] },
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    await inTransaction(db, (m) => sender.handOverLot(m, request('usr-op-1'), { lotId, toService: 'sales' }));
    await waitFor(
      async () => (await this.inSales((m) => this.sales.processRuns.getLot(m, lotId)))?.custody === 'OFFERED',
      `sales received the offer of ${lotCode}`,
      { timeoutMs: 30_000 },
    );
    return lotId;
  }

  /** Row counts of every sales table and the outbox: a refused request changes none of them. */
  async counts(): Promise<Record<string, number>> {
    const s = serviceSchema(this.salesDb);
    const counts: Record<string, number> = {};
    for (const table of [
      'sales_grade',
      'sales_customer',
      'sales_delivery_site',
      'sales_order',
      'sales_order_line',
      'sales_lot_stock',
      'sales_allocation',
      'sales_shipment',
      'outbox',
      'process_idempotency_key',
    ]) {
      const [row] = (await this.salesDb.query(`SELECT count(*)::int AS n FROM "${s}".${table}`)) as {
        n: number;
      }[];
      counts[table] = Number(row?.n ?? 0);
    }
    const [sums] = (await this.salesDb.query(
      `SELECT COALESCE(sum(allocated_kg), 0)::text AS a, COALESCE(sum(shipped_kg), 0)::text AS s FROM "${s}".sales_lot_stock`,
    )) as { a: string; s: string }[];
    counts['allocated_mg'] = Math.round(Number(sums?.a ?? 0) * 1e6);
    counts['shipped_mg'] = Math.round(Number(sums?.s ?? 0) * 1e6);
    return counts;
  }
}
