import { fromBinary } from '@bufbuild/protobuf';
import { processV1, Topics } from '@rre/contracts';
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
  type ProcessRequest,
  ProcessRuns,
  processRunsMigrations,
  receiptOfHandOver,
} from '@rre/process-runs';
import { waitFor } from '@rre/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import { separationMigrations } from '../persistence/separation-persistence';
import { SeparationApplication } from '../separation-application';
import { DEFAULT_SEPARATION_SETTINGS } from '../separation-config';

jest.setTimeout(120_000);

const request = (): ProcessRequest => ({
  actor: { subject: 'usr-op-4', organisationId: 'org-plant' },
  correlationId: ulid(),
  requestId: ulid(),
});

describe(`hand-over of oxide to reduction, settled from reduction's answers (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  let database: TestDatabase;
  let separationDb: DataSource;
  let reductionDb: DataSource;
  let app: SeparationApplication;
  let reduction: ProcessRuns;
  let sequencer: LogSequencer;
  let consumer: EmbeddedEventConsumer;

  beforeAll(async () => {
    database = await openTestDatabase();
    separationDb = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('sep_ho'),
      poolSize: 4,
      entities: [],
      migrations: separationMigrations,
    });
    reductionDb = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('red_ho'),
      poolSize: 4,
      entities: [],
      migrations: [...messagingMigrations, ...processRunsMigrations],
    });
    app = new SeparationApplication({ dataSource: separationDb, settings: DEFAULT_SEPARATION_SETTINGS });
    // Reduction as the run library runs it: its own schema, outbox and topics.
    reduction = new ProcessRuns({
      service: 'reduction',
      publisher: new EventPublisher({ service: 'reduction' }),
      topics: { lots: Topics.ReductionLotEvents, runs: 'rre.reduction.run-events.v1' },
    });
    sequencer = new LogSequencer({ dataSource: reductionDb, pollIntervalMs: 20 });
    sequencer.start();
    consumer = new EmbeddedEventConsumer({
      dataSource: separationDb,
      definition: app.reductionAnswersConsumer(uniqueSchemaName('sep_red_answers')),
      sources: [serviceSchema(reductionDb)],
      pollIntervalMs: 20,
    });
    consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await sequencer?.stop();
    for (const dataSource of [separationDb, reductionDb]) {
      if (dataSource?.isInitialized) {
        await dataSource.query(`DROP SCHEMA "${serviceSchema(dataSource)}" CASCADE`);
        await dataSource.destroy();
      }
    }
    await database?.close();
  });

  const inSeparation = <T>(work: (m: EntityManager) => Promise<T>) => inTransaction(separationDb, work);
  const custodyOf = async (lotId: string) =>
    (await inSeparation((m) => app.processRuns.getLot(m, lotId)))?.custody;

  async function handOver(lotId: string): Promise<processV1.LotCustodyTransferred> {
    await inSeparation((m) =>
      app.processRuns.receiveLot(m, request(), {
        lotId,
        lotCode: lotId,
        kind: 'MATERIAL',
        mass: { value: '12.437', unit: 'KGM' },
        composition: { unit: 'C62', contents: [{ element: 'Tb', value: '0.844264036991' }] },
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    await inSeparation((m) => app.processRuns.handOverLot(m, request(), { lotId, toService: 'reduction' }));
    const rows = (await separationDb.query(
      `SELECT data FROM "${serviceSchema(separationDb)}".outbox WHERE key = $1 AND type = $2`,
      [lotId, 'rre.separation.lot.custody-transferred.v1'],
    )) as { data: Buffer }[];
    return fromBinary(processV1.LotCustodyTransferredSchema, rows[0].data);
  }

  it('lets an accepted oxide go, and holds a refused one again', async () => {
    const accepted = await handOver('TBO-A');
    const refused = await handOver('TBO-R');
    for (const transferred of [accepted, refused]) {
      const receipt = receiptOfHandOver(transferred, 'reduction');
      if (!receipt) throw new Error('the hand-over is addressed to reduction');
      await inTransaction(reductionDb, (m) => reduction.receiveLot(m, request(), receipt));
    }
    await inTransaction(reductionDb, (m) => reduction.acceptLot(m, request(), { lotId: 'TBO-A' }));
    await inTransaction(reductionDb, (m) =>
      reduction.refuseLot(m, request(), { lotId: 'TBO-R', reason: 'salt bath down for relining' }),
    );
    await waitFor(
      async () => (await custodyOf('TBO-A')) === 'HANDED_OVER' && (await custodyOf('TBO-R')) === 'HELD',
      "separation settled both hand-overs from reduction's answers",
    );
  });
});
