import { create, type DescMessage, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { commonV1, IntakeEventTypes, intakeV1, processV1, Topics } from '@rre/contracts';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import { lotAndRunEventsConsumer, traceabilityMigrations } from '@rre/traceability';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { type RunningTraceabilityService, startTraceabilityService } from './bootstrap';
import { loadTraceabilityServiceConfig } from './traceability-service-config';

jest.setTimeout(120_000);

let database: TestDatabase;
let service: RunningTraceabilityService;
let feed: DataSource;
let dataDir: string;
const schema = uniqueSchemaName('traceability');
const tokens: Record<'auditor' | 'operator' | 'recycler', string> = {
  auditor: '',
  operator: '',
  recycler: '',
};

const concentration = processEventTypesOf('concentration');
const kg = (value: string) => ({ value, unitCode: 'KGM' });
const tb = (fraction: string) => ({ contents: [{ element: 'Tb', massFraction: fraction, unitCode: 'C62' }] });
const A = `A-${ulid()}`;
const P = `P-${ulid()}`;
const Q = `Q-${ulid()}`;
const R = `R-${ulid()}`;
const sequences = new Map<string, number>();

/** Feeds one event to the genealogy's consumer, in the service's own schema (as Kafka would). */
async function deliver<Desc extends DescMessage>(
  topic: string,
  type: string,
  subject: string,
  time: string,
  messageSchema: Desc,
  init: MessageInitShape<Desc>,
): Promise<void> {
  const source = type.split('.')[1] ?? 'unknown';
  const sequence = (sequences.get(`${source}|${subject}`) ?? 0) + 1;
  sequences.set(`${source}|${subject}`, sequence);
  const message = create(messageSchema, init);
  const consumer = lotAndRunEventsConsumer();
  const handler = consumer.handlers[type];
  if (!handler) throw new Error(`no handler for ${type}`);
  const event = {
    consumer: 'test',
    envelope: {
      id: ulid(),
      source: `/rre/${source}`,
      type,
      specversion: '1.0',
      time,
      subject,
      datacontenttype: 'application/protobuf',
      data: toBinary(messageSchema, message),
      sequence: String(sequence),
      correlationid: 'flow-1',
      causationid: 'request-1',
      actorsub: 'usr-1',
      actororg: 'org-plant',
    },
    type,
    message,
    topic,
    position: { source: topic, position: String(sequence) },
    attempt: 1,
    replay: false,
  };
  await inTransaction(feed, (manager) => handler(event as never, manager));
}

/**
 * Magnet lot A (40 kg at 2.5 % Tb: 1 kg) is leached by run R into P (5 kg at 19 %: 0.95 kg) and
 * residue Q (35 kg at 0.1 %: 0.035 kg), 0.01 kg declared lost: 0.995 kg out, 0.005 kg short of the
 * 1 kg in, beyond the run's 0.004 kg tolerance; usr-lead completed it by override.
 */
beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rre-traceability-recon-'));
  service = await startTraceabilityService(
    loadTraceabilityServiceConfig({
      PORT: '0',
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: schema,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    }),
  );
  feed = await openServiceDatabase({
    url: database.url,
    service: schema,
    poolSize: 1,
    entities: [],
    migrations: traceabilityMigrations,
  });
  const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
  tokens.auditor = await mintToken(key, {
    subject: 'usr-audit-1',
    organisationId: 'org-audit',
    roles: ['auditor'],
  });
  tokens.operator = await mintToken(key, {
    subject: 'usr-op-1',
    organisationId: 'org-plant',
    roles: ['operator'],
  });
  tokens.recycler = await mintToken(key, {
    subject: 'usr-rec-1',
    organisationId: 'org-recycler-a',
    roles: ['recycler'],
  });

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
    },
  );
  const runTopic = Topics.ConcentrationRunEvents;
  const lotTopic = Topics.ConcentrationLotEvents;
  await deliver(
    runTopic,
    concentration.RunPlanned,
    R,
    '2026-11-02T06:00:00.000Z',
    processV1.RunPlannedSchema,
    {
      runId: R,
      kind: 'LEACHING',
    },
  );
  await deliver(
    lotTopic,
    concentration.LotQuantityTaken,
    A,
    '2026-11-02T07:00:00.000Z',
    processV1.LotQuantityTakenSchema,
    {
      lot: { lotId: A, lotCode: 'L-A' },
      runId: R,
      movementId: `mv-${ulid()}`,
      kind: processV1.TakeKind.INPUT,
      mass: kg('40'),
      remainingMass: kg('0'),
    },
  );
  for (const [lotId, lotCode, massKg, role, fraction] of [
    [P, 'CONC-1', '5', processV1.OutputRole.PRODUCT, '0.19'],
    [Q, 'RES-1', '35', processV1.OutputRole.RESIDUE, '0.001'],
  ] as const) {
    await deliver(
      lotTopic,
      concentration.LotProduced,
      lotId,
      '2026-11-02T10:00:00.000Z',
      processV1.LotProducedSchema,
      {
        lot: { lotId, lotCode },
        runId: R,
        role,
        mass: kg(massKg),
        composition: tb(fraction),
      },
    );
  }
  const balance = {
    closes: false,
    coverageFactor: '2',
    elements: [
      { element: 'Tb', losses: kg('0.01'), imbalance: kg('0.005'), tolerance: kg('0.004'), closes: false },
    ],
  };
  await deliver(
    runTopic,
    concentration.RunCompleted,
    R,
    '2026-11-02T11:00:00.000Z',
    processV1.RunCompletedSchema,
    {
      runId: R,
      basis: processV1.CompletionBasis.FINAL,
      balance,
      override: {
        reason: 'filter cake not yet weighed',
        overriddenBy: { subjectId: 'usr-lead', organisationId: 'org-plant' },
      },
    },
  );
});

