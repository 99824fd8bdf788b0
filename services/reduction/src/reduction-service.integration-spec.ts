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
import { type RunningReductionService, startReductionService } from './bootstrap';
import { loadReductionServiceConfig } from './reduction-service-config';

jest.setTimeout(120_000);

let database: TestDatabase;
let separationDb: DataSource;
let sequencer: LogSequencer;
let service: RunningReductionService;
let dataDir: string;
const schema = uniqueSchemaName('reduction');
const separationSchema = uniqueSchemaName('separation');

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rre-reduction-service-'));
  // Stands in for the separation service: the run library on its schema, its outbox sequenced as the embedded log.
  separationDb = await openServiceDatabase({
    url: database.url,
    service: separationSchema,
    poolSize: 2,
    entities: [],
    migrations: [...messagingMigrations, ...processRunsMigrations],
  });
  sequencer = new LogSequencer({ dataSource: separationDb, pollIntervalMs: 20 });
  sequencer.start();
  service = await startReductionService(
    loadReductionServiceConfig({
      PORT: '0',
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: schema,
      SEPARATION_EVENTS_SCHEMA: separationSchema,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    }),
  );
});

afterAll(async () => {
  await service?.stop();
  await sequencer?.stop();
  if (separationDb?.isInitialized) {
    await separationDb.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await separationDb.query(`DROP SCHEMA IF EXISTS "${separationSchema}" CASCADE`);
    await separationDb.destroy();
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

describe('the standalone reduction service', () => {
  it('answers both health checks without a token', async () => {
    expect(await (await fetch(`${service.url}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.url}/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', databases: { reduction: 'up' } });
    expect(service.eventLog).toBe('embedded outbox log');
  });

  it("receives a Tb4O7 lot separation hands over, read from separation's outbox, and shows it over GraphQL", async () => {
    const separation = new ProcessRuns({
      service: 'separation',
      publisher: new EventPublisher({ service: 'separation' }),
      topics: { lots: Topics.SeparationLotEvents, runs: Topics.SeparationRunEvents },
    });
    const request = (): ProcessRequest => ({
      actor: { subject: 'usr-sep-op', organisationId: 'org-plant' },
      correlationId: ulid(),
      requestId: ulid(),
    });
    const lotId = `TBO-${ulid()}`;
    await inTransaction(separationDb, (m) =>
      separation.receiveLot(m, request(), {
        lotId,
        lotCode: `TB4O7-${lotId}`,
        kind: 'MATERIAL',
        mass: { value: '12.437', unit: 'KGM' },
        composition: { unit: 'C62', contents: [{ element: 'Tb', value: '0.844264' }] },
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    await inTransaction(separationDb, (m) =>
      separation.handOverLot(m, request(), { lotId, toService: 'reduction' }),
    );
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const auditor = await mintToken(key, {
      subject: 'usr-audit-1',
      organisationId: 'org-audit',
      roles: ['auditor'],
    });
    const lot = async () =>
      (
        await graphql(
          auditor,
          `
            query ($id: String!) {
              reductionLot(id: $id) {
                custody
                massKg
              }
            }
          `,
          {
            id: lotId,
          },
        )
      ).data?.reductionLot;
    await waitFor(async () => (await lot())?.custody === 'OFFERED', 'reduction received the offer', {
      timeoutMs: 30_000,
    });
    expect(await lot()).toEqual({ custody: 'OFFERED', massKg: '12.437' });
  });
});
