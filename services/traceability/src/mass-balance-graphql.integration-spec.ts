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
let tokens: Record<'auditor' | 'operator' | 'recycler' | 'sales', string>;

const concentration = processEventTypesOf('concentration');
const A = `A-${ulid()}`;
const P = `P-${ulid()}`;
const R = `R-${ulid()}`;

/**
 * October 2026 (a period that has ended): magnet lot A (post-consumer, 40 kg at 2.5 % Tb: 1 kg Tb)
 * is taken whole by leaching run R on 2 Oct, which makes P (5 kg at 19 %: 0.95 kg Tb) and loses
 * 0.05 kg Tb. Mass balance, October: 1 kg Tb in, all post-consumer (share 1); credits 1 - 0.05 =
 * 0.95 kg POST_CONSUMER.
 */
beforeAll(async () => {
  underTest = await startTraceabilityServiceUnderTest(schema, 'rre-traceability-mb-');
  feed = await openGenealogyFeed(underTest, schema);
  tokens = await callerTokens(underTest, ['auditor', 'operator', 'recycler', 'sales']);
  await feed.deliver(
    Topics.IntakeLotEvents,
    IntakeEventTypes.LotRegistered,
    A,
    '2026-10-01T08:00:00.000Z',
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
  await feed.deliver(
    Topics.ConcentrationRunEvents,
    concentration.RunPlanned,
    R,
    '2026-10-02T06:00:00.000Z',
    processV1.RunPlannedSchema,
    {
      runId: R,
      kind: 'LEACHING',
    },
  );
  await feed.deliver(
    Topics.ConcentrationLotEvents,
    concentration.LotQuantityTaken,
    A,
    '2026-10-02T07:00:00.000Z',
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
  await feed.deliver(
    Topics.ConcentrationLotEvents,
    concentration.LotProduced,
    P,
    '2026-10-02T10:00:00.000Z',
    processV1.LotProducedSchema,
    {
      lot: { lotId: P, lotCode: 'CONC-1' },
      runId: R,
      role: processV1.OutputRole.PRODUCT,
      mass: kg('5'),
      composition: tb('0.19'),
    },
  );
  await feed.deliver(
    Topics.ConcentrationRunEvents,
    concentration.RunCompleted,
    R,
    '2026-10-02T11:00:00.000Z',
    processV1.RunCompletedSchema,
    {
      runId: R,
      basis: processV1.CompletionBasis.FINAL,
      balance: {
        closes: true,
        coverageFactor: '2',
        elements: [
          { element: 'Tb', losses: kg('0.05'), imbalance: kg('0'), tolerance: kg('0.004'), closes: true },
        ],
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

const OCTOBER = { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' };
const PERIOD = `query ($from: DateTime!, $to: DateTime!, $elements: [String!]!, $method: MassBalanceMethod!) {
  massBalancePeriod(from: $from, to: $to, elements: $elements, method: $method) {
    method chainOfCustodyModel
    elements { element inputKg runLossesKg creditsKg outKg inputLots deposited
      categories { category inputKg share lossesKg creditsKg outKg balanceKg } } } }`;
const CLAIM = `mutation ($lotId: ID, $kg: String!, $key: String) {
  claimRecycledCredits(lotId: $lotId, element: "Tb", category: "POST_CONSUMER", kg: $kg, idempotencyKey: $key) {
    claimId lotId shipmentId kg balanceAfterKg chainOfCustodyModel replayed draws { periodFrom periodTo kg } } }`;
const LEDGER = `{ creditLedger(element: "Tb", category: "POST_CONSUMER") { balanceKg entries { kind kg balanceAfterKg } } }`;

describe('the plant-level mass balance through the traceability subgraph', () => {
  it('answers October by the rolling-average method for auditors and refuses recyclers', async () => {
    const answer = await graphql(tokens.auditor, PERIOD, {
      ...OCTOBER,
      elements: ['Tb'],
      method: 'ROLLING_AVERAGE',
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      massBalancePeriod: {
        method: 'ROLLING_AVERAGE',
        chainOfCustodyModel:
          'mass balance: rolling-average method, period 2026-10-01T00:00:00.000Z/2026-11-01T00:00:00.000Z',
        elements: [
          {
            element: 'Tb',
            inputKg: '1.000000',
            runLossesKg: '0.050000',
            creditsKg: '0.950000',
            outKg: '0.000000',
            inputLots: 1,
            deposited: null,
            categories: [
              {
                category: 'POST_CONSUMER',
                inputKg: '1.000000',
                share: '1',
                lossesKg: '0.050000',
                creditsKg: '0.950000',
                outKg: '0.000000',
                balanceKg: '0.950000',
              },
              {
                category: 'PRE_CONSUMER',
                inputKg: '0.000000',
                share: '0',
                lossesKg: '0.000000',
                creditsKg: '0.000000',
                outKg: '0.000000',
                balanceKg: '0.000000',
              },
              {
                category: 'PRIMARY',
                inputKg: '0.000000',
                share: '0',
                lossesKg: '0.000000',
                creditsKg: '0.000000',
                outKg: '0.000000',
                balanceKg: '0.000000',
              },
              {
                category: 'UNATTRIBUTED',
                inputKg: '0.000000',
                share: '0',
                lossesKg: '0.000000',
                creditsKg: '0.000000',
                outKg: '0.000000',
                balanceKg: '0.000000',
              },
            ],
          },
        ],
      },
    });
    for (const query of [PERIOD, LEDGER]) {
      const refused = await graphql(tokens.recycler, query, {
        ...OCTOBER,
        elements: ['Tb'],
        method: 'CREDIT',
      });
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('refuses an inverted period and an unknown element with code, field, value and rule', async () => {
    const inverted = await graphql(tokens.auditor, PERIOD, {
      from: OCTOBER.to,
      to: OCTOBER.from,
      elements: ['Tb'],
      method: 'CREDIT',
    });
    expect(inverted.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'to',
      value: OCTOBER.from,
    });
    const unknown = await graphql(tokens.auditor, PERIOD, { ...OCTOBER, elements: ['Qq'], method: 'CREDIT' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'elements',
      value: '"Qq"',
    });
  });

  it('claims only what was deposited: refused with nothing changed, then withdrawn once', async () => {
    const early = await graphql(tokens.sales, CLAIM, { lotId: P, kg: '0.5' });
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      field: 'kg',
      value: '0.500000',
      rule: 'must not exceed the POST_CONSUMER Tb credit balance (0.000000 kg): the account never goes negative',
    });
    const DEPOSIT = `mutation ($from: DateTime!, $to: DateTime!) { depositMassBalanceCredits(from: $from, to: $to, elements: ["Tb"]) { category kg balanceAfterKg } }`;
    expect((await graphql(tokens.auditor, DEPOSIT, OCTOBER)).errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await graphql(tokens.operator, DEPOSIT, OCTOBER)).data).toEqual({
      depositMassBalanceCredits: [{ category: 'POST_CONSUMER', kg: '0.950000', balanceAfterKg: '0.950000' }],
    });
    expect(
      (await graphql(tokens.auditor, CLAIM, { lotId: P, kg: '0.5' })).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    const claimed = await graphql(tokens.sales, CLAIM, { lotId: P, kg: '0.9', key: 'claim-p-1' });
    expect(claimed.data?.claimRecycledCredits).toMatchObject({
      lotId: P,
      shipmentId: null,
      kg: '0.900000',
      balanceAfterKg: '0.050000',
      chainOfCustodyModel:
        'mass balance: credit method, period 2026-10-01T00:00:00.000Z/2026-11-01T00:00:00.000Z',
      replayed: false,
      draws: [{ periodFrom: OCTOBER.from, periodTo: OCTOBER.to, kg: '0.900000' }],
    });
    const retried = await graphql(tokens.sales, CLAIM, { lotId: P, kg: '0.9', key: 'claim-p-1' });
    expect(retried.data?.claimRecycledCredits).toMatchObject({ balanceAfterKg: '0.050000', replayed: true });
    const again = await graphql(tokens.sales, CLAIM, { lotId: P, kg: '0.01', key: 'claim-p-2' });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'DUPLICATE_CLAIM',
      field: 'lotId',
      value: P,
    });
    expect((await graphql(tokens.auditor, LEDGER)).data).toEqual({
      creditLedger: {
        balanceKg: '0.050000',
        entries: [
          { kind: 'DEPOSIT', kg: '0.950000', balanceAfterKg: '0.950000' },
          { kind: 'CLAIM', kg: '0.900000', balanceAfterKg: '0.050000' },
        ],
      },
    });
    const credit = await graphql(tokens.auditor, PERIOD, { ...OCTOBER, elements: ['Tb'], method: 'CREDIT' });
    expect(credit.data?.massBalancePeriod).toMatchObject({
      chainOfCustodyModel:
        'mass balance: credit method, period 2026-10-01T00:00:00.000Z/2026-11-01T00:00:00.000Z',
      elements: [
        {
          deposited: true,
          categories: [
            { category: 'POST_CONSUMER', creditsKg: '0.950000', balanceKg: '0.050000' },
            {},
            {},
            { balanceKg: null },
          ],
        },
      ],
    });
  });
});
