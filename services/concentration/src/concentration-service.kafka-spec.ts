import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { commonV1, encodeEventData, IntakeEventTypes, Topics } from '@rre/contracts';
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
import { kafkaBrokers, waitFor } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { type RunningConcentrationService, startConcentrationService } from './bootstrap';
import { loadConcentrationServiceConfig } from './concentration-service-config';

jest.setTimeout(180_000);

const silent = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

// Distributed mode: intake's lot events reach the standalone service through Kafka.
describe('the standalone concentration service on Kafka', () => {
  let database: TestDatabase;
  let intake: DataSource;
  let relay: RunningOutboxPublishing;
  let service: RunningConcentrationService;
  let dataDir: string;
  const schema = uniqueSchemaName('concentration');
  const intakeSchema = uniqueSchemaName('intake');

  beforeAll(async () => {
    database = await openTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-concentration-kafka-'));
    intake = await openServiceDatabase({
      url: database.url,
      service: intakeSchema,
      poolSize: 2,
      entities: [],
      migrations: messagingMigrations,
    });
    // Stands in for the intake service: its outbox relayed to rre.intake.lot-events.v1.
    relay = await startOutboxPublishing([{ dataSource: intake, topics: [Topics.IntakeLotEvents] }], {
      brokers: kafkaBrokers(),
      partitions: 3,
      replicationFactor: 1,
      logger: silent,
      clientId: 'test-intake',
    });
    service = await startConcentrationService(
      loadConcentrationServiceConfig({
        PORT: '0',
        DATABASE_URL: database.url,
        DATABASE_SCHEMA: schema,
        DATA_DIR: dataDir,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        LOG_LEVEL: 'silent',
      }),
    );
  });

  afterAll(async () => {
    await service?.stop();
    await relay?.stop();
    if (intake?.isInitialized) {
      await intake.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await intake.query(`DROP SCHEMA IF EXISTS "${intakeSchema}" CASCADE`);
      await intake.destroy();
    }
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds a lot whose acceptance it consumed from Kafka, with the received mass', async () => {
    expect(service.eventLog).toBe(`kafka ${kafkaBrokers().join(',')}`);
    const lotId = ulid();
    const lot = { lotId, lotCode: 'L-2026-00950' };
    const publisher = new EventPublisher({ service: 'intake' });
    const events = [
      {
        type: IntakeEventTypes.LotRegistered,
        data: encodeEventData(IntakeEventTypes.LotRegistered, {
          lot,
          materialKind: commonV1.MaterialKind.TAILINGS,
          sourceCategory: commonV1.SourceCategory.PRIMARY,
          weighedNetMass: { value: '12', unitCode: 'TNE' },
          declaredComposition: { contents: [{ element: 'Dy', massFraction: '300', unitCode: '59' }] },
        }),
      },
      {
        type: IntakeEventTypes.LotCustodyTransferred,
        data: encodeEventData(IntakeEventTypes.LotCustodyTransferred, {
          lot,
          transferId: 'tr-950',
          fromService: commonV1.ServiceName.INTAKE,
          toService: commonV1.ServiceName.CONCENTRATION,
          mass: { value: '12', unitCode: 'TNE' },
        }),
      },
      {
        type: IntakeEventTypes.LotCustodyAccepted,
        data: encodeEventData(IntakeEventTypes.LotCustodyAccepted, {
          lot,
          transferId: 'tr-950',
          custodian: commonV1.ServiceName.CONCENTRATION,
        }),
      },
    ];
    for (const event of events) {
      await inTransaction(intake, (manager) =>
        publisher.publish(manager, {
          topic: Topics.IntakeLotEvents,
          type: event.type,
          subject: lotId,
          data: event.data,
        }),
      );
    }
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const auditor = await mintToken(key, {
      subject: 'usr-audit-1',
      organisationId: 'org-audit',
      roles: ['auditor'],
    });
    const query = `query ($id: String!) { concentrationLot(id: $id) { custody massKg composition { element fraction } } }`;
    const lotNow = async () => {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor}` },
        body: JSON.stringify({ query, variables: { id: lotId } }),
      });
      return ((await response.json()) as { data?: { concentrationLot?: unknown } }).data?.concentrationLot;
    };
    await waitFor(async () => (await lotNow()) !== null && (await lotNow()) !== undefined, 'the lot held', {
      timeoutMs: 90_000,
    });
    // 12 t offered and accepted as it was: 12,000 kg; 300 ppm Dy = 0.0003.
    expect(await lotNow()).toEqual({
      custody: 'HELD',
      massKg: '12000',
      composition: [{ element: 'Dy', fraction: '0.0003' }],
    });
  });
});
