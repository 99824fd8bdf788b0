import 'reflect-metadata';
import { fromBinary } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  commonV1,
  IntakeEventTypes,
  intakeV1,
  processV1,
  SalesEventTypes,
  salesV1,
  TraceabilityEventTypes,
  traceabilityV1,
  Topics,
} from '@rre/contracts';
import type { ConsumedEvent } from '@rre/messaging';
import { uniqueSchemaName } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { StatementApplication } from '../application/statement-application';
import { RecallApplication } from '../application/recall-application';
import { ReconciliationQueries } from '../reconciliation/reconciliation-queries';
import { principal } from '../test-support/callers';
import { concentrationRunEvents } from '../test-support/concentration-run-events';
import { eventDelivery, secondsAfter } from '../test-support/event-delivery';
import { kg, shortCodeLotRef as lotRef, tb } from '../test-support/event-builders';
import { openTraceTestDatabase, type TraceTestDatabase } from '../test-support/trace-test-database';
import { startTraceTestSubgraph, type TraceTestSubgraph } from '../test-support/trace-test-subgraph';
import { TraceabilityApplication } from '../traceability-application';
import { TraceabilityModule } from '../traceability.module';
import { ConfigurationApplication } from './configuration-application';
import { RestatementQueries } from './restatement-queries';
import { restatedStatementIdOf } from './restate-affected-statements';

jest.setTimeout(120_000);

const auditor = principal(['auditor'], 'org-audit');
const admin = principal(['admin'], 'org-plant', 'usr-quality-lead');
const concentration = processEventTypesOf('concentration');

let traceDatabase: TraceTestDatabase;
let dataSource: DataSource;
let application: TraceabilityApplication;
let statements: StatementApplication;
const schema = uniqueSchemaName('traceability');

beforeAll(async () => {
  traceDatabase = await openTraceTestDatabase(schema);
  dataSource = traceDatabase.dataSource;
  application = new TraceabilityApplication({ dataSource });
  statements = new StatementApplication({ dataSource });
});

let traceSubgraph: TraceTestSubgraph | undefined;

/** The traceability subgraph on the test's schema; asks as a caller with the roles given. */
async function subgraphAndTokens() {
  traceSubgraph = await startTraceTestSubgraph(
    'traceability-as-of-test',
    TraceabilityModule.forRoot({ dataSource }),
  );
  return traceSubgraph.ask;
}

afterAll(async () => {
  await traceSubgraph?.close();
  await traceDatabase?.close();
});

/** `event`: the next event of a service about a subject, numbered as that service numbers them. */
const { event, handle: deliver } = eventDelivery({
  dataSource: () => dataSource,
  consumer: () => application.lotAndRunEventsConsumer(),
  positionSource: 'service',
  clock: secondsAfter('2026-11-28T10:00:00.000Z'),
});

async function outboxStatements(): Promise<traceabilityV1.RecycledContentStatementIssued[]> {
  const rows = (await dataSource.query(`SELECT topic, type, data FROM "${schema}".outbox ORDER BY id`)) as {
    topic: string;
    type: string;
    data: Uint8Array;
  }[];
  for (const row of rows)
    expect([row.topic, row.type]).toEqual([
      Topics.TraceabilityStatementEvents,
      TraceabilityEventTypes.RecycledContentStatementIssued,
    ]);
  return rows.map((row) =>
    fromBinary(traceabilityV1.RecycledContentStatementIssuedSchema, new Uint8Array(row.data)),
  );
}

/** A time between what was recorded so far and what comes next. */
async function instantBetween(): Promise<Date> {
  await new Promise((resolve) => setTimeout(resolve, 30));
  const instant = new Date();
  await new Promise((resolve) => setTimeout(resolve, 30));
  return instant;
}

