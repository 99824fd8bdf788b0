import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { commonV1, encodeEventData, IntakeEventTypes, Topics } from '@rre/contracts';
import { EventPublisher, LogSequencer, messagingMigrations } from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { waitFor } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { type RunningConcentrationService, startConcentrationService } from './bootstrap';
import { loadConcentrationServiceConfig } from './concentration-service-config';

jest.setTimeout(120_000);

let database: TestDatabase;
let intake: DataSource;
let sequencer: LogSequencer;
let service: RunningConcentrationService;
let dataDir: string;
const schema = uniqueSchemaName('concentration');
const intakeSchema = uniqueSchemaName('intake');

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rre-concentration-service-'));
  // Stands in for the intake service: its outbox, sequenced as the embedded event log.
  intake = await openServiceDatabase({
    url: database.url,
    service: intakeSchema,
    poolSize: 2,
    entities: [],
    migrations: messagingMigrations,
  });
  sequencer = new LogSequencer({ dataSource: intake, pollIntervalMs: 20 });
  sequencer.start();
  service = await startConcentrationService(
    loadConcentrationServiceConfig({
      PORT: '0',
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: schema,
      INTAKE_EVENTS_SCHEMA: intakeSchema,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    }),
  );
});

afterAll(async () => {
  await service?.stop();
  await sequencer?.stop();
  if (intake?.isInitialized) {
    await intake.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await intake.query(`DROP SCHEMA IF EXISTS "${intakeSchema}" CASCADE`);
    await intake.destroy();
  }
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function graphql(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

describe('the standalone concentration service', () => {
  it('answers both health checks without a token', async () => {
    expect(await (await fetch(`${service.url}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.url}/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', databases: { concentration: 'up' } });
    expect(service.eventLog).toBe('embedded outbox log');
  });

  it("holds a lot intake handed over, read from intake's outbox, and serves it to an operator", async () => {
    const lotId = '01KSTANDALONECONC000000001';
    const publisher = new EventPublisher({ service: 'intake' });
    const lot = { lotId, lotCode: 'L-2026-00901' };
    const events = [
      {
        type: IntakeEventTypes.LotRegistered,
        data: encodeEventData(IntakeEventTypes.LotRegistered, {
          lot,
          materialKind: commonV1.MaterialKind.WIND_GENERATOR_MAGNET,
          sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
          weighedNetMass: { value: '1500', unitCode: 'KGM' },
          declaredComposition: { contents: [{ element: 'Dy', massFraction: '3', unitCode: 'P1' }] },
        }),
      },
      {
        type: IntakeEventTypes.LotCustodyTransferred,
        data: encodeEventData(IntakeEventTypes.LotCustodyTransferred, {
          lot,
          transferId: 'tr-901',
          fromService: commonV1.ServiceName.INTAKE,
          toService: commonV1.ServiceName.CONCENTRATION,
          mass: { value: '1500', unitCode: 'KGM' },
        }),
      },
      {
        type: IntakeEventTypes.LotCustodyAccepted,
        data: encodeEventData(IntakeEventTypes.LotCustodyAccepted, {
          lot,
          transferId: 'tr-901',
          custodian: commonV1.ServiceName.CONCENTRATION,
          receivedMass: { value: '1499.5', unitCode: 'KGM' },
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
    const operator = await mintToken(key, {
      subject: 'usr-op-1',
      organisationId: 'org-plant',
      roles: ['operator'],
    });
    const query = `query ($id: String!) { concentrationLot(id: $id) { code custody massKg remainingKg composition { element fraction } } }`;
    await waitFor(
      async () => (await graphql(operator, query, { id: lotId })).data?.concentrationLot?.custody === 'HELD',
      'the lot held by concentration',
    );
    expect((await graphql(operator, query, { id: lotId })).data.concentrationLot).toEqual({
      code: 'L-2026-00901',
      custody: 'HELD',
      massKg: '1499.5',
      remainingKg: '1499.5',
      composition: [{ element: 'Dy', fraction: '0.03' }],
    });
    const lots = await graphql(
      operator,
      `
        {
          concentrationIntakeLots(custody: "HELD") {
            lotCode
            route
            receivedMassKg
          }
        }
      `,
    );
    expect(lots.data.concentrationIntakeLots).toEqual([
      { lotCode: 'L-2026-00901', route: 'LEACHING', receivedMassKg: '1499.5' },
    ]);
  });
});
