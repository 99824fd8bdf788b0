import 'reflect-metadata';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  commonV1,
  IntakeEventTypes,
  intakeV1,
  processV1,
  SalesEventTypes,
  salesV1,
  Topics,
} from '@rre/contracts';
import { mintToken } from '@rre/auth';
import { publicKeyFrom, verifyProofCommand, verifyProofDocument } from '@rre/ledger';
import { uniqueSchemaName } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { KeyObject } from 'node:crypto';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { epcisSchemaErrors } from '../epcis/epcis-schema.test-support';
import { LedgerApplication } from '../ledger/ledger-application';
import { StatementStore } from '../persistence/statement.store';
import { lotAndRunEventsConsumer } from '../messaging/lot-and-run-events.consumer';
import { eventDelivery } from '../test-support/event-delivery';
import { kg, tb } from '../test-support/event-builders';
import { openTraceTestDatabase, type TraceTestDatabase } from '../test-support/trace-test-database';
import { startTraceTestSubgraph, type TraceTestSubgraph } from '../test-support/trace-test-subgraph';
import { TraceabilityModule } from '../traceability.module';
import { evidencePackProblems } from './evidence-manifest';
import { unzipArchive } from './zip-archive';

jest.setTimeout(180_000);

const concentration = processEventTypesOf('concentration');
const schema = uniqueSchemaName('traceability');
const certificate = Buffer.from('dismantling certificate of lot A', 'utf8');
const certificateSha256 = createHash('sha256').update(certificate).digest('hex');

let traceDatabase: TraceTestDatabase;
let dataSource: DataSource;
let traceSubgraph: TraceTestSubgraph;
let url: string;
let ledger: LedgerApplication;
let plantKey: KeyObject;
const tokens: Record<'auditor' | 'admin' | 'operator', string> = { auditor: '', admin: '', operator: '' };

// A: magnet swarf, post-consumer JP, 40 kg x 2.5 % Tb (1 kg), with a certificate and a waste manifest.
// B: pre-consumer CN, 10 kg, assayed at 5 % Tb (0.5 kg). Run R takes both (1.5 kg Tb) into P 5 kg x
// 28 % (1.4 kg) and residue Q 45 kg x 0.2 % (0.09 kg), 0.005 kg lost: 1.495 kg out, 0.005 kg short,
// beyond the 0.004 kg tolerance; usr-lead overrode, usr-manager approved. P is shipped (S1).
const A = `A-${ulid()}`;
const B = `B-${ulid()}`;
const P = `P-${ulid()}`;
const Q = `Q-${ulid()}`;
const R = `R-${ulid()}`;
const S1 = `S1-${ulid()}`;
const documentEventIds: string[] = [];
const laterEventIds: string[] = [];

/** Feeds one event to the genealogy's consumer, as Kafka would (one partition per topic). */
const { deliver } = eventDelivery({
  dataSource: () => dataSource,
  consumer: () => lotAndRunEventsConsumer(),
  positions: 'topic',
});

const documentAdded = (version: number, time: string) =>
  deliver(
    Topics.IntakeLotEvents,
    IntakeEventTypes.LotDocumentAdded,
    A,
    time,
    intakeV1.LotDocumentAddedSchema,
    {
      lot: { lotId: A, lotCode: 'L-A' },
      documentId: `doc-${version}`,
      name: 'dismantling-certificate.pdf',
      version,
      kind: intakeV1.DocumentKind.CERTIFICATE,
      mediaType: 'application/pdf',
      sha256: certificateSha256,
      sizeBytes: BigInt(certificate.length),
    },
  );