const registered = (
  lotId: string,
  massKg: string,
  fraction: string,
  category: commonV1.SourceCategory,
  country: string,
) =>
  event(Topics.IntakeLotEvents, IntakeEventTypes.LotRegistered, lotId, intakeV1.LotRegisteredSchema, {
    lot: lotRef(lotId),
    supplier: { organisationId: `org-${lotId.slice(0, 1)}` },
    sourceCategory: category,
    countryOfOrigin: country,
    weighedNetMass: kg(massKg),
    declaredComposition: tb(fraction, '0.001'),
  });
const assayed = (lotId: string, fraction: string) =>
  event(Topics.IntakeLotEvents, IntakeEventTypes.LotAssayed, lotId, intakeV1.LotAssayedSchema, {
    lot: lotRef(lotId),
    assayId: `assay-${ulid()}`,
    method: 'ICP-OES',
    composition: tb(fraction, '0.001'),
    isCurrent: true,
    reason: 're-assay after supplier dispute',
  });
const { planned, taken, produced, completed } = concentrationRunEvents(event);
const massCorrected = (lotId: string, oldKg: string, newKg: string) =>
  event(
    Topics.ConcentrationLotEvents,
    concentration.LotMassCorrected,
    lotId,
    processV1.LotMassCorrectedSchema,
    {
      lot: lotRef(lotId),
      oldMass: kg(oldKg),
      newMass: kg(newKg),
      remainingMass: kg(newKg),
      reason: 'scale recalibrated',
      correctionId: `corr-${ulid()}`,
    },
  );
const shipped = (lotId: string, shipmentId: string, massKg: string) =>
  event(Topics.SalesLotEvents, SalesEventTypes.LotShipped, lotId, salesV1.LotShippedSchema, {
    lot: lotRef(lotId),
    shipmentId,
    orderId: `order-${shipmentId}`,
    customer: { organisationId: 'org-customer-1' },
    netMass: kg(massKg),
    shippedAt: timestampFromDate(new Date('2026-11-28T11:00:00.000Z')),
  });

