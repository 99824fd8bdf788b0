import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { openTestDatabase, type TestDatabase, uniqueSchemaName } from '@rre/persistence';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningTraceabilityService, startTraceabilityService } from './bootstrap';
import { loadTraceabilityServiceConfig } from './traceability-service-config';

jest.setTimeout(120_000);

let database: TestDatabase;
let service: RunningTraceabilityService;
let dataDir: string;
const schema = uniqueSchemaName('traceability');

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rre-traceability-service-'));
  service = await startTraceabilityService(
    loadTraceabilityServiceConfig({
      PORT: '0',
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: schema,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    }),
  );
});

afterAll(async () => {
  await service?.stop();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function graphql(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: { extensions?: object }[] };
}

describe('the standalone traceability service', () => {
  it('answers both health checks without a token', async () => {
    expect(await (await fetch(`${service.url}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.url}/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', databases: { traceability: 'up' } });
  });

  it('serves its subgraph: nothing read yet, an unknown lot is null, and its trace UNKNOWN_LOT', async () => {
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const auditor = await mintToken(key, {
      subject: 'usr-audit-1',
      organisationId: 'org-audit',
      roles: ['auditor'],
    });
    expect(await graphql(auditor, '{ traceabilityWatermark { heldEvents topics { topic } } }')).toEqual({
      data: { traceabilityWatermark: { heldEvents: 0, topics: [] } },
    });
    expect((await graphql(auditor, '{ traceLot(id: "L-NONE") { id } }')).data).toEqual({ traceLot: null });
    const trace = await graphql(auditor, '{ backwardTrace(lotId: "L-NONE", element: "Tb") { lotId } }');
    expect(trace.errors?.[0]?.extensions).toMatchObject({
      code: 'UNKNOWN_LOT',
      field: 'lotId',
      value: 'L-NONE',
    });
  });

  it('serves statements, footprints, forward traces and recalls: refusals name field, value and rule', async () => {
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const auditor = await mintToken(key, {
      subject: 'usr-audit-1',
      organisationId: 'org-audit',
      roles: ['auditor'],
    });
    expect((await graphql(auditor, '{ statement(id: "ST-NONE") { statementId } }')).data).toEqual({
      statement: null,
    });
    for (const query of [
      '{ recycledContentStatement(lotId: "L-NONE") { inputsSha256 } }',
      '{ statementsOfLot(lotId: "L-NONE") { statementId } }',
      '{ carbonFootprint(lotId: "L-NONE") { co2eKgPerKg } }',
      '{ forwardTrace(lotId: "L-NONE", element: "Tb") { sourceLotId } }',
      '{ recallReport(lotId: "L-NONE") { sourceLotId } }',
    ]) {
      expect((await graphql(auditor, query)).errors?.[0]?.extensions).toMatchObject({
        code: 'UNKNOWN_LOT',
        field: 'lotId',
        value: 'L-NONE',
      });
    }
    const invalid = await graphql(
      auditor,
      '{ recycledContentStatement(lotId: "L-NONE", elements: ["tb"]) { lotId } }',
    );
    expect(invalid.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'elements',
      value: '"tb"',
    });
  });
});