async function feedScenario(): Promise<void> {
  await deliver(
    Topics.IntakeLotEvents,
    IntakeEventTypes.LotRegistered,
    A,
    '2026-11-01T08:00:00.000Z',
    intakeV1.LotRegisteredSchema,
    {
      lot: { lotId: A, lotCode: 'L-A' },
      supplier: { organisationId: 'org-recycler-a' },
      sourceCategory: commonV1.SourceCategory.POST_CONSUMER,
      countryOfOrigin: 'JP',
      weighedNetMass: kg('40'),
      declaredComposition: tb('0.025'),
      wasteManifestNumber: 'WM-2026-0001',
    },
  );
  documentEventIds.push(await documentAdded(1, '2026-11-01T08:30:00.000Z'));
  await deliver(
    Topics.IntakeLotEvents,
    IntakeEventTypes.LotRegistered,
    B,
    '2026-11-01T09:00:00.000Z',
    intakeV1.LotRegisteredSchema,
    {
      lot: { lotId: B, lotCode: 'L-B' },
      supplier: { organisationId: 'org-maker-b' },
      sourceCategory: commonV1.SourceCategory.PRE_CONSUMER,
      countryOfOrigin: 'CN',
      weighedNetMass: kg('10'),
    },
  );
  await deliver(
    Topics.IntakeLotEvents,
    IntakeEventTypes.LotAssayed,
    B,
    '2026-11-01T10:00:00.000Z',
    intakeV1.LotAssayedSchema,
    { lot: { lotId: B, lotCode: 'L-B' }, assayId: 'assay-b', composition: tb('0.05'), isCurrent: true },
  );
  await deliver(
    Topics.ConcentrationRunEvents,
    concentration.RunPlanned,
    R,
    '2026-11-02T06:00:00.000Z',
    processV1.RunPlannedSchema,
    { runId: R, kind: 'LEACHING' },
  );
  for (const [lotId, lotCode, massKg] of [
    [A, 'L-A', '40'],
    [B, 'L-B', '10'],
  ] as const) {
    await deliver(
      Topics.ConcentrationLotEvents,
      concentration.LotQuantityTaken,
      lotId,
      '2026-11-02T07:00:00.000Z',
      processV1.LotQuantityTakenSchema,
      {
        lot: { lotId, lotCode },
        runId: R,
        movementId: `mv-${ulid()}`,
        kind: processV1.TakeKind.INPUT,
        mass: kg(massKg),
        remainingMass: kg('0'),
      },
    );
  }
  for (const [lotId, lotCode, massKg, role, fraction] of [
    [P, 'CONC-1', '5', processV1.OutputRole.PRODUCT, '0.28'],
    [Q, 'RES-1', '45', processV1.OutputRole.RESIDUE, '0.002'],
  ] as const) {
    await deliver(
      Topics.ConcentrationLotEvents,
      concentration.LotProduced,
      lotId,
      '2026-11-02T10:00:00.000Z',
      processV1.LotProducedSchema,
      { lot: { lotId, lotCode }, runId: R, role, mass: kg(massKg), composition: tb(fraction) },
    );
  }
  await deliver(
    Topics.ConcentrationRunEvents,
    concentration.RunCompleted,
    R,
    '2026-11-02T11:00:00.000Z',
    processV1.RunCompletedSchema,
    {
      runId: R,
      basis: processV1.CompletionBasis.FINAL,
      balance: {
        closes: false,
        coverageFactor: '2',
        elements: [
          {
            element: 'Tb',
            losses: kg('0.005'),
            imbalance: kg('0.005'),
            tolerance: kg('0.004'),
            closes: false,
          },
        ],
      },
      override: {
        reason: 'filter cake not yet weighed',
        overriddenBy: { subjectId: 'usr-lead', organisationId: 'org-plant' },
        approvedBy: { subjectId: 'usr-manager', organisationId: 'org-plant' },
      },
    },
  );
  await deliver(
    Topics.SalesLotEvents,
    SalesEventTypes.LotShipped,
    P,
    '2026-11-03T09:00:00.000Z',
    salesV1.LotShippedSchema,
    {
      lot: { lotId: P, lotCode: 'CONC-1' },
      shipmentId: S1,
      orderId: 'order-1',
      customer: { organisationId: 'org-customer-1' },
      netMass: kg('5'),
      shippedAt: timestampFromDate(new Date('2026-11-03T09:00:00.000Z')),
    },
  );
  // After the statement: a second version of A's certificate, and a new assay of B (6 % Tb), both
  // in a later checkpoint. They are not behind the statement: the pack lists them as after, with no
  // proof and no document line; the assay restates P's figures.
  laterEventIds.push(await documentAdded(2, '2026-11-04T08:00:00.000Z'));
  laterEventIds.push(
    await deliver(
      Topics.IntakeLotEvents,
      IntakeEventTypes.LotAssayed,
      B,
      '2026-11-04T09:00:00.000Z',
      intakeV1.LotAssayedSchema,
      { lot: { lotId: B, lotCode: 'L-B' }, assayId: 'assay-b-2', composition: tb('0.06'), isCurrent: true },
    ),
  );
  await ledger.checkpoint('ON_DEMAND', 'usr-test');
}

