import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { openTestDatabase, type TestDatabase, uniqueSchemaName } from '@rre/persistence';
import { waitFor } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { type RunningIntakeService, startIntakeService } from './bootstrap';
import { loadIntakeServiceConfig } from './intake-service-config';

jest.setTimeout(120_000);

let database: TestDatabase;
let service: RunningIntakeService;
let dataDir: string;
const schema = uniqueSchemaName('intake');

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rre-intake-service-'));
  service = await startIntakeService(
    loadIntakeServiceConfig({
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
  const client = new Client({ connectionString: database.url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function graphql(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

describe('the standalone intake service', () => {
  it('answers both health checks without a token', async () => {
    const live = await fetch(`${service.url}/health/live`);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', databases: { intake: 'up' } });
    expect(service.eventLog).toBe('embedded outbox log');
  });

  it('registers a lot for a token minted with its embedded key, and sequences the event in its outbox log', async () => {
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const token = await mintToken(key, {
      subject: 'usr-recycler-a1',
      organisationId: 'org-recycler-a',
      roles: ['recycler'],
    });
    const answer = await graphql(
      token,
      `
        mutation ($input: RegisterLotInput!) {
          registerLot(input: $input, idempotencyKey: "svc-1") {
            lot {
              id
              code
              status
              facts {
                weighing {
                  net {
                    value
                    unit
                  }
                }
              }
            }
          }
        }
      `,
      {
        input: {
          supplierSiteId: 'site-1',
          materialKind: 'HDD_MAGNET',
          sourceCategory: 'POST_CONSUMER',
          sourceEvidenceRef: 'doc-1',
          countryOfOrigin: 'JP',
          declaredMass: { value: '250', unit: 'KGM' },
          weighing: {
            ticketNumber: 'T-1',
            vehicle: 'van',
            scale: 'floor-scale',
            gross: { value: '0.3', unit: 'TNE' },
            tare: { value: '50', unit: 'KGM' },
          },
          receivedAt: '2026-03-02T08:00:00.000Z',
        },
      },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.registerLot.lot.status).toBe('REGISTERED');
    // 0.3 t - 50 kg = 250 kg, reported in kilograms.
    expect(answer.data.registerLot.lot.facts.weighing.net).toEqual({ value: '250', unit: 'KGM' });

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await waitFor(async () => {
        const { rows } = await client.query(`SELECT log_position FROM "${schema}".outbox WHERE key = $1`, [
          answer.data.registerLot.lot.id,
        ]);
        return rows.length === 1 && rows[0].log_position !== null;
      }, 'the registration event to get a log position');
    } finally {
      await client.end();
    }
  });

  it('refuses a request without a token, and bad input with its code', async () => {
    const anonymous = await graphql(undefined, '{ lots { edges { node { id } } } }');
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const lab = await mintToken(key, { subject: 'usr-lab-1', organisationId: 'org-plant', roles: ['lab'] });
    const unknown = await graphql(
      lab,
      'mutation { screenLot(input: { lotId: "01ARZ3NDEKTSV4RRFFQ69G5FAV", uraniumPpm: "1", thoriumPpm: "1" }) { replayed } }',
    );
    expect(unknown.errors?.[0].extensions).toEqual(
      expect.objectContaining({ code: 'UNKNOWN_LOT', field: 'lotId', retryable: false }),
    );
  });
});
