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
const schema = uniqueSchemaName('traceability_ledger');

beforeAll(async () => {
  underTest = await startTraceabilityServiceUnderTest(schema, 'rre-traceability-ledger-');
  ({ service, dataDir } = underTest);
});

afterAll(async () => {
  await underTest?.stop();
});

const graphql = (token: string | undefined, query: string) => underTest.graphql(token, query);

describe("the ledger's API on the standalone service", () => {
  it('publishes the public key to anyone (GraphQL and plain HTTP), verifies, proves and checkpoints by role', async () => {
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const token = (roles: ('auditor' | 'operator' | 'recycler')[]) =>
      mintToken(key, { subject: `usr-${roles[0]}`, organisationId: 'org-rre', roles });
    const [auditor, operator, recycler] = await Promise.all([
      token(['auditor']),
      token(['operator']),
      token(['recycler']),
    ]);

    const published = await graphql(undefined, '{ ledgerPublicKey { keyId algorithm origin publicKeyPem } }');
    expect(published.data?.['ledgerPublicKey']).toMatchObject({
      keyId: expect.stringMatching(/^ed25519:[0-9a-f]{32}$/),
      algorithm: 'Ed25519',
      origin: 'GENERATED_DEVELOPMENT_KEY',
      publicKeyPem: expect.stringContaining('-----BEGIN PUBLIC KEY-----'),
    });
    const pem = await (await fetch(`${service.url}/traceability/ledger/public-key.pem`)).text();
    expect(pem).toBe(published.data?.['ledgerPublicKey'].publicKeyPem);

    expect(
      await graphql(
        auditor,
        '{ verifyLedger { valid chains entries checkpoints chainProblems { eventId } } }',
      ),
    ).toEqual({
      data: { verifyLedger: { valid: true, chains: 0, entries: 0, checkpoints: 0, chainProblems: [] } },
    });
    expect(await graphql(auditor, '{ ledgerProof(eventId: "01NOPE") { status } }')).toEqual({
      data: { ledgerProof: null },
    });
    const unknown = await graphql(auditor, '{ ledgerProofsForLot(lotId: "L-NONE") { proven } }');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'UNKNOWN_LOT',
      field: 'lotId',
      value: 'L-NONE',
    });

    expect((await graphql(recycler, '{ verifyLedger { valid } }')).errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      (await graphql(auditor, 'mutation { createLedgerCheckpoint { sequence } }')).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await graphql(operator, 'mutation { createLedgerCheckpoint { sequence } }')).toEqual({
      data: { createLedgerCheckpoint: null },
    });
  });
});
