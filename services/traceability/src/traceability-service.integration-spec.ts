import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { uniqueSchemaName } from '@rre/persistence';
import path from 'node:path';
import type { RunningTraceabilityService } from './bootstrap';
import {
  startTraceabilityServiceUnderTest,
  type TraceabilityServiceUnderTest,
} from './test-support/traceability-service-under-test';

jest.setTimeout(120_000);

let underTest: TraceabilityServiceUnderTest;
let service: RunningTraceabilityService;
let dataDir: string;
const schema = uniqueSchemaName('traceability');

beforeAll(async () => {
  underTest = await startTraceabilityServiceUnderTest(schema, 'rre-traceability-service-');
  ({ service, dataDir } = underTest);
});

afterAll(async () => {
  await underTest?.stop();
});

const graphql = (token: string, query: string, variables?: Record<string, unknown>) =>
  underTest.graphql(token, query, variables);

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
