import { commonV1, IntakeEventTypes } from '@rre/contracts';
import { EmbeddedEventConsumer, rewindEmbeddedConsumer } from '@rre/messaging';
import {
  openServiceDatabase,
  openTestDatabase,
  serviceSchema,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { waitFor } from '@rre/testing';
import type { DataSource } from 'typeorm';
import { ConcentrationApplication } from '../concentration-application';
import { DEFAULT_CONCENTRATION_SETTINGS } from '../concentration-config';
import { concentrationMigrations } from '../persistence/concentration-persistence';
import { ReceivedLotStore } from '../persistence/received-lot.store';
import { IntakeEventSource } from '../test-support/intake-event-source';

jest.setTimeout(120_000);

describe(`intake's lot events into concentration (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  let database: TestDatabase;
  let intake: IntakeEventSource;
  let concentration: DataSource;
  let application: ConcentrationApplication;
  let consumer: EmbeddedEventConsumer;
  const store = new ReceivedLotStore();
  const consumerName = uniqueSchemaName('conc_intake_lots');
  const publish: IntakeEventSource['publish'] = (lotId, type, message) =>
    intake.publish(lotId, type, message);

  const lotOf = (lotId: string) => concentration.transaction((manager) => store.get(manager, lotId));
  const heldLot = (lotId: string) =>
    concentration.transaction((manager) => application.processRuns.getLot(manager, lotId));
  const lotEventTypes = async () =>
    (
      (await concentration.query(
        `SELECT key, type FROM "${serviceSchema(concentration)}".outbox ORDER BY id`,
      )) as { key: string; type: string }[]
    ).map((row) => `${row.key} ${row.type}`);
  const offset = async () =>
    (
      (await concentration.query(
        `SELECT position FROM "${serviceSchema(concentration)}".consumer_offset WHERE consumer = $1`,
        [consumerName],
      )) as { position: string }[]
    )[0]?.position;
  const outboxSize = async () =>
    String(
      (
        (await intake.dataSource.query(`SELECT count(*) AS n FROM "${intake.schema}".outbox`)) as {
          n: string;
        }[]
      )[0].n,
    );

  beforeAll(async () => {
    database = await openTestDatabase();
    intake = await IntakeEventSource.open(database.url);
    concentration = await openServiceDatabase({
      url: database.url,
      service: uniqueSchemaName('conc'),
      poolSize: 4,
      entities: [],
      migrations: concentrationMigrations,
    });
    application = new ConcentrationApplication({
      dataSource: concentration,
      settings: DEFAULT_CONCENTRATION_SETTINGS,
    });
  });

  afterAll(async () => {
    await consumer?.stop();
    await intake?.close();
    if (concentration?.isInitialized) {
      await concentration.query(`DROP SCHEMA "${serviceSchema(concentration)}" CASCADE`);
      await concentration.destroy();
    }
    await database?.close();
  });

  function startConsumer() {
    consumer = new EmbeddedEventConsumer({
      dataSource: concentration,
      definition: application.intakeLotEventsConsumer(consumerName),
      sources: [intake.schema],
      pollIntervalMs: 20,
    });
    consumer.start();
  }

  it('copies a lot, holds it on acceptance with the received mass, follows a late assay, a refusal and a correction', async () => {
    const magnet = '01KCONCMAGNET0000000000001';
    const ore = '01KCONCORE000000000000000002';
    await publish(magnet, IntakeEventTypes.LotRegistered, {
      lot: { lotId: magnet, lotCode: 'L-2026-00101' },
      supplier: { organisationId: 'org-recycler-a' },
      materialKind: commonV1.MaterialKind.EV_MOTOR_MAGNET,
      sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
      weighedNetMass: { value: '1.0005', unitCode: 'TNE' },
      declaredComposition: {
        contents: [
          { element: 'Dy', massFraction: '5', unitCode: 'P1', uncertainty: '0.2' },
          { element: 'Nd', massFraction: '25', unitCode: 'P1' },
        ],
      },
    });
    await publish(ore, IntakeEventTypes.LotRegistered, {
      lot: { lotId: ore, lotCode: 'L-2026-00102' },
      materialKind: commonV1.MaterialKind.LOW_GRADE_ORE,
      sourceCategory: commonV1.SourceCategory.PRIMARY,
      weighedNetMass: { value: '20', unitCode: 'TNE' },
    });
    await publish(magnet, IntakeEventTypes.LotAssayed, {
      lot: { lotId: magnet, lotCode: 'L-2026-00101' },
      assayId: 'assay-1',
      isCurrent: true,
      composition: {
        contents: [
          { element: 'Dy', massFraction: '48000', unitCode: '59' },
          { element: 'Tb', massFraction: '0.006', unitCode: 'C62' },
        ],
      },
    });
    await publish(magnet, IntakeEventTypes.LotCustodyTransferred, {
      lot: { lotId: magnet, lotCode: 'L-2026-00101' },
      transferId: 'tr-1',
      fromService: commonV1.ServiceName.INTAKE,
      toService: commonV1.ServiceName.CONCENTRATION,
      mass: { value: '1000.5', unitCode: 'KGM' },
    });
    await publish(ore, IntakeEventTypes.LotCustodyTransferred, {
      lot: { lotId: ore, lotCode: 'L-2026-00102' },
      transferId: 'tr-2',
      fromService: commonV1.ServiceName.INTAKE,
      toService: commonV1.ServiceName.CONCENTRATION,
      mass: { value: '20000', unitCode: 'KGM' },
    });
    await publish(magnet, IntakeEventTypes.LotCustodyAccepted, {
      lot: { lotId: magnet, lotCode: 'L-2026-00101' },
      transferId: 'tr-1',
      custodian: commonV1.ServiceName.CONCENTRATION,
      receivedMass: { value: '1000', unitCode: 'KGM' },
    });
    await publish(ore, IntakeEventTypes.LotCustodyRefused, {
      lot: { lotId: ore, lotCode: 'L-2026-00102' },
      transferId: 'tr-2',
      refusedBy: commonV1.ServiceName.CONCENTRATION,
      reason: 'column C-2 down for maintenance',
    });
    // An assay after the hand-over still reaches concentration, and a correction flags the lot.
    await publish(magnet, IntakeEventTypes.LotAssayed, {
      lot: { lotId: magnet, lotCode: 'L-2026-00101' },
      assayId: 'assay-2',
      isCurrent: true,
      composition: { contents: [{ element: 'Dy', massFraction: '4.9', unitCode: 'P1' }] },
    });
    await publish(magnet, IntakeEventTypes.LotCorrected, {
      lot: { lotId: magnet, lotCode: 'L-2026-00101' },
      correctsEventId: 'ev-1',
      correctsEventType: IntakeEventTypes.LotRegistered,
      field: 'country_of_origin',
      oldValue: 'DE',
      newValue: 'AT',
      reason: 'typo on the papers',
    });
    startConsumer();
    await waitFor(async () => (await offset()) === (await outboxSize()), 'the consumer read all 9 events');

    const held = await lotOf(magnet);
    expect(held).toMatchObject({
      lotCode: 'L-2026-00101',
      supplierOrganisationId: 'org-recycler-a',
      materialKind: 'EV_MOTOR_MAGNET',
      sourceCategory: 'POST_CONSUMER',
      route: 'LEACHING',
      weighedNetMassKg: '1000.5',
      declaredComposition: {
        unit: 'C62',
        contents: [
          { element: 'Dy', value: '0.05', uncertainty: '0.002' },
          { element: 'Nd', value: '0.25' },
        ],
      },
      currentAssayId: 'assay-2',
      currentComposition: { unit: 'C62', contents: [{ element: 'Dy', value: '0.049' }] },
      custody: 'HELD',
      transferId: 'tr-1',
      offeredMassKg: '1000.5',
      receivedMassKg: '1000',
    });
    expect(held?.corrections).toEqual([
      expect.objectContaining({ field: 'country_of_origin', oldValue: 'DE', newValue: 'AT' }),
    ]);
    expect(await lotOf(ore)).toMatchObject({
      route: 'ADSORPTION',
      custody: 'REFUSED',
      offeredMassKg: '20000',
    });
    // Held by the run library with the received mass and the assay current at acceptance, then the later one.
    expect(await heldLot(magnet)).toMatchObject({
      code: 'L-2026-00101',
      kind: 'MATERIAL',
      custody: 'HELD',
      massKg: '1000',
      remainingKg: '1000',
      currentAssayId: 'assay-2',
      composition: { Dy: { fraction: '0.049' } },
      materialKind: 'EV_MOTOR_MAGNET',
      sourceCategory: 'POST_CONSUMER',
      receivedFromService: 'intake',
      receivedTransferId: 'tr-1',
    });
    expect(await heldLot(ore)).toBeUndefined();
    const events = await lotEventTypes();
    expect(events).toEqual([
      `${magnet} rre.concentration.lot.received.v1`,
      `${magnet} rre.concentration.lot.assay-recorded.v1`,
    ]);

    // Read again from the start: the inbox drops every redelivery.
    await consumer.stop();
    await rewindEmbeddedConsumer(concentration, consumerName, intake.schema, 0);
    startConsumer();
    await waitFor(
      async () => (await offset()) === (await outboxSize()),
      'the rewound consumer read all 9 events again',
    );
    expect(await lotEventTypes()).toEqual(events);
    expect((await heldLot(magnet))?.massKg).toBe('1000');
    expect((await lotOf(magnet))?.corrections).toHaveLength(1);
  });
});
