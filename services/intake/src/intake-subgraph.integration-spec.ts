import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { signGatewayRequest } from '@rre/graphql';
import { openTestDatabase, type TestDatabase, uniqueSchemaName } from '@rre/persistence';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { type RunningIntakeService, startIntakeService } from './bootstrap';
import { loadIntakeServiceConfig } from './intake-service-config';

jest.setTimeout(120_000);

// Intake as an Apollo Federation 2 subgraph behind a gateway that signs its requests.
const secret = 'a-gateway-secret-of-at-least-32-characters';
let database: TestDatabase;
let service: RunningIntakeService;
let dataDir: string;
let tokens: { recyclerA: string; recyclerB: string; auditor: string };
const schema = uniqueSchemaName('intake');

const REGISTER = `mutation ($input: RegisterLotInput!) { registerLot(input: $input, idempotencyKey: "sub-1") { lot { id code organisationId } } }`;
const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Lot { id code organisationId } } }`;

const registration = {
  supplierSiteId: 'site-yard-1',
  materialKind: 'EV_MOTOR_MAGNET',
  sourceCategory: 'POST_CONSUMER',
  sourceEvidenceRef: 'doc-dismantling-cert-7',
  countryOfOrigin: 'JP',
  declaredMass: { value: '1000', unit: 'KGM' },
  weighing: {
    ticketNumber: 'WB-2026-0001',
    vehicle: 'truck 12-34',
    scale: 'weighbridge-1',
    gross: { value: '1250.5', unit: 'KGM' },
    tare: { value: '250.5', unit: 'KGM' },
  },
  containers: [{ kind: 'drum', count: 4 }],
  receivedAt: '2026-03-02T08:00:00.000Z',
};

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rre-intake-subgraph-'));
  service = await startIntakeService(
    loadIntakeServiceConfig({
      PORT: '0',
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: schema,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      GATEWAY_SHARED_SECRET: secret,
    }),
  );
  const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
  tokens = {
    recyclerA: await mintToken(key, {
      subject: 'usr-a1',
      organisationId: 'org-recycler-a',
      roles: ['recycler'],
    }),
    recyclerB: await mintToken(key, {
      subject: 'usr-b1',
      organisationId: 'org-recycler-b',
      roles: ['recycler'],
    }),
    auditor: await mintToken(key, { subject: 'usr-aud-1', organisationId: 'org-audit', roles: ['auditor'] }),
  };
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

async function send(
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
  options: { sign?: boolean | string; signedQuery?: string } = { sign: true },
): Promise<{ status: number; body: { data?: any; errors?: any[] } }> {
  const authorization = token ? `Bearer ${token}` : undefined;
  const signature =
    options.sign === false
      ? {}
      : signGatewayRequest(typeof options.sign === 'string' ? options.sign : secret, {
          authorization,
          query: options.signedQuery ?? query,
        });
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
      ...signature,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

describe('intake as a federation subgraph', () => {
  let lotA: { id: string; code: string; organisationId: string };

  beforeAll(async () => {
    const registered = await send(tokens.recyclerA, REGISTER, { input: registration });
    expect(registered.body.errors).toBeUndefined();
    lotA = registered.body.data.registerLot.lot;
  });

  it('publishes its SDL with Lot as an entity keyed by id', async () => {
    const { body } = await send(undefined, '{ _service { sdl } }');
    expect(body.data._service.sdl).toContain('type Lot @key(fields: "id")');
    expect(body.data._service.sdl).not.toContain('type Platform');
  });

  it('resolves a Lot reference for its own organisation and for an auditor', async () => {
    const representations = [{ __typename: 'Lot', id: lotA.id }];
    const own = await send(tokens.recyclerA, ENTITIES, { representations });
    expect(own.body).toEqual({ data: { _entities: [lotA] } });
    const audit = await send(tokens.auditor, ENTITIES, { representations });
    expect(audit.body).toEqual({ data: { _entities: [lotA] } });
  });

  it('gives a recycler of another organisation nothing through _entities, as through lot(id)', async () => {
    const representations = [{ __typename: 'Lot', id: lotA.id }];
    const other = await send(tokens.recyclerB, ENTITIES, { representations });
    expect(other.body).toEqual({ data: { _entities: [null] } });
    const direct = await send(tokens.recyclerB, `query ($id: ID!) { lot(id: $id) { id } }`, { id: lotA.id });
    expect(direct.body).toEqual({ data: { lot: null } });
  });

  it('refuses an entity reference without a token', async () => {
    const { body } = await send(undefined, ENTITIES, {
      representations: [{ __typename: 'Lot', id: lotA.id }],
    });
    expect(body.data).toEqual({ _entities: [null] });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['_entities', 0],
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);
  });

  it('refuses requests that did not come through the gateway, even with a valid token', async () => {
    const query = `query ($id: ID!) { lot(id: $id) { id } }`;
    const unsigned = await send(tokens.recyclerA, query, { id: lotA.id }, { sign: false });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'UNAUTHENTICATED', reason: 'missing_gateway_signature' },
      }),
    ]);
    const wrongSecret = await send(
      tokens.recyclerA,
      query,
      { id: lotA.id },
      { sign: 'another-secret-of-at-least-32-characters!' },
    );
    expect(wrongSecret.body.errors?.[0].extensions.reason).toBe('bad_gateway_signature');
    const otherOperation = await send(
      tokens.recyclerA,
      query,
      { id: lotA.id },
      { signedQuery: '{ lots { edges { cursor } } }' },
    );
    expect(otherOperation.body.errors?.[0].extensions.reason).toBe('bad_gateway_signature');
    // A signature is bound to the token it was made for.
    const borrowed = signGatewayRequest(secret, { authorization: `Bearer ${tokens.recyclerA}`, query });
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.auditor}`, ...borrowed },
      body: JSON.stringify({ query, variables: { id: lotA.id } }),
    });
    expect(response.status).toBe(401);
  });

  it('still verifies the token of a signed request itself', async () => {
    const { status, body } = await send('not-a-jwt', `{ lots { edges { cursor } } }`);
    expect(status).toBe(401);
    expect(body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
