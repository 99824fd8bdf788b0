import { fromBinary } from '@bufbuild/protobuf';
import { processV1 } from '@rre/contracts';
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
import { ConcentrationApplication } from '../concentration-application';
import { DEFAULT_CONCENTRATION_SETTINGS } from '../concentration-config';
import { concentrationMigrations } from '../persistence/concentration-persistence';
import { SEPARATION_LOT_EVENTS_TOPIC } from './separation-answers.consumer';

jest.setTimeout(120_000);

const request = (): ProcessRequest => ({
  actor: { subject: 'usr-op-3', organisationId: 'org-plant' },
  correlationId: ulid(),
  requestId: ulid(),
});

describe(`hand-over of concentrate to separation, settled from separation's answers (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  let database: TestDatabase;
  let concentration: DataSource;
  let separationDb: DataSource;
  let app: ConcentrationApplication;
  let separation: ProcessRuns;
  let sequencer: LogSequencer;
  let consumer: EmbeddedEventConsumer;

  beforeAll(async () => {
    database = await openTestDatabase();
    concentration = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('conc_ho'),
      poolSize: 4,
      entities: [],
      migrations: concentrationMigrations,
    });
    separationDb = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('sep_ho'),
      poolSize: 4,
      entities: [],
      migrations: [...messagingMigrations, ...processRunsMigrations],
    });
    app = new ConcentrationApplication({
      dataSource: concentration,
      settings: DEFAULT_CONCENTRATION_SETTINGS,
    });
    // Separation as the run library runs it: its own schema, outbox and topics.
    separation = new ProcessRuns({
      service: 'separation',
      publisher: new EventPublisher({ service: 'separation' }),
      topics: { lots: SEPARATION_LOT_EVENTS_TOPIC, runs: 'rre.separation.run-events.v1' },
    });
    sequencer = new LogSequencer({ dataSource: separationDb, pollIntervalMs: 20 });
    sequencer.start();
    consumer = new EmbeddedEventConsumer({
      dataSource: concentration,
      definition: app.separationAnswersConsumer(uniqueSchemaName('conc_sep_answers')),
      sources: [serviceSchema(separationDb)],
      pollIntervalMs: 20,
    });
    consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await sequencer?.stop();
    for (const dataSource of [concentration, separationDb]) {
      if (dataSource?.isInitialized) {
        await dataSource.query(`DROP SCHEMA "${serviceSchema(dataSource)}" CASCADE`);
        await dataSource.destroy();
      }
    }
    await database?.close();
  });

  const inConcentration = <T>(work: (m: EntityManager) => Promise<T>) => inTransaction(concentration, work);
  const inSeparation = <T>(work: (m: EntityManager) => Promise<T>) => inTransaction(separationDb, work);

  async function handOver(lotId: string): Promise<processV1.LotCustodyTransferred> {
    await inConcentration((m) =>
      app.processRuns.receiveLot(m, request(), {
        lotId,
        lotCode: `HRE-${lotId}`,
        kind: 'MATERIAL',
        mass: { value: '200', unit: 'KGM' },
        composition: { unit: 'C62', contents: [{ element: 'Dy', value: '0.047525' }] },
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    await inConcentration((m) =>
      app.processRuns.handOverLot(m, request(), { lotId, toService: 'separation' }),
    );
    const rows = (await concentration.query(
      `SELECT data FROM "${serviceSchema(concentration)}".outbox WHERE key = $1 AND type = $2`,
      [lotId, 'rre.concentration.lot.custody-transferred.v1'],
    )) as { data: Buffer }[];
    return fromBinary(processV1.LotCustodyTransferredSchema, rows[0].data);
  }

  const custodyOf = async (lotId: string) =>
    (await inConcentration((m) => app.processRuns.getLot(m, lotId)))?.custody;

  it('lets an accepted concentrate go, and holds a refused one again', async () => {
    const accepted = await handOver('HRE-A');
    const refused = await handOver('HRE-R');
    expect([await custodyOf('HRE-A'), await custodyOf('HRE-R')]).toEqual(['OFFERED_OUT', 'OFFERED_OUT']);

    for (const transferred of [accepted, refused]) {
      const receipt = receiptOfHandOver(transferred, 'separation');
      if (!receipt) throw new Error('the hand-over is addressed to separation');
      await inSeparation((m) => separation.receiveLot(m, request(), receipt));
    }
    await inSeparation((m) => separation.acceptLot(m, request(), { lotId: 'HRE-A' }));
    await inSeparation((m) =>
      separation.refuseLot(m, request(), { lotId: 'HRE-R', reason: 'SX feed tank full until Monday' }),
    );

    await waitFor(
      async () => (await custodyOf('HRE-A')) === 'HANDED_OVER' && (await custodyOf('HRE-R')) === 'HELD',
      "concentration settled both hand-overs from separation's answers",
    );
    const settled = (await concentration.query(
      `SELECT key, type FROM "${serviceSchema(concentration)}".outbox WHERE type = $1 ORDER BY id`,
      ['rre.concentration.lot.hand-over-settled.v1'],
    )) as { key: string }[];
    expect(settled.map((row) => row.key)).toEqual(['HRE-A', 'HRE-R']);
    expect((await inConcentration((m) => app.processRuns.getLot(m, 'HRE-R')))?.remainingKg).toBe('200');
  });
});
