import { seedPgliteDataDir } from '@rre/persistence';
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { waitFor } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningPlatform, startPlatform } from './bootstrap';
import { loadPlatformConfig } from './platform-config';
import { scratchDatabase, type ScratchDatabase } from './test-support/scratch-database';
import { handToConcentration, Mutations, scenarioClient } from './test-support/concentration-scenario';
import { ReductionMutations } from './test-support/reduction-scenario';
import { SeparationMutations } from './test-support/separation-scenario';

jest.setTimeout(120_000);

const onPglite = process.env.TEST_DATABASE === 'pglite';
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rre_test';

/** Recycler A's 1,000 kg magnet lot, as intake registers, assays, screens and hands it to concentration. */
const MAGNET_LOT: Parameters<typeof handToConcentration>[1] = {
  materialKind: 'EV_MOTOR_MAGNET',
  sourceCategory: 'POST_CONSUMER',
  massKg: '1000',
  gross: '1250.5',
  tare: '250.5',
  assay: { Nd: ['24', 'P1'], Dy: ['6', 'P1'], Tb: ['0.8', 'P1'], Fe: ['62', 'P1'] },
  uraniumPpm: '0',
  thoriumPpm: '0',
};

// The platform's /graphql is a gateway over in-process subgraphs; their HTTP routes share its port.
describe(`the platform's gateway and subgraph routes (${onPglite ? 'embedded PGlite' : 'PostgreSQL'})`, () => {
  let dataDir: string;
  // PostgreSQL: a database of its own, so that the platform's fixed schemas are not shared with
  // other tests running on rre_test at the same time.
  let database: ScratchDatabase | undefined;
  let platform: RunningPlatform;
  let token: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-platform-graphql-'));
    if (onPglite) await seedPgliteDataDir(dataDir); // an empty cluster: skips PGlite's initdb
    if (!onPglite) database = await scratchDatabase(serverUrl);
    platform = await startPlatform(
      loadPlatformConfig(
        database === undefined
          ? { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
          : { PORT: '0', DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
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
    await database?.drop();
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

  it("answers lot(id) with intake's and concentration's fields together, to those who may see the lot", async () => {
    const client = await scenarioClient(platform, dataDir);
    const { tokens, ok } = client;
    // Recycler A's 1,000 kg magnet lot, handed to concentration; a leaching run takes 800 kg of it.
    const lot = await handToConcentration(client, MAGNET_LOT);
    const LOT = `query ($id: ID!) { lot(id: $id) { code organisationId custodian
      concentration { custody route receivedMassKg remainingKg runs { kind status netTakenKg } } } }`;
    await waitFor(
      async () => (await ok(tokens.auditor, LOT, { id: lot.id })).lot.concentration?.custody === 'HELD',
      'concentration holds the lot intake handed over',
      { timeoutMs: 60_000 },
    );
    const runId = (
      await ok(tokens.mes, Mutations.planLeaching, {
        input: {
          equipmentId: 'R-101',
          workOrder: 'WO-LOT-1',
          leaching: { acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '3', temperatureCelsius: '80' },
        },
      })
    ).concentrationPlanLeachingRun.runId as string;
    await ok(tokens.mes, Mutations.start, { input: { runId } });
    await ok(tokens.mes, Mutations.take, {
      input: { runId, lotId: lot.id, mass: { value: '800', unit: 'KGM' } },
    });

    const expected = {
      lot: {
        code: lot.code,
        organisationId: 'org-recycler-a',
        custodian: 'CONCENTRATION',
        concentration: {
          custody: 'HELD',
          route: 'LEACHING',
          receivedMassKg: '1000',
          remainingKg: '200',
          runs: [{ kind: 'LEACHING', status: 'STARTED', netTakenKg: '800' }],
        },
      },
    };
    expect(await client.call(tokens.recycler, LOT, { id: lot.id })).toEqual({ data: expected });
    expect(await client.call(tokens.auditor, LOT, { id: lot.id })).toEqual({ data: expected });
    // Another organisation's recycler: intake gives no lot, so concentration is never asked.
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    const recyclerB = await mintToken(key, {
      subject: 'usr-b1',
      organisationId: 'org-recycler-b',
      roles: ['recycler'],
    });
    expect(await client.call(recyclerB, LOT, { id: lot.id })).toEqual({ data: { lot: null } });
  });

  it("answers lot(id) with intake's, concentration's, separation's and reduction's fields for a lot that passed through them all", async () => {
    // Only intake answers lot(id), so the lot is one intake registered: concentration hands it on
    // as it came, separation's SX run takes 400 kg of it, and separation hands the other 600 kg to reduction.
    const client = await scenarioClient(platform, dataDir);
    const { tokens, ok } = client;
    const lot = await handToConcentration(client, MAGNET_LOT);
    const CUSTODY = `query ($id: ID!) { lot(id: $id) { concentration { custody } separation { custody }
      reduction { custody } } }`;
    const custody = async () => (await ok(tokens.auditor, CUSTODY, { id: lot.id })).lot;
    await waitFor(
      async () => (await custody()).concentration?.custody === 'HELD',
      'concentration holds the lot',
      {
        timeoutMs: 60_000,
      },
    );
    await ok(tokens.mes, Mutations.handOver, { input: { lotId: lot.id, toService: 'separation' } });
    await waitFor(
      async () => (await custody()).separation?.custody === 'OFFERED',
      'separation is offered the lot',
      {
        timeoutMs: 60_000,
      },
    );
    await ok(tokens.operator, SeparationMutations.accept, { input: { lotId: lot.id } });
    const sxRunId = (
      await ok(tokens.mes, SeparationMutations.planSx, {
        input: {
          equipmentId: 'EFC-1',
          workOrder: 'WO-LOT-2',
          solventExtraction: {
            extractant: { name: 'HDEHP-X7', kind: 'NEW' },
            diluent: 'n-dodecane',
            contactor: { type: 'EMULSION_FLOW', volumeL: '90' },
            stages: { extraction: 8, scrub: 6, strip: 4 },
            organicFlowLPerH: '120',
            aqueousFlowLPerH: '60',
            ph: '1.5',
          },
        },
      })
    ).separationPlanSolventExtractionRun.runId as string;
    await ok(tokens.mes, SeparationMutations.start, { input: { runId: sxRunId } });
    await ok(tokens.mes, SeparationMutations.take, {
      input: { runId: sxRunId, lotId: lot.id, mass: { value: '400', unit: 'KGM' } },
    });
    await ok(tokens.mes, SeparationMutations.handOver, { input: { lotId: lot.id, toService: 'reduction' } });
    await waitFor(
      async () => (await custody()).reduction?.custody === 'OFFERED',
      'reduction is offered the lot',
      {
        timeoutMs: 60_000,
      },
    );
    await ok(tokens.operator, ReductionMutations.accept, { input: { lotId: lot.id } });
    await waitFor(
      async () => {
        const now = await custody();
        return now.concentration.custody === 'HANDED_OVER' && now.separation.custody === 'HANDED_OVER';
      },
      "concentration and separation settled their hand-overs from the receivers' answers",
      { timeoutMs: 60_000 },
    );

    const LOT = `query ($id: ID!) { lot(id: $id) { code organisationId custodian
      concentration { custody route receivedMassKg remainingKg runs { kind netTakenKg } }
      separation { custody receivedFrom massKg remainingKg producedByRunId runs { runId kind status netTakenKg } }
      reduction { custody receivedFrom massKg remainingKg produced { form } runs { kind } } } }`;
    const intakeAndConcentration = {
      code: lot.code,
      organisationId: 'org-recycler-a',
      custodian: 'CONCENTRATION',
      concentration: {
        custody: 'HANDED_OVER',
        route: 'LEACHING',
        receivedMassKg: '1000',
        remainingKg: '1000',
        runs: [],
      },
    };
    expect(await client.call(tokens.auditor, LOT, { id: lot.id })).toEqual({
      data: {
        lot: {
          ...intakeAndConcentration,
          separation: {
            custody: 'HANDED_OVER',
            receivedFrom: 'concentration',
            massKg: '1000',
            remainingKg: '600',
            producedByRunId: null,
            runs: [{ runId: sxRunId, kind: 'SOLVENT_EXTRACTION', status: 'STARTED', netTakenKg: '400' }],
          },
          reduction: {
            custody: 'HELD',
            receivedFrom: 'separation',
            massKg: '600',
            remainingKg: '600',
            produced: null,
            runs: [],
          },
        },
      },
    });
    // The recycler who delivered it: separation and reduction cannot tell whose it was, so they answer null.
    expect(await client.call(tokens.recycler, LOT, { id: lot.id })).toEqual({
      data: { lot: { ...intakeAndConcentration, separation: null, reduction: null } },
    });
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
