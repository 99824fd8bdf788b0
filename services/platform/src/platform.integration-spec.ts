import { seedPgliteDataDir } from '@rre/persistence';
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPlatform, RunningPlatform } from './bootstrap';
import { loadPlatformConfig } from './platform-config';
import { scratchDatabase, type ScratchDatabase } from './test-support/scratch-database';

const onPglite = process.env.TEST_DATABASE === 'pglite';
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';

async function graphql(
  platform: RunningPlatform,
  query: string,
  token?: string,
): Promise<{ data?: any; errors?: any[]; status: number }> {
  const response = await fetch(`${platform.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { ...((await response.json()) as { data?: any; errors?: any[] }), status: response.status };
}

describe(`platform on ${onPglite ? 'embedded PGlite' : 'PostgreSQL'}`, () => {
  let dataDir: string;
  // PostgreSQL: a database of its own, so that the platform's fixed schemas are not shared with
  // other tests running on rre_test at the same time.
  let database: ScratchDatabase | undefined;
  const env = () =>
    database === undefined
      ? { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
      : // DATA_DIR still holds the embedded signing key (DATA_DIR/keys) on PostgreSQL.
        { PORT: '0', DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-platform-'));
    if (onPglite) await seedPgliteDataDir(dataDir); // an empty cluster: skips PGlite's initdb
    if (!onPglite) database = await scratchDatabase(serverUrl);
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the platform query and both health checks, and keeps its data across a restart', async () => {
    const first = await startPlatform(loadPlatformConfig(env()));
    let startsBefore: number;
    try {
      const { data, errors } = await graphql(
        first,
        '{ platform { version mode dataLocation startedAt eventLog starts services { name schema migrations } } }',
      );
      expect(errors).toBeUndefined();
      expect(data.platform.version).toBe('0.1.0');
      expect(data.platform.mode).toBe(onPglite ? 'EMBEDDED' : 'SERVER');
      expect(data.platform.dataLocation).toBe(onPglite ? dataDir : database?.url);
      expect(new Date(data.platform.startedAt).toISOString()).toBe(data.platform.startedAt);
      expect(data.platform.eventLog).toBe('embedded outbox log');
      expect(data.platform.services).toEqual([
        { name: 'platform', schema: 'platform', migrations: ['CreatePlatformStart1764300000000'] },
        {
          name: 'intake',
          schema: 'intake',
          migrations: [
            'CreateMessagingTables1764400000000',
            'CreateIntakeTables1764500000000',
            'CreateManifestTables1764500000001',
            'CreateLotDocument1764500000002',
            'AddLotExternalRef1764500000003',
            'AddDecisionWithdrawal1764500000004',
          ],
        },
        {
          name: 'concentration',
          schema: 'concentration',
          // messaging's, the run library's (@rre/process-runs) and concentration's own, in timestamp order
          migrations: [
            'CreateMessagingTables1764400000000',
            'CreateProcessMeasurementTables1764510000050',
            'CreateMesNotificationTables1764510000060',
            'CreateProcessRunTables1764600000000',
            'CreateProcessLotCorrection1764600000001',
            'CreateConcentrationTables1764800000000',
            'AddIntakeLotSupplier1764800000001',
          ],
        },
        {
          name: 'separation',
          schema: 'separation',
          migrations: [
            'CreateMessagingTables1764400000000',
            'CreateProcessMeasurementTables1764510000050',
            'CreateMesNotificationTables1764510000060',
            'CreateProcessRunTables1764600000000',
            'CreateProcessLotCorrection1764600000001',
            'CreateSeparationTables1764900000000',
          ],
        },
        {
          name: 'reduction',
          schema: 'reduction',
          migrations: [
            'CreateMessagingTables1764400000000',
            'CreateProcessMeasurementTables1764510000050',
            'CreateMesNotificationTables1764510000060',
            'CreateProcessRunTables1764600000000',
            'CreateProcessLotCorrection1764600000001',
            'CreateReductionTables1765100000000',
          ],
        },
        {
          name: 'sales',
          schema: 'sales',
          migrations: [
            'CreateMessagingTables1764400000000',
            'CreateProcessMeasurementTables1764510000050',
            'CreateMesNotificationTables1764510000060',
            'CreateProcessRunTables1764600000000',
            'CreateProcessLotCorrection1764600000001',
            'CreateSalesTables1765300000000',
            'KeepPassportsTenYears1765600000001',
            'CorrectSeededGtins1765600000002',
            'RecordPassportRestatements1766000000001',
          ],
        },
        {
          name: 'traceability',
          schema: 'traceability',
          migrations: [
            'CreateMessagingTables1764400000000',
            'CreatePredecessorGateTables1764400000100',
            'CreateTraceabilityTables1765200000000',
            'CreateStatementTables1765300000000',
            'CreateLedgerTables1765400000000',
            'CreateRunBalanceTables1765500000000',
            'AddRecordedTimeToTraceability1765600000000',
            'CreateMassBalanceCreditTables1765800000000',
            'RecordFactsAtPlatformTime1766000000000',
            'CreatePendingStatementTable1766100000000',
            'IndexProducedLots1766200000000',
            'LetBulkRebuildWriteFactHistory1766300000000',
          ],
        },
        { name: 'people', schema: 'people', migrations: ['CreatePeopleTables1765000000000'] },
      ]);
      startsBefore = data.platform.starts;
      if (onPglite) expect(startsBefore).toBe(1);

      const live = await fetch(`${first.url}/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${first.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ok',
        databases: {
          platform: 'up',
          intake: 'up',
          concentration: 'up',
          separation: 'up',
          reduction: 'up',
          sales: 'up',
          traceability: 'up',
          people: 'up',
        },
      });
    } finally {
      await first.stop();
    }

    const second = await startPlatform(loadPlatformConfig(env()));
    try {
      const { data } = await graphql(second, '{ platform { starts } }');
      expect(data.platform.starts).toBe(startsBefore + 1);
    } finally {
      await second.stop();
    }
  });

  it('refuses a query for a field that does not exist, without a stack trace', async () => {
    const platform = await startPlatform(loadPlatformConfig(env()));
    try {
      const { errors } = await graphql(platform, '{ platform { nonsense } }');
      expect(errors?.[0].message).toBe('Cannot query field "nonsense" on type "Platform".');
      expect(JSON.stringify(errors)).not.toContain('stacktrace');
    } finally {
      await platform.stop();
    }
  });

  it('verifies tokens against its embedded key, and refuses forged tokens and over-deep queries', async () => {
    const platform = await startPlatform(loadPlatformConfig(env()));
    try {
      // The key the token CLI uses: DATA_DIR/keys.
      const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
      const token = await mintToken(key, { subject: 'u-1', organisationId: 'org-a', roles: ['recycler'] });
      expect(await graphql(platform, '{ platform { mode } }', token)).toMatchObject({
        status: 200,
        data: { platform: { mode: onPglite ? 'EMBEDDED' : 'SERVER' } },
      });

      const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(86)}`;
      const refused = await graphql(platform, '{ platform { mode } }', forged);
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0].extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'invalid_signature',
      });

      const deep = `{ platform { services { ${'a { '.repeat(28)}b${' }'.repeat(28)} } } }`;
      const tooDeep = await graphql(platform, deep);
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.errors?.map((e) => e.extensions.code)).toContain('QUERY_TOO_DEEP');

      // Health checks stay open: probes carry no token.
      expect((await fetch(`${platform.url}/health/live`)).status).toBe(200);
    } finally {
      await platform.stop();
    }
  });
});
