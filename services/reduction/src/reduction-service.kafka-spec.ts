import { fromBinary } from '@bufbuild/protobuf';
import { processV1, Topics } from '@rre/contracts';
import {
  EventPublisher,
  messagingMigrations,
  type RunningOutboxPublishing,
  startOutboxPublishing,
} from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import {
  type ProcessRequest,
  ProcessRuns,
  processRunsMigrations,
  receiptOfHandOver,
} from '@rre/process-runs';
import { kafkaBrokers, waitFor } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import { type RunningReductionService, startReductionService } from './bootstrap';
import { loadReductionServiceConfig } from './reduction-service-config';

jest.setTimeout(180_000);

const silent = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};
const request = (): ProcessRequest => ({
  actor: { subject: 'usr-op-3', organisationId: 'org-plant' },
  correlationId: ulid(),
  requestId: ulid(),
});

// Distributed mode: sales' answers to reduction's hand-overs of metal reach the standalone service through Kafka.
describe('the standalone reduction service on Kafka', () => {
  let database: TestDatabase;
  let reductionDb: DataSource;
  let salesDb: DataSource;
  let sales: ProcessRuns;
  let relay: RunningOutboxPublishing;
  let service: RunningReductionService;
  let dataDir: string;
  const schema = uniqueSchemaName('reduction');
  const salesSchema = uniqueSchemaName('sales');

  beforeAll(async () => {
    database = await openTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-reduction-kafka-'));
    service = await startReductionService(
      loadReductionServiceConfig({
        PORT: '0',
        DATABASE_URL: database.url,
        DATABASE_SCHEMA: schema,
        DATA_DIR: dataDir,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        LOG_LEVEL: 'silent',
      }),
    );
    reductionDb = await openServiceDatabase({
      url: database.url,
      service: schema,
      poolSize: 2,
      entities: [],
      migrations: [],
    });
    // Stands in for the sales service: the run library in its schema, its outbox relayed to rre.sales.lot-events.v1.
    salesDb = await openServiceDatabase({
      url: database.url,
      service: salesSchema,
      poolSize: 2,
      entities: [],
      migrations: [...messagingMigrations, ...processRunsMigrations],
    });
    sales = new ProcessRuns({
      service: 'sales',
      publisher: new EventPublisher({ service: 'sales' }),
      topics: { lots: Topics.SalesLotEvents, runs: 'rre.sales.run-events.v1' },
    });
    relay = await startOutboxPublishing([{ dataSource: salesDb, topics: [Topics.SalesLotEvents] }], {
      brokers: kafkaBrokers(),
      partitions: 3,
      replicationFactor: 1,
      logger: silent,
      clientId: 'test-sales',
    });
  });

  afterAll(async () => {
    await service?.stop();
    await relay?.stop();
    for (const dataSource of [reductionDb, salesDb])
      if (dataSource?.isInitialized) await dataSource.destroy();
    if (database) {
      const cleanup = await openServiceDatabase({
        url: database.url,
        service: salesSchema,
        poolSize: 1,
        entities: [],
        migrations: [],
      });
      await cleanup.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await cleanup.query(`DROP SCHEMA IF EXISTS "${salesSchema}" CASCADE`);
      await cleanup.destroy();
    }
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const inReduction = <T>(work: (m: EntityManager) => Promise<T>) => inTransaction(reductionDb, work);
  const processRuns = () => service.application.processRuns;
  const custodyOf = async (lotId: string) =>
    (await inReduction((m) => processRuns().getLot(m, lotId)))?.custody;

  /** A Tb metal lot reduction holds, offered to sales; sales receives it (its LotReceived). */
  async function offeredToSales(lotId: string): Promise<void> {
    await inReduction((m) =>
      processRuns().receiveLot(m, request(), {
        lotId,
        lotCode: `TBM-${lotId}`,
        kind: 'MATERIAL',
        mass: { value: '25', unit: 'KGM' },
        composition: { unit: 'C62', contents: [{ element: 'Tb', value: '0.995' }] },
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    await inReduction((m) => processRuns().handOverLot(m, request(), { lotId, toService: 'sales' }));
    const [row] = (await reductionDb.query(
      `SELECT data FROM "${schema}".outbox WHERE key = $1 AND type = $2`,
      [lotId, 'rre.reduction.lot.custody-transferred.v1'],
    )) as { data: Buffer }[];
    if (!row) throw new Error(`no hand-over of ${lotId} in reduction's outbox`);
    const receipt = receiptOfHandOver(fromBinary(processV1.LotCustodyTransferredSchema, row.data), 'sales');
    if (!receipt) throw new Error('the hand-over is addressed to sales');
    await inTransaction(salesDb, (m) => sales.receiveLot(m, request(), receipt));
  }

  it("settles its hand-overs to sales from sales' answers read from Kafka: accepted lots go, refused ones are held again", async () => {
    expect(service.eventLog).toBe(`kafka ${kafkaBrokers().join(',')}`);
    const accepted = `TBM-A-${ulid()}`;
    const refused = `TBM-R-${ulid()}`;
    await offeredToSales(accepted);
    await offeredToSales(refused);
    expect([await custodyOf(accepted), await custodyOf(refused)]).toEqual(['OFFERED_OUT', 'OFFERED_OUT']);

    await inTransaction(salesDb, (m) => sales.acceptLot(m, request(), { lotId: accepted }));
    await inTransaction(salesDb, (m) =>
      sales.refuseLot(m, request(), { lotId: refused, reason: 'purity below the order line' }),
    );
    await waitFor(
      async () => (await custodyOf(accepted)) === 'HANDED_OVER' && (await custodyOf(refused)) === 'HELD',
      "reduction settled both hand-overs from sales' answers",
      { timeoutMs: 90_000 },
    );
    // The refused lot is whole again: 25 kg.
    expect((await inReduction((m) => processRuns().getLot(m, refused)))?.remainingKg).toBe('25');
  });
});