afterAll(async () => {
  await feed?.destroy();
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

describe('reconciliation and EPCIS through the traceability subgraph', () => {
  it('answers runReconciliation for plant staff, with the override', async () => {
    const answer = await graphql(
      tokens.operator,
      `
        query ($runId: ID!) {
          runReconciliation(runId: $runId) {
            status
            closes
            elements {
              element
              totalInKg
              totalOutKg
              differenceKg
              toleranceKg
              closes
            }
            override {
              reason
              overriddenBy {
                subjectId
              }
              at
            }
          }
        }
      `,
      { runId: R },
    );
    expect(answer).toEqual({
      data: {
        runReconciliation: {
          status: 'OVERRIDDEN',
          closes: false,
          elements: [
            {
              element: 'Tb',
              totalInKg: '1',
              totalOutKg: '0.995',
              differenceKg: '0.005',
              toleranceKg: '0.004',
              closes: false,
            },
          ],
          override: {
            reason: 'filter cake not yet weighed',
            overriddenBy: { subjectId: 'usr-lead' },
            at: '2026-11-02T11:00:00.000Z',
          },
        },
      },
    });
  });

  it('answers plantReconciliation for auditors, and refuses recyclers and an inverted period', async () => {
    const query = `query ($from: DateTime!, $to: DateTime!) { plantReconciliation(from: $from, to: $to, elements: ["Tb"]) {
       runCount elements { element totalInKg lossesKg differenceKg unclosedDifferenceKg runsNotClosed }
       runsNotClosed { run { runId status } elements } overrides { runId reason } } }`;
    const november = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
    expect((await graphql(tokens.auditor, query, november)).data).toEqual({
      plantReconciliation: {
        runCount: 1,
        elements: [
          {
            element: 'Tb',
            totalInKg: '1',
            lossesKg: '0.01',
            differenceKg: '0.005',
            unclosedDifferenceKg: '0.005',
            runsNotClosed: 1,
          },
        ],
        runsNotClosed: [{ run: { runId: R, status: 'OVERRIDDEN' }, elements: ['Tb'] }],
        overrides: [{ runId: R, reason: 'filter cake not yet weighed' }],
      },
    });
    const recycler = await graphql(tokens.recycler, query, november);
    expect(recycler.data ?? null).toBeNull();
    expect(recycler.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const inverted = await graphql(tokens.auditor, query, { from: november.to, to: november.from });
    expect(inverted.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
  });

  it('returns the EPCIS document of a lot as JSON text', async () => {
    const answer = await graphql(tokens.auditor, 'query ($lotId: ID!) { epcisDocument(lotId: $lotId) }', {
      lotId: P,
    });
    const document = JSON.parse((answer.data as { epcisDocument: string }).epcisDocument) as {
      type: string;
      epcisBody: { eventList: { type: string; bizStep: string }[] };
    };
    expect(document.type).toBe('EPCISDocument');
    // A's registration (declared composition only: no assay), the assays of P and Q, the run.
    expect(document.epcisBody.eventList.map((e) => [e.type, e.bizStep])).toEqual([
      ['ObjectEvent', 'receiving'],
      ['ObjectEvent', 'inspecting'],
      ['ObjectEvent', 'inspecting'],
      ['TransformationEvent', 'commissioning'],
    ]);
    const http = await fetch(`${service.url}/epcis/lots/${P}.jsonld`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    expect([http.status, http.headers.get('content-type')]).toEqual([
      200,
      'application/ld+json; charset=utf-8',
    ]);
    expect({ ...((await http.json()) as object), creationDate: 'now' }).toEqual({
      ...document,
      creationDate: 'now',
    });
    const unknown = await fetch(`${service.url}/epcis/lots/NO-SUCH-LOT.jsonld`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'UNKNOWN_LOT']);
    expect((await fetch(`${service.url}/epcis/lots/${P}.jsonld`)).status).toBe(401);
    const refused = await graphql(tokens.recycler, 'query ($lotId: ID!) { epcisDocument(lotId: $lotId) }', {
      lotId: P,
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
