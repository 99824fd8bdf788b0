import { Topics } from '@rre/contracts';
import { EmbeddedEventConsumer, EventPublisher, LogSequencer, messagingMigrations } from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  serviceSchema,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { type ProcessRequest, ProcessRuns, processRunsMigrations } from '@rre/process-runs';
import { waitFor } from '@rre/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { ulid } from 'ulid';
import { reductionMigrations } from '../persistence/reduction-persistence';
import { ReductionApplication } from '../reduction-application';
import { DEFAULT_REDUCTION_SETTINGS } from '../reduction-config';

jest.setTimeout(120_000);

const request = (): ProcessRequest => ({
  actor: { subject: 'usr-op-5', organisationId: 'org-plant' },
  correlationId: ulid(),
  requestId: ulid(),
});

describe(`oxide lots handed over by separation (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  let database: TestDatabase;
  let reductionDb: DataSource;
  let separationDb: DataSource;
  let reduction: ReductionApplication;
  let separation: ProcessRuns;
  let sequencer: LogSequencer;
  let consumer: EmbeddedEventConsumer;

  beforeAll(async () => {
    database = await openTestDatabase();
    reductionDb = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('red_ho'),
      poolSize: 4,
      entities: [],
      migrations: reductionMigrations,
    });
    separationDb = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('sep_red_ho'),
      poolSize: 4,
      entities: [],
      migrations: [...messagingMigrations, ...processRunsMigrations],
    });
    reduction = new ReductionApplication({ dataSource: reductionDb, settings: DEFAULT_REDUCTION_SETTINGS });
    // Separation as the run library runs it: its own schema, outbox and topics.
    separation = new ProcessRuns({
      service: 'separation',
      publisher: new EventPublisher({ service: 'separation' }),
      topics: { lots: Topics.SeparationLotEvents, runs: Topics.SeparationRunEvents },
    });
    sequencer = new LogSequencer({ dataSource: separationDb, pollIntervalMs: 20 });
    sequencer.start();
    consumer = new EmbeddedEventConsumer({
      dataSource: reductionDb,
      definition: reduction.separationHandOversConsumer(uniqueSchemaName('red_sep_hand_overs')),
      sources: [serviceSchema(separationDb)],
      pollIntervalMs: 20,
    });
    consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await sequencer?.stop();
    for (const dataSource of [reductionDb, separationDb]) {
      if (dataSource?.isInitialized) {
        await dataSource.query(`DROP SCHEMA "${serviceSchema(dataSource)}" CASCADE`);
        await dataSource.destroy();
      }
    }
    await database?.close();
  });

  const inReduction = <T>(work: (m: EntityManager) => Promise<T>) => inTransaction(reductionDb, work);
  const inSeparation = <T>(work: (m: EntityManager) => Promise<T>) => inTransaction(separationDb, work);

  async function offer(lotId: string, toService: string): Promise<void> {
    await inSeparation((m) =>
      separation.receiveLot(m, request(), {
        lotId,
        lotCode: `TB4O7-${lotId}`,
        kind: 'MATERIAL',
        mass: { value: '2.2', unit: 'KGM' },
        composition: {
          unit: 'C62',
          contents: [
            { element: 'Tb', value: '0.85', uncertainty: '0.002' },
            { element: 'O', value: '0.15' },
          ],
        },
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    await inSeparation((m) => separation.handOverLot(m, request(), { lotId, toService }));
  }

  it('an oxide lot separation hands to reduction is offered to reduction with its mass and composition, and accepted', async () => {
    const lotId = `TBO-${ulid()}`;
    await offer(lotId, 'reduction');
    await waitFor(
      async () => (await inReduction((m) => reduction.processRuns.getLot(m, lotId)))?.custody === 'OFFERED',
      'reduction received the offer',
      { timeoutMs: 30_000 },
    );
    const offered = await inReduction((m) => reduction.processRuns.getLot(m, lotId));
    expect(offered).toMatchObject({
      custody: 'OFFERED',
      massKg: '2.2',
      receivedFromService: 'separation',
      composition: { Tb: { fraction: '0.85', uncertainty: '0.002' }, O: { fraction: '0.15' } },
    });
    await inReduction((m) => reduction.processRuns.acceptLot(m, request(), { lotId }));
    const held = await inReduction((m) => reduction.processRuns.getLot(m, lotId));
    expect([held?.custody, held?.remainingKg]).toEqual(['HELD', '2.2']);
    // Reduction's answer, for separation's consumer of reduction's lot events.
    const answers = (await reductionDb.query(
      `SELECT type FROM "${serviceSchema(reductionDb)}".outbox WHERE key = $1 ORDER BY id`,
      [lotId],
    )) as { type: string }[];
    expect(answers.map((a) => a.type)).toEqual([
      'rre.reduction.lot.received.v1',
      'rre.reduction.lot.custody-accepted.v1',
    ]);
  });

  it('an offer to another service is none of reduction', async () => {
    const lotId = `DYO-${ulid()}`;
    await offer(lotId, 'sales');
    const marker = `TBO-${ulid()}`;
    await offer(marker, 'reduction');
    // Events of one source are read in order: once the later offer arrived, the earlier one was seen.
    await waitFor(
      async () => (await inReduction((m) => reduction.processRuns.getLot(m, marker))) !== undefined,
      'reduction received the later offer',
      { timeoutMs: 30_000 },
    );
    expect(await inReduction((m) => reduction.processRuns.getLot(m, lotId))).toBeUndefined();
  });
});