describe('as of a recorded time, versioned configuration and restatements, through the consumer', () => {
  // A 100 kg x 5 % Tb post-consumer JP; B 50 kg x 2 % pre-consumer CN; C 10 kg x 10 % primary AU.
  // R1 takes A and B -> P 20 kg x 25 % + residue Q 80 kg x 1.25 %; R2 takes P and C -> M1 and M2,
  // 10 kg x 30 % each. M1 is shipped (S1); then A is re-assayed at 6 % and M1's mass corrected to 11 kg.
  const A = `A${ulid()}`;
  const B = `B${ulid()}`;
  const C = `C${ulid()}`;
  const P = `P${ulid()}`;
  const Q = `Q${ulid()}`;
  const M1 = `M1${ulid()}`;
  const M2 = `M2${ulid()}`;
  const R1 = `R1${ulid()}`;
  const R2 = `R2${ulid()}`;
  const S1 = `S1-${ulid()}`;
  const S2 = `S2-${ulid()}`;
  let beforeAnything: Date;
  let beforeAssay: Date;
  let beforeMassCorrection: Date;
  let statementId = '';
  let reAssay: ConsumedEvent<unknown>;

  const tbSources = async (asOf?: Date) => {
    const [view] = await application.backwardTrace(auditor, M1, 'Tb', asOf);
    return [
      view?.trace.elementMassKg,
      view?.sources.map((line) => [line.lot?.lotId ?? line.kind, line.attributedKg]),
    ];
  };

  it('answers a backward trace as known before and after an assay correction', async () => {
    beforeAnything = await instantBetween();
    for (const each of [
      registered(A, '100', '0.05', commonV1.SourceCategory.POST_CONSUMER, 'JP'),
      registered(B, '50', '0.02', commonV1.SourceCategory.PRE_CONSUMER, 'CN'),
      registered(C, '10', '0.1', commonV1.SourceCategory.PRIMARY, 'AU'),
      planned(R1),
      taken(A, R1, '100'),
      taken(B, R1, '50'),
      produced(P, R1, '20', '0.25'),
      produced(Q, R1, '80', '0.0125', processV1.OutputRole.RESIDUE),
      completed(R1),
      planned(R2),
      taken(P, R2, '20'),
      taken(C, R2, '10'),
      produced(M1, R2, '10', '0.3'),
      produced(M2, R2, '10', '0.3'),
      completed(R2),
      shipped(M1, S1, '10'),
    ])
      await deliver(each);
    const [frozen] = await statements.statementsOfLot(auditor, M1);
    statementId = frozen?.statementId ?? '';
    expect(frozen?.configurationVersion).toBe(1);
    beforeAssay = await instantBetween();
    reAssay = assayed(A, '0.06');
    await deliver(reAssay);

    // Before: A 25/36 of 3 kg, B 5/36, C 1/6. After (A 6 kg Tb into R1, B 1 kg): A 5/7, B 5/42, C 1/6.
    expect(await tbSources(beforeAssay)).toEqual([
      '3.000000',
      [
        [A, '2.083333'],
        [B, '0.416667'],
        [C, '0.500000'],
      ],
    ]);
    expect(await tbSources()).toEqual([
      '3.000000',
      [
        [A, '2.142857'],
        [B, '0.357143'],
        [C, '0.500000'],
      ],
    ]);
    expect(await tbSources(new Date())).toEqual(await tbSources());
    // Before anything was recorded the lot is unknown.
    expect(await application.lot(auditor, M1, beforeAnything)).toBeUndefined();
    await expect(application.backwardTrace(auditor, M1, 'Tb', beforeAnything)).rejects.toThrow(
      `lotId: got ${M1}, must be a lot`,
    );
    expect((await application.lot(auditor, A, beforeAssay))?.composition).toEqual({ Tb: '0.05' });
    expect((await application.lot(auditor, A))?.composition).toEqual({ Tb: '0.06' });
    // The live statement as of before the correction is the frozen one's figures (same inputs).
    const then = await statements.recycledContentStatement(auditor, M1, undefined, beforeAssay);
    expect(then.inputsSha256).toBe(frozen?.inputsSha256);
  });

  it('restates the shipped statement after the assay correction, with the exact kg and share differences', async () => {
    const restatements = new RestatementQueries({ dataSource });
    const [first, ...others] = await restatements.of(auditor, statementId);
    expect(others).toEqual([]);
    expect(first?.statementId).toBe(statementId);
    expect(first?.sequence).toBe(1);
    expect(first?.lotId).toBe(M1);
    expect(first?.configurationVersion).toBe(1);
    expect(first?.triggeredBy).toEqual([
      { eventId: reAssay.envelope.id, type: IntakeEventTypes.LotAssayed, subject: A },
    ]);
    expect(first?.changes.figures).toEqual([
      {
        element: 'Tb',
        category: 'POST_CONSUMER',
        beforeKg: '2.083333',
        afterKg: '2.142857',
        differenceKg: '0.059524',
        beforeShare: '0.694444444444',
        afterShare: '0.714285714286',
        differenceShare: '0.019841269842',
      },
      {
        element: 'Tb',
        category: 'PRE_CONSUMER',
        beforeKg: '0.416667',
        afterKg: '0.357143',
        differenceKg: '-0.059524',
        beforeShare: '0.138888888889',
        afterShare: '0.119047619048',
        differenceShare: '-0.019841269841',
      },
    ]);
    expect(first?.changes.countries.map((each) => [each.country, each.differenceKg])).toEqual([
      ['CN', '-0.059524'],
      ['JP', '0.059524'],
    ]);
    expect(first?.changes.co2eKgPerKg).toBeNull();
    // The issued statement itself never changes.
    const [frozen] = await statements.statementsOfLot(auditor, M1);
    expect(frozen?.elements.find((each) => each.element === 'Tb')?.categories[0]?.massKg).toBe('2.083333');
    // The restatement left the platform as a second statement event naming the one it restates.
    const published = await outboxStatements();
    expect(published.map((each) => [each.statementId, each.restatesStatementId, each.shipmentId])).toEqual([
      [statementId, '', S1],
      [restatedStatementIdOf(statementId, 1), statementId, S1],
    ]);
    expect(restatedStatementIdOf(statementId, 1)).toMatch(/^ST-[0-9A-F]{26}$/);
    const restated = published[1];
    expect(restated?.lot?.lotId).toBe(M1);
    expect(
      restated?.elements.map((each) => [
        each.element,
        each.mass?.value,
        each.categories.map((category) => [category.mass?.value, category.share?.value]),
      ]),
    ).toEqual([
      [
        'Tb',
        '3.000000',
        [
          ['2.142857', '0.714285714286'],
          ['0.357143', '0.119047619048'],
          ['0.500000', '0.166666666667'],
          ['0.000000', '0'],
        ],
      ],
    ]);
    expect(restated?.issuedAt && timestampDate(restated.issuedAt)).toEqual(first?.restatedAt);
    expect(restated?.inputsSha256).toBe(first?.figures.inputsSha256);
    // Like the first statement, it names a signed ledger checkpoint (one made in its transaction).
    expect(Number(restated?.ledgerCheckpointId)).toBeGreaterThan(Number(published[0]?.ledgerCheckpointId));
    expect(restated?.ledgerCheckpointRoot).toMatch(/^[0-9a-f]{64}$/);
    // The correction delivered again (a replay past the inbox): nothing is restated or published again.
    await deliver(reAssay);
    // The same assay again (another event, same content) changes no figure: no restatement.
    await deliver(assayed(A, '0.06'));
    expect(await restatements.of(auditor, statementId)).toHaveLength(1);
    expect(await outboxStatements()).toHaveLength(2);
    // Recyclers whose lots are not in it see none; the period list is the plant's staff's.
    expect(await restatements.of(principal(['recycler'], 'org-X'), statementId)).toEqual([]);
    expect(await restatements.of(principal(['recycler'], 'org-A'), statementId)).toHaveLength(1);
    await expect(
      restatements.between(principal(['recycler'], 'org-A'), beforeAnything, new Date()),
    ).rejects.toThrow('caller: got "recycler"'.replace('"recycler"', 'recycler'));
    const inPeriod = await restatements.between(auditor, beforeAssay, new Date(Date.now() + 1000));
    expect(inPeriod.map((each) => [each.statementId, each.sequence])).toEqual([[statementId, 1]]);
    await expect(restatements.between(auditor, beforeAssay, beforeAssay)).rejects.toThrow(
      `to: got ${beforeAssay.toISOString()}, must be after from`,
    );
  });

  it('records a configuration change with who and why; the next statement and restatement refer to it', async () => {
    const configuration = new ConfigurationApplication({ dataSource });
    await expect(
      configuration.change(admin, { roundingRule: 'HALF_UP_1G', reason: 'customer asked' }),
    ).rejects.toThrow('roundingRule: got "HALF_UP_1G", must be one of HALF_EVEN_1MG_LARGEST_REMAINDER');
    await expect(
      configuration.change(admin, { closingCoverageFactor: '-1', reason: 'tighter' }),
    ).rejects.toThrow('closingCoverageFactor: got "-1", must be a decimal above 0 and at most 10');
    await expect(
      configuration.change(admin, { defaultGridFactorKgCo2ePerKwh: 'abc', reason: 'grid' }),
    ).rejects.toThrow('defaultGridFactorKgCo2ePerKwh: got "abc", must be a non-negative decimal');
    await expect(configuration.change(admin, { closingCoverageFactor: '3', reason: '  ' })).rejects.toThrow(
      'reason: got "  ", must say why the configuration changes',
    );
    await expect(configuration.change(admin, { closingCoverageFactor: '2', reason: 'same' })).rejects.toThrow(
      'must change at least one setting of the version in force',
    );
    await expect(
      configuration.change(principal(['auditor'], 'org-audit'), { closingCoverageFactor: '3', reason: 'x' }),
    ).rejects.toThrow('caller: got auditor, only an admin may change the traceability configuration');
    expect((await configuration.versions()).map((each) => each.version)).toEqual([1]);

    const changed = await configuration.change(admin, {
      closingCoverageFactor: '3',
      defaultGridFactorKgCo2ePerKwh: '0.42',
      reason: 'k = 3 per the 2026 audit; national grid factor 2025',
    });
    expect(changed).toMatchObject({
      version: 2,
      methodVersion: 'physical-allocation/1',
      roundingRule: 'HALF_EVEN_1MG_LARGEST_REMAINDER',
      closingCoverageFactor: '3',
      defaultGridFactorKgCo2ePerKwh: '0.42',
      changedBy: { subjectId: 'usr-quality-lead', organisationId: 'org-plant' },
      reason: 'k = 3 per the 2026 audit; national grid factor 2025',
    });
    expect(
      (await configuration.versions()).map((each) => [each.version, each.closingCoverageFactor]),
    ).toEqual([
      [1, '2'],
      [2, '3'],
    ]);

    await deliver(shipped(M2, S2, '10'));
    const [m2Statement] = await statements.statementsOfLot(auditor, M2);
    expect(m2Statement?.configurationVersion).toBe(2);
    const [m1Statement] = await statements.statementsOfLot(auditor, M1);
    expect(m1Statement?.configurationVersion).toBe(1);
  });

  it('restates again after a mass correction, against the previous restatement; reconciliation as of before it', async () => {
    beforeMassCorrection = await instantBetween();
    const correction = massCorrected(M1, '10', '11');
    await deliver(correction);
    const restatements = await new RestatementQueries({ dataSource }).of(auditor, statementId);
    expect(restatements.map((each) => each.sequence)).toEqual([1, 2]);
    const second = restatements[1];
    expect(second?.configurationVersion).toBe(2);
    expect(second?.triggeredBy.map((each) => each.eventId)).toEqual([correction.envelope.id]);
    // M1 11 kg x 30 % = 3.3 kg Tb; R2 put out 6.3 kg against 6 in: 3/63 unattributed; P 50/63
    // (A 6/7 of it, B 1/7), C 10/63. At 1 mg: A 2.244898, B 0.374150, C 0.523809, unattributed 0.157143.
    expect(
      second?.changes.figures.map((each) => [
        each.category,
        each.beforeKg,
        each.afterKg,
        each.differenceKg,
        each.afterShare,
        each.differenceShare,
      ]),
    ).toEqual([
      ['TOTAL', '3.000000', '3.300000', '0.300000', null, null],
      ['POST_CONSUMER', '2.142857', '2.244898', '0.102041', '0.680272108844', '-0.034013605442'],
      ['PRE_CONSUMER', '0.357143', '0.374150', '0.017007', '0.113378684807', '-0.005668934241'],
      ['PRIMARY', '0.500000', '0.523809', '0.023809', '0.158730158730', '-0.007936507937'],
      ['UNATTRIBUTED', '0.000000', '0.157143', '0.157143', '0.047619047619', '0.047619047619'],
    ]);
    // M2's statement stands on R2 too: its 3 kg now share R2's excess, 3/63 unattributed (0.142857 kg).
    const [m2Statement] = await statements.statementsOfLot(auditor, M2);
    const [m2Restated, ...more] = await new RestatementQueries({ dataSource }).of(
      auditor,
      m2Statement?.statementId ?? '',
    );
    expect(more).toEqual([]);
    expect(
      m2Restated?.changes.figures.map((each) => [
        each.category,
        each.beforeKg,
        each.afterKg,
        each.differenceKg,
      ]),
    ).toEqual([
      ['POST_CONSUMER', '2.142857', '2.040816', '-0.102041'],
      ['PRE_CONSUMER', '0.357143', '0.340136', '-0.017007'],
      ['PRIMARY', '0.500000', '0.476191', '-0.023809'],
      ['UNATTRIBUTED', '0.000000', '0.142857', '0.142857'],
    ]);
    const period = await new RestatementQueries({ dataSource }).between(
      auditor,
      beforeMassCorrection,
      new Date(Date.now() + 1000),
    );
    expect(period.map((each) => `${each.lotId} ${each.sequence}`).sort()).toEqual([`${M1} 2`, `${M2} 1`]);
    // Each restatement is announced once, naming the statement it supersedes.
    const announced = (await outboxStatements()).map((each) => [each.statementId, each.restatesStatementId]);
    expect(announced.slice(3).sort()).toEqual(
      [
        [restatedStatementIdOf(statementId, 2), restatedStatementIdOf(statementId, 1)],
        [restatedStatementIdOf(m2Statement?.statementId ?? '', 1), m2Statement?.statementId],
      ].sort(),
    );
    expect(announced).toHaveLength(5);

    const reconciliation = new ReconciliationQueries(dataSource);
    const tbOut = async (asOf?: Date) =>
      (await reconciliation.run(R2, ['Tb'], asOf))?.elements.map((each) => [each.totalInKg, each.totalOutKg]);
    expect(await tbOut(beforeMassCorrection)).toEqual([['6', '6']]);
    expect(await tbOut()).toEqual([['6', '6.3']]);
    // Forward trace of A as of before the correction: M1 had 2.142857 kg of A's Tb; now 2.244898.
    const recall = new RecallApplication({ dataSource });
    const reached = async (asOf?: Date) =>
      (await recall.forwardTrace(auditor, A, 'Tb', asOf))[0]?.lots.find((each) => each.lot.lotId === M1)
        ?.attributedKg;
    expect(await reached(beforeMassCorrection)).toBe('2.142857');
    expect(await reached()).toBe('2.244898');
    expect(await reached(beforeAssay)).toBe('2.083333');
    // M1's footprint and statement as of before the correction: 3 kg Tb.
    const then = await statements.recycledContentStatement(auditor, M1, ['Tb'], beforeMassCorrection);
    expect(then.elements[0]?.massKg).toBe('3.000000');
  });

  it('answers the same through GraphQL: asOf, restatements, configuration versions and the admin mutation', async () => {
    const ask = await subgraphAndTokens();
    const trace = await ask(
      ['auditor'],
      'org-audit',
      `query ($lotId: ID!, $asOf: DateTime) { backwardTrace(lotId: $lotId, element: "Tb", asOf: $asOf) {
         elementMassKg sources { lotId attributedKg } } }`,
      { lotId: M1, asOf: beforeAssay.toISOString() },
    );
    expect(trace.errors).toBeUndefined();
    expect(trace.data.backwardTrace[0]).toEqual({
      elementMassKg: '3.000000',
      sources: [
        { lotId: A, attributedKg: '2.083333' },
        { lotId: B, attributedKg: '0.416667' },
        { lotId: C, attributedKg: '0.500000' },
      ],
    });
    const restated = await ask(
      ['auditor'],
      'org-audit',
      `query ($id: ID!) { statement(id: $id) { configurationVersion }
         restatementsOf(statementId: $id) { sequence configurationVersion changes { category differenceKg }
           figures { elements { element massKg } } triggeredBy { type subject } } }`,
      { id: statementId },
    );
    expect(restated.errors).toBeUndefined();
    expect(restated.data.statement).toEqual({ configurationVersion: 1 });
    expect(
      restated.data.restatementsOf.map((each: any) => [each.sequence, each.configurationVersion]),
    ).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(restated.data.restatementsOf[0].changes).toEqual([
      { category: 'POST_CONSUMER', differenceKg: '0.059524' },
      { category: 'PRE_CONSUMER', differenceKg: '-0.059524' },
    ]);
    expect(
      restated.data.restatementsOf[1].figures.elements.find((each: any) => each.element === 'Tb'),
    ).toEqual({
      element: 'Tb',
      massKg: '3.300000',
    });
    const change = `mutation { changeTraceabilityConfiguration(reason: "tolerance per ISO/IEC Guide 98-3", closingCoverageFactor: "2.5") {
        version closingCoverageFactor changedBy { subjectId organisationId } reason } }`;
    const refused = await ask(['auditor'], 'org-audit', change, {});
    expect(refused.data?.changeTraceabilityConfiguration ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await ask(
      ['admin'],
      'org-plant',
      `mutation { changeTraceabilityConfiguration(reason: "x", roundingRule: "UP") { version } }`,
      {},
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'roundingRule',
      value: '"UP"',
    });
    const done = await ask(['admin'], 'org-plant', change, {});
    expect(done.errors).toBeUndefined();
    expect(done.data.changeTraceabilityConfiguration).toEqual({
      version: 3,
      closingCoverageFactor: '2.5',
      changedBy: { subjectId: 'usr-org-plant', organisationId: 'org-plant' },
      reason: 'tolerance per ISO/IEC Guide 98-3',
    });
    const versions = await ask(
      ['auditor'],
      'org-audit',
      `{ traceabilityConfigurationVersions { version changedBy { subjectId } reason } }`,
      {},
    );
    expect(
      versions.data.traceabilityConfigurationVersions.map((each: any) => [
        each.version,
        each.changedBy.subjectId,
      ]),
    ).toEqual([
      [1, 'system'],
      [2, 'usr-quality-lead'],
      [3, 'usr-org-plant'],
    ]);
  });

  it('records facts at the time the platform recorded their events, also for an event the gate held', async () => {
    const X = `X${ulid()}`;
    const registeredAt = new Date('2026-11-01T08:00:00.000Z');
    const assayedAt = new Date('2026-11-02T08:00:00.000Z');
    const registration = registered(X, '40', '0.05', commonV1.SourceCategory.POST_CONSUMER, 'JP');
    const assay = assayed(X, '0.06');
    // The assay (X's 2nd intake event) arrives first: held until the registration, then applied.
    await deliver({ ...assay, recordedAt: assayedAt });
    expect(await application.lot(auditor, X)).toBeUndefined();
    await deliver({ ...registration, recordedAt: registeredAt });
    const history = (await dataSource.query(
      `SELECT composition->0->>'fraction' AS tb, fact_recorded_at FROM "${schema}".trace_lot_history
       WHERE lot_id = $1 ORDER BY history_id`,
      [X],
    )) as { tb: string; fact_recorded_at: Date }[];
    // The registration writes the lot, its mass, then its declared composition; the assay replaces it.
    expect(history.map((row) => [row.tb, row.fact_recorded_at.toISOString()])).toEqual([
      [null, '2026-11-01T08:00:00.000Z'],
      [null, '2026-11-01T08:00:00.000Z'],
      ['0.05', '2026-11-01T08:00:00.000Z'],
      ['0.06', '2026-11-02T08:00:00.000Z'],
    ]);
    expect(
      (await application.lot(auditor, X, new Date('2026-10-31T00:00:00Z')))?.composition,
    ).toBeUndefined();
    expect((await application.lot(auditor, X, new Date('2026-11-01T12:00:00Z')))?.composition).toEqual({
      Tb: '0.05',
    });
    expect((await application.lot(auditor, X))?.composition).toEqual({ Tb: '0.06' });
    expect(
      await dataSource.query(`SELECT count(*)::integer AS n FROM "${schema}".trace_held_event_recorded_at`),
    ).toEqual([{ n: 0 }]);
  });

  it('refuses an as-of time that is not a date-time', async () => {
    await expect(application.backwardTrace(auditor, M1, 'Tb', new Date('nonsense'))).rejects.toThrow(
      'asOf: got Invalid Date, must be a date-time',
    );
  });
});
