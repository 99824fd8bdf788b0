import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningPlatform, startPlatform } from './bootstrap';
import { loadPlatformConfig } from './platform-config';

jest.setTimeout(120_000);

const onPglite = process.env.TEST_DATABASE === 'pglite';
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';

// The platform's /graphql is a gateway over in-process subgraphs; their HTTP routes share its port.
describe(`the platform's gateway and subgraph routes (${onPglite ? 'embedded PGlite' : 'PostgreSQL'})`, () => {
  let dataDir: string;
  let platform: RunningPlatform;
  let token: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-platform-graphql-'));
    platform = await startPlatform(
      loadPlatformConfig(
        onPglite
          ? { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
          : { PORT: '0', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      ),
    );
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    token = await mintToken(key, {
      subject: 'usr-rec-9',
      organisationId: 'org-recycler-9',
      roles: ['recycler'],
    });
  });

  afterAll(async () => {
    await platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function graphql(query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  }

  it('serves the API schema, not a subgraph: no _service or _entities at /graphql', async () => {
    const answer = await graphql('{ _service { sdl } }');
    expect(answer.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const entities = await graphql('{ _entities(representations: []) { __typename } }');
    expect(entities.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it("forwards a subgraph's HTTP routes: intake's document upload and download", async () => {
    const registered = await graphql(
      `
        mutation ($input: RegisterLotInput!) {
          registerLot(input: $input, idempotencyKey: "doc-route-1") {
            lot {
              id
            }
          }
        }
      `,
      {
        input: {
          supplierSiteId: 'site-yard-1',
          materialKind: 'EV_MOTOR_MAGNET',
          sourceCategory: 'POST_CONSUMER',
          sourceEvidenceRef: 'doc-dismantling-cert-7',
          countryOfOrigin: 'JP',
          declaredMass: { value: '1000', unit: 'KGM' },
          weighing: {
            ticketNumber: 'WB-2026-0002',
            vehicle: 'truck 12-34',
            scale: 'weighbridge-1',
            gross: { value: '1250.5', unit: 'KGM' },
            tare: { value: '250.5', unit: 'KGM' },
          },
          containers: [{ kind: 'drum', count: 4 }],
          receivedAt: '2026-03-02T08:00:00.000Z',
        },
      },
    );
    const lotId = registered.data.registerLot.lot.id as string;
    const upload = await fetch(
      `${platform.url}/intake/lots/${lotId}/documents?name=ticket.txt&kind=OTHER&mediaType=text/plain`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
        body: 'weighbridge ticket WB-2026-0002',
      },
    );
    expect(upload.status).toBe(201);
    const uploaded = (await upload.json()) as { documentId: string; sizeBytes: number };
    expect(uploaded.sizeBytes).toBe(31);
    const download = await fetch(`${platform.url}/intake/documents/${uploaded.documentId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('weighbridge ticket WB-2026-0002');
    // Without a token the subgraph's own guard refuses, as on the intake service.
    expect((await fetch(`${platform.url}/intake/documents/${uploaded.documentId}`)).status).toBe(401);
    // Unknown routes still end at the platform: 404, and its health check answers.
    expect((await fetch(`${platform.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${platform.url}/health/live`)).status).toBe(200);
  });
});
