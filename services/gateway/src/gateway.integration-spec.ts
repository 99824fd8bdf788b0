import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { signGatewayRequest, sortSdl } from '@rre/graphql';
import { waitFor } from '@rre/testing';
import { openTestDatabase, type TestDatabase, uniqueSchemaName } from '@rre/persistence';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery, printSchema } from 'graphql';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { type RunningGateway, startGateway, supergraphSubgraphs } from './bootstrap';
import { loadGatewayConfig } from './gateway-config';

jest.setTimeout(240_000);

// Distributed: each subgraph's service in its own process (compiled, as in production) behind this
// gateway; embedded: the platform process. Both must serve one schema and give one answer.
const root = path.resolve(__dirname, '..', '..', '..');
const onPglite = process.env.TEST_DATABASE === 'pglite';
const secret = 'gateway-integration-secret-0123456789abcdef';
const supergraphSdl = readFileSync(path.join(root, 'schema', 'supergraph.graphql'), 'utf8');
const services = supergraphSubgraphs(supergraphSdl).filter((name) => name !== 'platform');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function startProcess(entry: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['tools/scripts/run.mjs', entry], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(output);
      if (match) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}:\n${output}`)));
  });
}

async function stopProcess(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null) return;
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  await exited;
}

async function graphql(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

async function apiSchema(url: string): Promise<string> {
  const { body } = await graphql(url, undefined, getIntrospectionQuery());
  // Printed and sorted: the form schema/api.graphql is in.
  return sortSdl(printSchema(buildClientSchema(body.data as IntrospectionQuery)));
}

describe(`the gateway and the embedded platform (${onPglite ? 'PGlite' : 'PostgreSQL'})`, () => {
  let database: TestDatabase;
  let platformDatabase: string | undefined;
  let dataDir: string;
  const processes: Started[] = [];
  let platform: Started;
  let gateway: RunningGateway;
  let tokens: {
    recyclerA: string;
    recyclerB: string;
    auditor: string;
    lab: string;
    operator: string;
  };
  const schemas = new Map(services.map((name) => [name, uniqueSchemaName(name)]));

  beforeAll(async () => {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json'], {
      cwd: root,
    });
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-gateway-'));
    const keyDir = path.join(dataDir, 'keys');
    const key = await loadOrCreateSigningKey(keyDir);
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
      auditor: await mintToken(key, {
        subject: 'usr-aud-1',
        organisationId: 'org-audit',
        roles: ['auditor'],
      }),
      lab: await mintToken(key, { subject: 'usr-lab-1', organisationId: 'org-plant', roles: ['lab'] }),
      operator: await mintToken(key, {
        subject: 'mes-line-2',
        organisationId: 'org-plant',
        roles: ['operator'],
        machine: true,
      }),
    };
    database = await openTestDatabase();
    const common = { AUTH_KEY_DIR: keyDir, LOG_LEVEL: 'warn', PORT: '0' };

    for (const name of services) {
      const entry = `services/${name}/src/main.ts`;
      if (!existsSync(path.join(root, entry)))
        throw new Error(`the supergraph names ${name}, but ${entry} does not exist`);
      processes.push(
        await startProcess(`services/${name}/src/main.js`, {
          ...common,
          DATABASE_URL: database.url,
          DATABASE_SCHEMA: schemas.get(name) ?? name,
          INTAKE_EVENTS_SCHEMA: schemas.get('intake') ?? 'intake',
          CONCENTRATION_EVENTS_SCHEMA: schemas.get('concentration') ?? 'concentration',
          DATA_DIR: path.join(dataDir, name),
          GATEWAY_SHARED_SECRET: secret,
        }),
      );
    }
    if (onPglite) {
      platform = await startProcess('services/platform/src/main.js', {
        ...common,
        DATA_DIR: path.join(dataDir, 'platform'),
      });
    } else {
      platformDatabase = `rre_gateway_${Date.now().toString(36)}`;
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${platformDatabase}"`);
      await admin.end();
      const url = new URL(database.url);
      url.pathname = `/${platformDatabase}`;
      platform = await startProcess('services/platform/src/main.js', {
        ...common,
        DATA_DIR: path.join(dataDir, 'platform'),
        DATABASE_URL: url.toString(),
      });
    }
    gateway = await startGateway(
      loadGatewayConfig({
        ...common,
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        GATEWAY_SHARED_SECRET: secret,
        GATEWAY_SUPERGRAPH_FILE: path.join(root, 'schema', 'supergraph.graphql'),
        GATEWAY_SUBGRAPH_URLS: services.map((name, i) => `${name}=${processes[i].url}/graphql`).join(','),
      }),
    );
  });

  afterAll(async () => {
    await gateway?.stop();
    await stopProcess(platform);
    for (const started of processes) await stopProcess(started);
    if (database) {
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      for (const schema of schemas.values()) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      if (platformDatabase) await admin.query(`DROP DATABASE IF EXISTS "${platformDatabase}" WITH (FORCE)`);
      await admin.end();
      await database.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the same API schema as the platform, and the one published in schema/api.graphql', async () => {
    const throughGateway = await apiSchema(gateway.url);
    const embedded = await apiSchema(platform.url);
    expect(throughGateway).toBe(embedded);
    const published = sortSdl(readFileSync(path.join(root, 'schema', 'api.graphql'), 'utf8'));
    expect(throughGateway).toBe(published);
    expect(throughGateway).toContain('type Lot {');
  });

  it('gives the same answer to the same queries and mutations', async () => {
    const REGISTER = `mutation ($input: RegisterLotInput!) {
      registerLot(input: $input, idempotencyKey: "same-answer-1") {
        replayed lot { id code gs1Identifier organisationId status custodian receivedAt
          facts { materialKind declaredMass { value unit } weighing { net { value unit } } }
          massCheck { difference { value unit } relativeDifference { value unit } disputed } registeredBy { subject organisationId } } } }`;
    const input = {
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
        tare: { value: '240.5', unit: 'KGM' },
      },
      containers: [{ kind: 'drum', count: 4 }],
      receivedAt: '2026-03-02T08:00:00.000Z',
    };
    const viaGateway = await graphql(gateway.url, tokens.recyclerA, REGISTER, { input });
    const viaPlatform = await graphql(platform.url, tokens.recyclerA, REGISTER, { input });
    const withoutId = (answer: typeof viaGateway) => {
      const { id, ...lot } = answer.body.data.registerLot.lot;
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      return { ...answer, body: { data: { registerLot: { ...answer.body.data.registerLot, lot } } } };
    };
    expect(withoutId(viaGateway)).toEqual(withoutId(viaPlatform));
    expect(viaGateway.body.data.registerLot.lot).toMatchObject({
      code: 'L-2026-00001',
      organisationId: 'org-recycler-a',
      facts: { weighing: { net: { value: '1010', unit: 'KGM' } } },
      massCheck: {
        difference: { value: '10', unit: 'KGM' },
        relativeDifference: { value: '0.01', unit: 'C62' },
        disputed: false,
      },
    });

    // Another organisation's recycler: nothing, by id and by list, on both.
    const gatewayLot = viaGateway.body.data.registerLot.lot.id as string;
    const platformLot = viaPlatform.body.data.registerLot.lot.id as string;
    const LOT = `query ($id: ID!) { lot(id: $id) { code } lots { edges { node { code } } } }`;
    const otherViaGateway = await graphql(gateway.url, tokens.recyclerB, LOT, { id: gatewayLot });
    const otherViaPlatform = await graphql(platform.url, tokens.recyclerB, LOT, { id: platformLot });
    expect(otherViaGateway).toEqual({ status: 200, body: { data: { lot: null, lots: { edges: [] } } } });
    expect(otherViaPlatform).toEqual(otherViaGateway);
    const ownViaGateway = await graphql(gateway.url, tokens.auditor, LOT, { id: gatewayLot });
    expect(ownViaGateway.body.data.lot).toEqual({ code: 'L-2026-00001' });
    expect(await graphql(platform.url, tokens.auditor, LOT, { id: platformLot })).toEqual(ownViaGateway);

    // Refusals: intake's own (field, value, rule), a role's, a missing token's.
    const bad = { input: { ...input, declaredMass: { value: '-5', unit: 'KGM' } } };
    const badViaGateway = await graphql(gateway.url, tokens.recyclerA, REGISTER, bad);
    expect(badViaGateway.body.errors?.[0].extensions).toMatchObject({
      code: 'INVALID_MASS',
      field: 'declaredMass',
    });
    expect(await graphql(platform.url, tokens.recyclerA, REGISTER, bad)).toEqual(badViaGateway);
    const auditorWrites = await graphql(gateway.url, tokens.auditor, REGISTER, { input });
    expect(auditorWrites.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await graphql(platform.url, tokens.auditor, REGISTER, { input })).toEqual(auditorWrites);
    const anonymous = await graphql(gateway.url, undefined, '{ lots { edges { cursor } } }');
    expect(anonymous.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await graphql(platform.url, undefined, '{ lots { edges { cursor } } }')).toEqual(anonymous);
  });

  it('refuses forged tokens and a depth-30 query at the gateway, as the platform does', async () => {
    const forged = `${tokens.recyclerA.slice(0, -4)}AAAA`;
    const refused = await graphql(gateway.url, forged, '{ lots { edges { cursor } } }');
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'invalid_signature',
    });
    expect(await graphql(platform.url, forged, '{ lots { edges { cursor } } }')).toEqual(refused);
    const deep = `{ lots { edges { node { facts { ${'a { '.repeat(26)}b${' }'.repeat(26)} } } } } }`;
    const tooDeep = await graphql(gateway.url, tokens.auditor, deep);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors?.map((e) => e.extensions.code)).toContain('QUERY_TOO_DEEP');
    expect(await graphql(platform.url, tokens.auditor, deep)).toEqual(tooDeep);
  });

  it('composes the same schema live from the running subgraphs (development)', async () => {
    const live = await startGateway(
      loadGatewayConfig({
        PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        AUTH_KEY_DIR: path.join(dataDir, 'keys'),
        GATEWAY_SHARED_SECRET: secret,
        GATEWAY_COMPOSITION: 'live',
        GATEWAY_POLL_INTERVAL_SECONDS: '3600',
        GATEWAY_SUBGRAPH_URLS: services.map((name, i) => `${name}=${processes[i].url}/graphql`).join(','),
      }),
    );
    try {
      expect(await apiSchema(live.url)).toBe(await apiSchema(gateway.url));
      const { body } = await graphql(live.url, tokens.auditor, '{ lots { edges { node { code } } } }');
      expect(body).toEqual({ data: { lots: { edges: [{ node: { code: 'L-2026-00001' } }] } } });
    } finally {
      await live.stop();
    }
  });

  // After the live composition's test, which counts the lots.
  it("answers lot(id) with intake's and concentration's fields in one answer, the same on both", async () => {
    const LOT = `query ($id: ID!) { lot(id: $id) { code organisationId status custodian
      concentration { custody route receivedMassKg remainingKg runs { kind status netTakenKg } } } }`;
    const ok = async (url: string, token: string, query: string, variables: Record<string, unknown>) => {
      const answer = await graphql(url, token, query, variables);
      if (answer.body.errors) throw new Error(`${url}: ${JSON.stringify(answer.body.errors)}`);
      return answer.body.data;
    };
    // Recycler A's 1,000 kg magnet lot: registered, assayed, screened and handed to concentration;
    // a leaching run takes 800 kg of it. The same requests on each side.
    const handOverAndLeach = async (url: string) => {
      const registered = await ok(
        url,
        tokens.recyclerA,
        `mutation ($input: RegisterLotInput!) { registerLot(input: $input) { lot { id } } }`,
        {
          input: {
            supplierSiteId: 'site-yard-1',
            materialKind: 'EV_MOTOR_MAGNET',
            sourceCategory: 'POST_CONSUMER',
            sourceEvidenceRef: 'doc-dismantling-cert-8',
            countryOfOrigin: 'JP',
            declaredMass: { value: '1000', unit: 'KGM' },
            weighing: {
              ticketNumber: 'WB-2026-0008',
              vehicle: 'truck 12-34',
              scale: 'weighbridge-1',
              gross: { value: '1250.5', unit: 'KGM' },
              tare: { value: '250.5', unit: 'KGM' },
            },
            receivedAt: '2026-03-03T08:00:00.000Z',
          },
        },
      );
      const id = registered.registerLot.lot.id as string;
      await ok(
        url,
        tokens.lab,
        `mutation ($input: RecordAssayInput!) { recordAssay(input: $input) { lot { id } } }`,
        {
          input: {
            lotId: id,
            method: 'ICP_OES',
            sampleId: 'S-0008',
            analysedAt: '2026-03-03T10:00:00.000Z',
            reason: 'initial',
            contents: [
              { element: 'Dy', value: '6', unit: 'P1' },
              { element: 'Tb', value: '0.8', unit: 'P1' },
              { element: 'Fe', value: '62', unit: 'P1' },
            ],
          },
        },
      );
      await ok(
        url,
        tokens.lab,
        `mutation ($input: ScreenLotInput!) { screenLot(input: $input) { lot { status } } }`,
        {
          input: { lotId: id, uraniumPpm: '0', thoriumPpm: '0' },
        },
      );
      const offer = await ok(
        url,
        tokens.lab,
        `mutation ($input: TransferLotInput!) { transferLot(input: $input) { recordIds } }`,
        { input: { lotId: id } },
      );
      await ok(
        url,
        tokens.operator,
        `mutation ($input: AcceptLotTransferInput!) { acceptLotTransfer(input: $input) { lot { custodian } } }`,
        { input: { transferId: offer.transferLot.recordIds[0] } },
      );
      await waitFor(
        async () => (await ok(url, tokens.auditor, LOT, { id })).lot.concentration?.custody === 'HELD',
        `concentration holds the lot (${url})`,
        { timeoutMs: 60_000 },
      );
      const planned = await ok(
        url,
        tokens.operator,
        `mutation ($input: ConcentrationPlanLeachingRunInput!) { concentrationPlanLeachingRun(input: $input) { runId } }`,
        {
          input: {
            equipmentId: 'R-101',
            workOrder: 'WO-LOT-8',
            leaching: { acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '3', temperatureCelsius: '80' },
          },
        },
      );
      const runId = planned.concentrationPlanLeachingRun.runId as string;
      await ok(
        url,
        tokens.operator,
        `mutation ($input: ConcentrationRunRefInput!) { concentrationStartRun(input: $input) { runId } }`,
        { input: { runId } },
      );
      await ok(
        url,
        tokens.operator,
        `mutation ($input: ConcentrationTakeInputInput!) { concentrationTakeInput(input: $input) { runId } }`,
        { input: { runId, lotId: id, mass: { value: '800', unit: 'KGM' } } },
      );
      return id;
    };
    const gatewayLot = await handOverAndLeach(gateway.url);
    const platformLot = await handOverAndLeach(platform.url);

    const own = await graphql(gateway.url, tokens.recyclerA, LOT, { id: gatewayLot });
    expect(own).toEqual({
      status: 200,
      body: {
        data: {
          lot: {
            code: 'L-2026-00002',
            organisationId: 'org-recycler-a',
            status: 'TRANSFERRED_OUT',
            custodian: 'CONCENTRATION',
            concentration: {
              custody: 'HELD',
              route: 'LEACHING',
              receivedMassKg: '1000',
              remainingKg: '200',
              runs: [{ kind: 'LEACHING', status: 'STARTED', netTakenKg: '800' }],
            },
          },
        },
      },
    });
    expect(await graphql(platform.url, tokens.recyclerA, LOT, { id: platformLot })).toEqual(own);
    const audited = await graphql(gateway.url, tokens.auditor, LOT, { id: gatewayLot });
    expect(audited).toEqual(own);
    expect(await graphql(platform.url, tokens.auditor, LOT, { id: platformLot })).toEqual(audited);
    const other = await graphql(gateway.url, tokens.recyclerB, LOT, { id: gatewayLot });
    expect(other).toEqual({ status: 200, body: { data: { lot: null } } });
    expect(await graphql(platform.url, tokens.recyclerB, LOT, { id: platformLot })).toEqual(other);

    // Straight to concentration's subgraph, signed as the gateway would: its Lot fields answer
    // another organisation's recycler nothing either, and the auditor everything.
    const concentration = processes[services.indexOf('concentration')];
    const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Lot { id concentration { custody remainingKg } } } }`;
    const entities = async (token: string) => {
      const authorization = `Bearer ${token}`;
      const response = await fetch(`${concentration.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization,
          ...signGatewayRequest(secret, { authorization, query: ENTITIES }),
        },
        body: JSON.stringify({ query: ENTITIES, variables: { r: [{ __typename: 'Lot', id: gatewayLot }] } }),
      });
      return (await response.json()) as { data?: any; errors?: any[] };
    };
    expect(await entities(tokens.recyclerB)).toEqual({ data: { _entities: [null] } });
    expect(await entities(tokens.auditor)).toEqual({
      data: { _entities: [{ id: gatewayLot, concentration: { custody: 'HELD', remainingKg: '200' } }] },
    });
  });

  it('reports itself as a gateway in the platform query', async () => {
    const { body } = await graphql(
      gateway.url,
      undefined,
      '{ platform { mode dataLocation starts services { name } } }',
    );
    expect(body).toEqual({
      data: {
        platform: {
          mode: 'GATEWAY',
          dataLocation: 'none (each service has its own database)',
          starts: 0,
          services: [],
        },
      },
    });
  });
});