beforeAll(async () => {
  traceDatabase = await openTraceTestDatabase(schema);
  dataSource = traceDatabase.dataSource;
  ledger = new LedgerApplication(dataSource, { warn: () => undefined });
  traceSubgraph = await startTraceTestSubgraph(
    'traceability-evidence-test',
    TraceabilityModule.forRoot({
      dataSource,
      ledger: { checkpointPollMs: 0, warn: () => undefined },
    }),
  );
  const { subgraph, signingKey } = traceSubgraph;
  await subgraph.app.listen(0, '127.0.0.1');
  url = (await subgraph.app.getUrl()).replace('[::1]', '127.0.0.1');
  for (const role of ['auditor', 'admin', 'operator'] as const) {
    tokens[role] = await mintToken(signingKey, {
      subject: `usr-${role}`,
      organisationId: 'org-plant',
      roles: [role],
    });
  }
  await feedScenario();
  // The plant's published key, as an auditor gets it: without a token.
  plantKey = publicKeyFrom(await (await fetch(`${url}/traceability/ledger/public-key.pem`)).text());
});

afterAll(async () => {
  await traceSubgraph?.close();
  await traceDatabase?.close();
});

const get = (pathAndQuery: string, token?: string) =>
  fetch(`${url}${pathAndQuery}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function statementId(): Promise<string> {
  const [statement] = await new StatementStore().ofLot(dataSource, P);
  if (!statement) throw new Error('P has no frozen statement');
  return statement.statementId;
}

async function downloadPack(): Promise<Map<string, Buffer>> {
  const response = await get(`/evidence/statements/${await statementId()}.zip`, tokens.auditor);
  expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/zip']);
  expect(response.headers.get('content-disposition')).toBe(
    `attachment; filename="evidence-${await statementId()}.zip"`,
  );
  return unzipArchive(Buffer.from(await response.arrayBuffer()));
}

const json = (files: Map<string, Buffer>, name: string) =>
  JSON.parse((files.get(name) ?? Buffer.from('null')).toString('utf8')) as any;

describe('evidence pack of a frozen statement (GET /evidence/statements/<id>.zip)', () => {
  it('holds every file, each hash in the signed manifest, and the manifest verifies with the plant key', async () => {
    const files = await downloadPack();
    expect([...files.keys()]).toEqual([
      'README.txt',
      'statement.json',
      'genealogy.json',
      'restatements.json',
      'reconciliation.json',
      'documents.json',
      'configuration.json',
      'ledger-proofs.json',
      'ledger-public-key.pem',
      'epcis.jsonld',
      'manifest.json',
      'manifest.sig.json',
    ]);
    expect(evidencePackProblems(files, plantKey)).toEqual([]);
    const manifest = json(files, 'manifest.json');
    expect(manifest.files).toHaveLength(10);
    for (const entry of manifest.files as { name: string; sha256: string; sizeBytes: number }[]) {
      const bytes = files.get(entry.name) as Buffer;
      expect([entry.name, createHash('sha256').update(bytes).digest('hex'), bytes.length]).toEqual([
        entry.name,
        entry.sha256,
        entry.sizeBytes,
      ]);
    }
    expect(json(files, 'manifest.sig.json')).toMatchObject({
      algorithm: 'Ed25519',
      signedFile: 'manifest.json',
      keyId: (await ledger.publicKey()).keyId,
    });
    // The .zip suffix is optional.
    expect((await get(`/evidence/statements/${await statementId()}`, tokens.admin)).status).toBe(200);
  });

  it('states the frozen statement, the genealogy with its backward trace, and the reconciliation with the override', async () => {
    const files = await downloadPack();
    const statement = json(files, 'statement.json');
    const [frozen] = await new StatementStore().ofLot(dataSource, P);
    expect(statement).toEqual(JSON.parse(JSON.stringify(frozen)));
    // P: 1.4 kg Tb; A brought 1 of the 1.5 kg in (2/3: 0.933333 kg), B 0.5 (1/3: 0.466667 kg, the leftover mg).
    const tbContent = (statement.elements as any[]).find((each) => each.element === 'Tb');
    expect(tbContent.massKg).toBe('1.400000');
    expect((tbContent.categories as any[]).map((each) => [each.category, each.massKg])).toEqual([
      ['POST_CONSUMER', '0.933333'],
      ['PRE_CONSUMER', '0.466667'],
      ['PRIMARY', '0.000000'],
      ['UNATTRIBUTED', '0.000000'],
    ]);

    // B's later assay changed the facts: the pack shows them as recorded when the statement was issued.
    const genealogy = json(files, 'genealogy.json');
    expect([genealogy.basis, genealogy.asOf, genealogy.standsOnCurrentFacts]).toEqual([
      'AS_RECORDED_AT_ISSUE',
      statement.issuedAt,
      false,
    ]);
    expect(genealogy.inputsSha256Now).not.toBe(statement.inputsSha256);
    expect((genealogy.lots as any[]).find((lot) => lot.lotId === B).composition).toEqual({ Tb: '0.05' });
    expect((genealogy.lots as any[]).map((lot) => lot.lotId)).toEqual([A, B, P, Q].sort());
    expect(genealogy.runs).toHaveLength(1);
    expect(genealogy.runs[0].elements).toEqual([
      {
        element: 'Tb',
        totalInKg: '1.5',
        totalOutKg: '1.495',
        lossKg: '0.005',
        inputsKg: { [A]: '1', [B]: '0.5' },
        outputsKg: { [P]: '1.4', [Q]: '0.09' },
      },
    ]);
    const [trace] = genealogy.backwardTraces as any[];
    expect([trace.element, trace.elementMassKg]).toEqual(['Tb', '1.400000']);
    expect(
      (trace.sources as any[]).map((each) => [
        each.lotId,
        each.sourceCategory,
        each.share.fraction,
        each.attributedKg,
        each.paths,
      ]),
    ).toEqual([
      [A, 'POST_CONSUMER', '2/3', '0.933333', [{ runIds: [R] }]],
      [B, 'PRE_CONSUMER', '1/3', '0.466667', [{ runIds: [R] }]],
    ]);

    // The restatement: B brought 0.6 of 1.6 kg, so P's 1.4 kg = A 0.875 (5/8) + B 0.525 (3/8).
    const { restatements } = json(files, 'restatements.json');
    expect(restatements).toHaveLength(1);
    const restatedTb = (restatements[0].figures.elements as any[]).find((each) => each.element === 'Tb');
    expect((restatedTb.categories as any[]).slice(0, 2).map((each) => [each.category, each.massKg])).toEqual([
      ['POST_CONSUMER', '0.875000'],
      ['PRE_CONSUMER', '0.525000'],
    ]);
    expect(restatements[0].triggeredBy.map((each: { eventId: string }) => each.eventId)).toEqual([
      laterEventIds[1],
    ]);

    const reconciliation = json(files, 'reconciliation.json');
    expect(reconciliation.basis).toBe('AS_RECORDED_AT_ISSUE');
    expect(reconciliation.runs).toHaveLength(1);
    expect([reconciliation.runs[0].status, reconciliation.runs[0].elements[0].differenceKg]).toEqual([
      'OVERRIDDEN',
      '0.005',
    ]);
    expect(reconciliation.overrides).toEqual([
      {
        runId: R,
        reason: 'filter cake not yet weighed',
        overriddenBy: { subjectId: 'usr-lead', organisationId: 'org-plant' },
        approvedBy: { subjectId: 'usr-manager', organisationId: 'org-plant' },
        at: '2026-11-02T11:00:00.000Z',
      },
    ]);
    // Issued under configuration version 1 (the one the migration seeds), listed with who set it.
    expect(json(files, 'configuration.json')).toMatchObject({
      methodVersion: 'physical-allocation/1',
      chainOfCustodyModel: 'controlled blending: physical allocation through the genealogy',
      roundingRule: statement.roundingRule,
      configurationVersion: {
        version: 1,
        methodVersion: 'physical-allocation/1',
        closingCoverageFactor: '2',
      },
    });
    expect(statement.configurationVersion).toBe(1);
  });

  it("lists the source lot's document hash and waste manifest from the proven events", async () => {
    const documents = json(await downloadPack(), 'documents.json');
    expect(documents.documents).toEqual([
      {
        lotId: A,
        documentId: 'doc-1',
        name: 'dismantling-certificate.pdf',
        version: 1,
        kind: 'CERTIFICATE',
        mediaType: 'application/pdf',
        sha256: certificateSha256,
        sizeBytes: String(certificate.length),
        addedAt: '2026-11-01T08:30:00.000Z',
        eventId: documentEventIds[0],
      },
    ]);
    expect(documents.wasteManifests).toEqual([
      { lotId: A, wasteManifestNumber: 'WM-2026-0001', eventId: expect.any(String) },
    ]);
  });

  it("proves every event behind the statement against its signed checkpoint, offline with the CLI's verifier", async () => {
    const files = await downloadPack();
    const proofs = json(files, 'ledger-proofs.json');
    // Behind P: A (registered, document, taken), B (registered, assayed, taken), R (planned,
    // completed), P (produced, shipped): 10 of the 11 events the statement's checkpoint covers (Q's
    // production is not behind P). The later certificate is in checkpoint 2, after the statement.
    expect(proofs.proofs).toHaveLength(10);
    expect([proofs.statementCheckpoint.sequence, proofs.statementCheckpoint.treeSize]).toEqual([1, 11]);
    expect(proofs.eventsAfterStatement).toEqual(laterEventIds);
    expect(proofs.checkpointChain.map((each: { sequence: number }) => each.sequence)).toEqual([1]);
    expect(verifyProofDocument(proofs, plantKey)).toEqual({
      ok: true,
      messages: expect.arrayContaining([`OK: 10 of 10 proofs verified for ${P}`]),
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'rre-evidence-cli-'));
    try {
      writeFileSync(path.join(dir, 'ledger-proofs.json'), files.get('ledger-proofs.json') as Buffer);
      writeFileSync(path.join(dir, 'ledger-public-key.pem'), files.get('ledger-public-key.pem') as Buffer);
      const lines: string[] = [];
      const exit = verifyProofCommand(
        [path.join(dir, 'ledger-proofs.json'), path.join(dir, 'ledger-public-key.pem')],
        (line) => lines.push(line),
      );
      expect([exit, lines.at(-1)]).toEqual([0, `OK: 10 of 10 proofs verified for ${P}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("holds the lot's EPCIS document, valid against the official schema", async () => {
    const document = json(await downloadPack(), 'epcis.jsonld');
    expect(epcisSchemaErrors(document)).toEqual([]);
    // Registrations of A and B, assays of P and Q, the run, the shipment, B's current assay (the 4th).
    expect(document.epcisBody.eventList.map((e: any) => [e.type, e.bizStep, e.eventTime])).toEqual([
      ['ObjectEvent', 'receiving', '2026-11-01T08:00:00.000Z'],
      ['ObjectEvent', 'receiving', '2026-11-01T09:00:00.000Z'],
      ['ObjectEvent', 'inspecting', '2026-11-02T10:00:00.000Z'],
      ['ObjectEvent', 'inspecting', '2026-11-02T10:00:00.000Z'],
      ['TransformationEvent', 'commissioning', '2026-11-02T11:00:00.000Z'],
      ['ObjectEvent', 'shipping', '2026-11-03T09:00:00.000Z'],
      ['ObjectEvent', 'inspecting', '2026-11-04T09:00:00.000Z'],
    ]);
  });

  it('fails the check when a file, the manifest or the archive is altered', async () => {
    const files = await downloadPack();
    const genealogy = files.get('genealogy.json') as Buffer;
    const tampered = new Map(files);
    tampered.set('genealogy.json', Buffer.from(genealogy.toString('utf8').replace('0.933333', '0.933334')));
    expect(evidencePackProblems(tampered, plantKey)).toEqual([
      expect.stringMatching(/^genealogy\.json: SHA-256 [0-9a-f]{64} \(\d+ bytes\), the manifest states/),
    ]);
    // Re-hashing the file in the manifest breaks the signature instead.
    const manifest = json(files, 'manifest.json');
    const entry = (manifest.files as { name: string; sha256: string }[]).find(
      (each) => each.name === 'genealogy.json',
    );
    if (entry)
      entry.sha256 = createHash('sha256')
        .update(tampered.get('genealogy.json') as Buffer)
        .digest('hex');
    tampered.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    expect(evidencePackProblems(tampered, plantKey)).toEqual([
      expect.stringMatching(/^manifest\.json: the signature does not verify with key ed25519:/),
    ]);
    const extra = new Map(files);
    extra.set('extra.json', Buffer.from('{}'));
    expect(evidencePackProblems(extra, plantKey)).toEqual([
      'extra.json: in the pack, not listed in the manifest',
    ]);
    // A flipped byte inside the archive fails its CRC-32.
    const response = await get(`/evidence/statements/${await statementId()}.zip`, tokens.auditor);
    const archive = Buffer.from(await response.arrayBuffer());
    const at = archive.indexOf(Buffer.from('"lotId"'));
    archive[at + 1] = 'L'.charCodeAt(0);
    expect(() => unzipArchive(archive)).toThrow('CRC-32 mismatch');
  });

  it('refuses plant staff, a missing token and an unknown statement; GraphQL names the pack', async () => {
    const id = await statementId();
    const operator = await get(`/evidence/statements/${id}.zip`, tokens.operator);
    expect(operator.status).toBe(403);
    expect((await get(`/evidence/statements/${id}.zip`)).status).toBe(401);
    const unknown = await get('/evidence/statements/ST-NO-SUCH.zip', tokens.auditor);
    expect([unknown.status, await unknown.json()]).toEqual([
      404,
      {
        message: 'statementId: got ST-NO-SUCH, must be a frozen statement the traceability service issued',
        code: 'UNKNOWN_STATEMENT',
        field: 'statementId',
        value: 'ST-NO-SUCH',
        rule: 'must be a frozen statement the traceability service issued',
      },
    ]);
    const answer = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.auditor}` },
      body: JSON.stringify({
        query: `{ statement(id: ${JSON.stringify(id)}) { statementId evidencePackUrl } }`,
      }),
    });
    expect(await answer.json()).toEqual({
      data: { statement: { statementId: id, evidencePackUrl: `/evidence/statements/${id}.zip` } },
    });
  });
});

describe('EPCIS export of a period (GET /epcis/period.jsonld)', () => {
  const kinds = (document: any) =>
    (document.epcisBody.eventList as any[]).map((e) => `${e.type}:${e.bizStep}`);

  it('exports every event whose time falls in [from, to), valid against the official schema', async () => {
    const november = await get(
      '/epcis/period.jsonld?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z',
      tokens.auditor,
    );
    expect([november.status, november.headers.get('content-type')]).toEqual([
      200,
      'application/ld+json; charset=utf-8',
    ]);
    const all = (await november.json()) as any;
    expect(epcisSchemaErrors(all)).toEqual([]);
    expect([all['rre:periodFrom'], all['rre:periodTo']]).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
    ]);
    // 2 registrations, 3 assays (P, Q, then B's current one), 1 transformation, 1 shipment: 7.
    expect(kinds(all)).toEqual([
      'ObjectEvent:receiving',
      'ObjectEvent:receiving',
      'ObjectEvent:inspecting',
      'ObjectEvent:inspecting',
      'TransformationEvent:commissioning',
      'ObjectEvent:shipping',
      'ObjectEvent:inspecting',
    ]);

    // November 1st alone: the 2 registrations (B's first assay was replaced by the one of the 4th:
    // current facts only); the 2nd and 3rd: P's and Q's assays, the run and the shipment (4),
    // without the registrations of the run's inputs.
    const first = (await (
      await get('/epcis/period.jsonld?from=2026-11-01&to=2026-11-02', tokens.admin)
    ).json()) as any;
    expect(epcisSchemaErrors(first)).toEqual([]);
    expect(kinds(first)).toEqual(['ObjectEvent:receiving', 'ObjectEvent:receiving']);
    const then = (await (
      await get('/epcis/period.jsonld?from=2026-11-02T00:00:00Z&to=2026-11-04T00:00:00Z', tokens.auditor)
    ).json()) as any;
    expect(epcisSchemaErrors(then)).toEqual([]);
    expect(kinds(then)).toEqual([
      'ObjectEvent:inspecting',
      'ObjectEvent:inspecting',
      'TransformationEvent:commissioning',
      'ObjectEvent:shipping',
    ]);
    // The bound is exclusive at `to`: the run completed at 11:00 is not in [.., 11:00).
    const before = (await (
      await get('/epcis/period.jsonld?from=2026-11-02T00:00:00Z&to=2026-11-02T11:00:00Z', tokens.auditor)
    ).json()) as any;
    expect(kinds(before)).toEqual(['ObjectEvent:inspecting', 'ObjectEvent:inspecting']);
    // The same events as the lot's own document (same ids).
    const lot = (await (await get(`/epcis/lots/${P}.jsonld`, tokens.auditor)).json()) as any;
    expect(all.epcisBody.eventList.map((e: any) => e.eventID)).toEqual(
      lot.epcisBody.eventList.map((e: any) => e.eventID),
    );
  });

  it('refuses a missing, malformed or inverted period, plant staff and a missing token', async () => {
    const refusal = async (query: string) => {
      const response = await get(`/epcis/period.jsonld${query}`, tokens.auditor);
      return [response.status, await response.json()];
    };
    expect(await refusal('?to=2026-12-01')).toEqual([
      400,
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'from', value: 'nothing' }),
    ]);
    expect(await refusal('?from=yesterday&to=2026-12-01')).toEqual([
      400,
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'from', value: '"yesterday"' }),
    ]);
    expect(await refusal('?from=2026-12-01&to=2026-11-01')).toEqual([
      400,
      {
        message: 'to: got 2026-11-01T00:00:00.000Z, must be after from (2026-12-01T00:00:00.000Z)',
        code: 'INVALID_INPUT',
        field: 'to',
        value: '2026-11-01T00:00:00.000Z',
        rule: 'must be after from (2026-12-01T00:00:00.000Z)',
      },
    ]);
    expect(await refusal('?from=2025-01-01&to=2026-12-01')).toEqual([
      400,
      expect.objectContaining({
        code: 'INVALID_INPUT',
        field: 'to',
        rule: expect.stringContaining('366 days'),
      }),
    ]);
    const query = '?from=2026-11-01&to=2026-12-01';
    expect((await get(`/epcis/period.jsonld${query}`, tokens.operator)).status).toBe(403);
    expect((await get(`/epcis/period.jsonld${query}`)).status).toBe(401);
  });
});
