import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { Topics } from '@rre/contracts';
import { EventPublisher, LogSequencer, messagingMigrations } from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { type ProcessRequest, ProcessRuns, processRunsMigrations } from '@rre/process-runs';
import { waitFor } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { type RunningSeparationService, startSeparationService } from './bootstrap';
import { loadSeparationServiceConfig } from './separation-service-config';

jest.setTimeout(120_000);

let database: TestDatabase;
let concentration: DataSource;
let sequencer: LogSequencer;
let service: RunningSeparationService;
let dataDir: string;
const schema = uniqueSchemaName('separation');
const concentrationSchema = uniqueSchemaName('concentration');

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rre-separation-service-'));
  // Stands in for the concentration service: the run library in its schema, its outbox sequenced as the embedded event log.
  concentration = await openServiceDatabase({
    url: database.url,
    service: concentrationSchema,
    poolSize: 2,
    entities: [],
    migrations: [...messagingMigrations, ...processRunsMigrations],
  });
  sequencer = new LogSequencer({ dataSource: concentration, pollIntervalMs: 20 });
  sequencer.start();
  service = await startSeparationService(
    loadSeparationServiceConfig({
      PORT: '0',
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: schema,
      CONCENTRATION_EVENTS_SCHEMA: concentrationSchema,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    }),
  );
});

afterAll(async () => {
  await service?.stop();
  await sequencer?.stop();
  if (concentration?.isInitialized) {
    await concentration.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await concentration.query(`DROP SCHEMA IF EXISTS "${concentrationSchema}" CASCADE`);
    await concentration.destroy();
  }
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the standalone separation service', () => {
  it('answers both health checks without a token', async () => {
    expect(await (await fetch(`${service.url}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.url}/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', databases: { separation: 'up' } });
    expect(service.eventLog).toBe('embedded outbox log');
  });

  it("receives a concentrate concentration offered, read from concentration's outbox, for an operator to accept", async () => {
    const runs = new ProcessRuns({
      service: 'concentration',
      publisher: new EventPublisher({ service: 'concentration' }),
      topics: { lots: Topics.ConcentrationLotEvents, runs: Topics.ConcentrationRunEvents },
    });
    const request = (): ProcessRequest => ({
      actor: { subject: 'usr-op-1', organisationId: 'org-plant' },
      correlationId: ulid(),
      requestId: ulid(),
    });
    const lotId = ulid();
    await inTransaction(concentration, (m) =>
      runs.receiveLot(m, request(), {
        lotId,
        lotCode: 'HRE-2026-0901',
        kind: 'MATERIAL',
        mass: { value: '200', unit: 'KGM' },
        composition: { unit: 'C62', contents: [{ element: 'Dy', value: '0.047525', uncertainty: '0.0005' }] },
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    await inTransaction(concentration, (m) =>
      runs.handOverLot(m, request(), { lotId, toService: 'separation' }),
    );

    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const operator = await mintToken(key, {
      subject: 'usr-op-1',
      organisationId: 'org-plant',
      roles: ['operator'],
    });
    const graphql = async (query: string, variables: Record<string, unknown>) =>
      (await (
        await fetch(`${service.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as { data?: any; errors?: unknown[] };
    const lot = `query ($id: String!) { separationLot(id: $id) { code custody massKg composition { element fraction uncertainty } } }`;
    await waitFor(
      async () => (await graphql(lot, { id: lotId })).data?.separationLot?.custody === 'OFFERED',
      'the offer received by separation',
    );
    const accepted = await graphql(
      `
        mutation ($input: SeparationAcceptLotInput!) {
          separationAcceptLot(input: $input) {
            lots {
              custody
            }
          }
        }
      `,
      { input: { lotId } },
    );
    expect(accepted.data.separationAcceptLot.lots).toEqual([{ custody: 'HELD' }]);
    expect((await graphql(lot, { id: lotId })).data.separationLot).toEqual({
      code: 'HRE-2026-0901',
      custody: 'HELD',
      massKg: '200',
      composition: [{ element: 'Dy', fraction: '0.047525', uncertainty: '0.0005' }],
    });

    // The lab's final assay, recorded at concentration after the hand-over, still reaches separation.
    await inTransaction(concentration, (m) =>
      runs.recordLotAssay(m, request(), {
        lotId,
        assayId: 'A-HRE-0901-final',
        status: 'FINAL',
        composition: { unit: 'C62', contents: [{ element: 'Dy', value: '0.0476', uncertainty: '0.0002' }] },
      }),
    );
    await waitFor(
      async () =>
        (await graphql(lot, { id: lotId })).data?.separationLot?.composition?.[0]?.fraction === '0.0476',
      'the final assay reached separation',
    );
  });
});
