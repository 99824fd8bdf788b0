import { commonV1, IntakeEventTypes, intakeV1, processV1, Topics } from '@rre/contracts';
import { uniqueSchemaName } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import { kg, tb } from '@rre/traceability/testing';
import { ulid } from 'ulid';
import {
  callerTokens,
  type GenealogyFeed,
  openGenealogyFeed,
  startTraceabilityServiceUnderTest,
  type TraceabilityServiceUnderTest,
} from './test-support/traceability-service-under-test';

jest.setTimeout(120_000);

let underTest: TraceabilityServiceUnderTest;
let feed: GenealogyFeed;
const schema = uniqueSchemaName('traceability');
let tokens: Record<'auditor' | 'operator' | 'recycler', string>;

const concentration = processEventTypesOf('concentration');
const A = `A-${ulid()}`;
const P = `P-${ulid()}`;
const Q = `Q-${ulid()}`;
const R = `R-${ulid()}`;

/**
 * Magnet lot A (40 kg at 2.5 % Tb: 1 kg) is leached by run R into P (5 kg at 19 %: 0.95 kg) and
 * residue Q (35 kg at 0.1 %: 0.035 kg), 0.01 kg declared lost: 0.995 kg out, 0.005 kg short of the
 * 1 kg in, beyond the run's 0.004 kg tolerance; usr-lead completed it by override.
 */
beforeAll(async () => {
  underTest = await startTraceabilityServiceUnderTest(schema, 'rre-traceability-recon-');
  feed = await openGenealogyFeed(underTest, schema);
  tokens = await callerTokens(underTest, ['auditor', 'operator', 'recycler']);
  await feed.deliver(
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
  await feed.deliver(
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
  await feed.deliver(
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
    await feed.deliver(
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
  await feed.deliver(
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
  await feed?.close();
  await underTest?.stop();
});

const graphql = (token: string, query: string, variables?: Record<string, unknown>) =>
  underTest.graphql(token, query, variables);

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
    const http = await fetch(`${underTest.service.url}/epcis/lots/${P}.jsonld`, {
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
    const unknown = await fetch(`${underTest.service.url}/epcis/lots/NO-SUCH-LOT.jsonld`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'UNKNOWN_LOT']);
    expect((await fetch(`${underTest.service.url}/epcis/lots/${P}.jsonld`)).status).toBe(401);
    const refused = await graphql(tokens.recycler, 'query ($lotId: ID!) { epcisDocument(lotId: $lotId) }', {
      lotId: P,
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
