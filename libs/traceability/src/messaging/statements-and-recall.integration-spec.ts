import 'reflect-metadata';
import { fromBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
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
import { inTransaction, uniqueSchemaName } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { RecallApplication } from '../application/recall-application';
import { StatementApplication } from '../application/statement-application';
import { RunEmissionStore } from '../persistence/run-emission.store';
import { principal } from '../test-support/callers';
import { concentrationRunEvents } from '../test-support/concentration-run-events';
import { eventDelivery, secondsAfter } from '../test-support/event-delivery';
import { kg, shortCodeLotRef as lotRef, tb } from '../test-support/event-builders';
import { openTraceTestDatabase, type TraceTestDatabase } from '../test-support/trace-test-database';
import { startTraceTestSubgraph, type TraceTestSubgraph } from '../test-support/trace-test-subgraph';
import { TraceabilityApplication } from '../traceability-application';
import { TraceabilityModule } from '../traceability.module';

jest.setTimeout(120_000);

const auditor = principal(['auditor'], 'org-audit');
const concentration = processEventTypesOf('concentration');

let traceDatabase: TraceTestDatabase;
let dataSource: DataSource;
let application: TraceabilityApplication;
let statements: StatementApplication;
let recall: RecallApplication;
const schema = uniqueSchemaName('traceability');
const issuedAt = new Date('2026-11-28T12:00:00.000Z');
let traceSubgraph: TraceTestSubgraph | undefined;

/** The traceability subgraph on the test's schema, and a token minter. */
async function subgraphAndTokens() {
  traceSubgraph = await startTraceTestSubgraph(
    'traceability-statement-test',
    TraceabilityModule.forRoot({ dataSource }),
  );
  return traceSubgraph.ask;
}

beforeAll(async () => {
  traceDatabase = await openTraceTestDatabase(schema);
  dataSource = traceDatabase.dataSource;
  application = new TraceabilityApplication({ dataSource, clock: () => issuedAt });
  statements = new StatementApplication({ dataSource });
  recall = new RecallApplication({ dataSource });
});

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

const registered = (
  lotId: string,
  massKg: string,
  fraction: string,
  uncertainty: string,
  category: commonV1.SourceCategory,
  country: string,
) =>
  event(Topics.IntakeLotEvents, IntakeEventTypes.LotRegistered, lotId, intakeV1.LotRegisteredSchema, {
    lot: lotRef(lotId),
    supplier: { organisationId: `org-${lotId.slice(0, 1)}` },
    sourceCategory: category,
    countryOfOrigin: country,
    weighedNetMass: kg(massKg),
    declaredComposition: tb(fraction, uncertainty),
  });
const received = (lotId: string, massKg: string) =>
  event(Topics.ConcentrationLotEvents, concentration.LotReceived, lotId, processV1.LotReceivedSchema, {
    lot: lotRef(lotId),
    kind: processV1.ProcessLotKind.MATERIAL,
    mass: kg(massKg),
  });
const { planned, taken, produced, completed } = concentrationRunEvents(event);
const shipped = (lotId: string, shipmentId: string, massKg: string, customer: string) =>
  event(Topics.SalesLotEvents, SalesEventTypes.LotShipped, lotId, salesV1.LotShippedSchema, {
    lot: lotRef(lotId),
    shipmentId,
    orderId: `order-${shipmentId}`,
    orderLineId: `line-${shipmentId}`,
    customer: { organisationId: customer },
    deliverySite: { siteId: `site-${customer}`, organisationId: customer },
    netMass: kg(massKg),
    shippedAt: timestampFromDate(new Date('2026-11-28T11:00:00.000Z')),
    productCode: 'TB-CONC',
    passportId: `pp-${shipmentId}`,
  });

async function outboxStatements(): Promise<traceabilityV1.RecycledContentStatementIssued[]> {
  const rows = (await dataSource.query(
    `SELECT topic, type, key, data FROM "${schema}".outbox ORDER BY id`,
  )) as {
    topic: string;
    type: string;
    key: string;
    data: Uint8Array;
  }[];
  for (const row of rows) {
    expect([row.topic, row.type]).toEqual([
      Topics.TraceabilityStatementEvents,
      TraceabilityEventTypes.RecycledContentStatementIssued,
    ]);
  }
  return rows.map((row) =>
    fromBinary(traceabilityV1.RecycledContentStatementIssuedSchema, new Uint8Array(row.data)),
  );
}

describe('shipments, frozen recycled-content statements and recall, through the consumer', () => {
  // A 100 kg x 5 % Tb (+/- 0.1 %) post-consumer JP; B 50 kg x 2 % pre-consumer CN; C 10 kg x 10 %
  // primary AU. R1 takes A and B (6 kg Tb) -> P 20 kg x 25 % (5 kg) + residue Q 80 kg x 1.25 % (1 kg).
  // R2 takes P and C -> M1 and M2, each 10 kg x 30 % = 3 kg Tb. M1 shipped (S1, 10 kg) to org-customer-1.
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

  it("freezes M1's statement when it is shipped, once, and publishes it through the outbox", async () => {
    // Concentration publishes no RunEnergyRecorded (run-energy-recorded.integration-spec.ts has the event):
    // R1 recorded 12 kg CO2e and R2 6 kg, written directly.
    await inTransaction(dataSource, async (manager) => {
      const store = new RunEmissionStore();
      await store.record(manager, R1, { co2eKg: '12', energyKwh: '26.5' }, issuedAt);
      await store.record(manager, R2, { co2eKg: '6' }, issuedAt);
    });
    // Sales' event read before concentration's: M1 has no mass yet, so the shipment is recorded and
    // its statement waits (genealogy-completeness.integration-spec.ts); R2's completion freezes it.
    const shipment = shipped(M1, S1, '10', 'org-customer-1');
    await deliver(shipment);
    expect(await dataSource.query(`SELECT statement_id FROM "${schema}".trace_statement`)).toEqual([]);
    const events = [
      registered(A, '100', '0.05', '0.001', commonV1.SourceCategory.POST_CONSUMER, 'JP'),
      registered(B, '50', '0.02', '', commonV1.SourceCategory.PRE_CONSUMER, 'CN'),
      registered(C, '10', '0.1', '', commonV1.SourceCategory.PRIMARY, 'AU'),
      received(A, '100'),
      received(B, '50'),
      received(C, '10'),
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
    ];
    for (const each of events) await deliver(each);

    await deliver(shipment); // redelivered: the inbox's business, but nothing may change here either
    // Sales announces the same shipment again under a new event (a replay): still one statement.
    await deliver(shipped(M1, S1, '10', 'org-customer-1'));

    expect(
      await dataSource.query(
        `SELECT shipment_id, lot_id, order_id, customer_organisation_id, delivery_site_id, net_mass_kg::text AS net_mass_kg, passport_id FROM "${schema}".trace_shipment`,
      ),
    ).toEqual([
      {
        shipment_id: S1,
        lot_id: M1,
        order_id: `order-${S1}`,
        customer_organisation_id: 'org-customer-1',
        delivery_site_id: 'site-org-customer-1',
        net_mass_kg: '10',
        passport_id: `pp-${S1}`,
      },
    ]);
    const frozen = await statements.statementsOfLot(auditor, M1);
    expect(frozen).toHaveLength(1);
    const [statement] = frozen;
    // M1: 3 kg Tb; A 25/36 = 2.083333 kg, B 5/36 = 0.416667 kg (the leftover mg), C 1/6 = 0.5 kg.
    // A's 0.1 % uncertainty moves the post- and pre-consumer shares by 3/1317.6 = 0.002277.
    expect(statement?.shipmentId).toBe(S1);
    expect(statement?.issuedAt.toISOString()).toBe('2026-11-28T12:00:00.000Z');
    const tbContent = statement?.elements.find((each) => each.element === 'Tb');
    expect(tbContent?.massKg).toBe('3.000000');
    expect(
      tbContent?.categories.map((each) => [each.category, each.massKg, each.share, each.shareUncertainty]),
    ).toEqual([
      ['POST_CONSUMER', '2.083333', '0.694444444444', '0.002277'],
      ['PRE_CONSUMER', '0.416667', '0.138888888889', '0.002277'],
      ['PRIMARY', '0.500000', '0.166666666667', '0.000000'],
      ['UNATTRIBUTED', '0.000000', '0', '0.000000'],
    ]);
    expect(statement?.elements.map((each) => [each.element, each.stated])).toEqual([
      ['Nd', false],
      ['Pr', false],
      ['Dy', false],
      ['Tb', true],
      ['B', false],
      ['Co', false],
    ]);
    expect(statement?.countriesOfOrigin.map((each) => [each.country, each.massKg])).toEqual([
      ['AU', '0.500000'],
      ['CN', '0.416667'],
      ['JP', '2.083333'],
    ]);
    // R1: 12 kg over 100 kg of outputs = 0.12 kg/kg; R2: (20 x 0.12 + 6) / 20 kg = 0.42 kg/kg.
    expect(statement?.co2eKgPerKg).toBe('0.420000');
    expect(statement?.methodVersion).toBe('physical-allocation/1');
    expect(statement?.chainOfCustodyModel).toBe(
      'controlled blending: physical allocation through the genealogy',
    );
    expect(statement?.inputsSha256).toMatch(/^[0-9a-f]{64}$/);
    // The live statement stands on the same inputs: the same hash.
    const live = await statements.recycledContentStatement(auditor, M1);
    expect(live.inputsSha256).toBe(statement?.inputsSha256);
    expect(await statements.statement(auditor, statement?.statementId ?? '')).toEqual(statement);

    // A recycler reads the statements of lots its own source lots went into, and no others.
    const ownSupplier = principal(['recycler'], 'org-A');
    const stranger = principal(['recycler'], 'org-X');
    expect((await statements.statementsOfLot(ownSupplier, M1)).map((each) => each.statementId)).toEqual([
      statement?.statementId,
    ]);
    await expect(statements.statementsOfLot(stranger, M1)).rejects.toThrow(`lotId: got ${M1}, must be a lot`);
    expect(await statements.statement(stranger, statement?.statementId ?? '')).toBeUndefined();

    const published = await outboxStatements();
    expect(published).toHaveLength(1);
    const [message] = published;
    expect(message?.statementId).toBe(statement?.statementId);
    expect([message?.lot?.lotId, message?.shipmentId, message?.co2eKgPerKg, message?.inputsSha256]).toEqual([
      M1,
      S1,
      '0.420000',
      statement?.inputsSha256,
    ]);
    expect(
      message?.elements.map((each) => [
        each.element,
        each.mass?.value,
        each.categories.map((c) => [c.category, c.mass?.value, c.share?.value, c.shareUncertainty?.value]),
      ]),
    ).toEqual([
      [
        'Tb',
        '3.000000',
        [
          [traceabilityV1.ContentCategory.POST_CONSUMER, '2.083333', '0.694444444444', '0.002277'],
          [traceabilityV1.ContentCategory.PRE_CONSUMER, '0.416667', '0.138888888889', '0.002277'],
          [traceabilityV1.ContentCategory.PRIMARY, '0.500000', '0.166666666667', '0.000000'],
          [traceabilityV1.ContentCategory.UNATTRIBUTED, '0.000000', '0', '0.000000'],
        ],
      ],
    ]);
  });

  it("traces A forward to M1's shipment and its customer; a recycler sees its own lot without customers", async () => {
    const [trace] = await recall.forwardTrace(auditor, A, 'Tb');
    expect(trace?.lots.map((each) => [each.lot.lotId, each.attributedKg, each.paths])).toEqual(
      [
        [M1, '2.083333', [[R1, R2]]],
        [M2, '2.083333', [[R1, R2]]],
        [P, '4.166667', [[R1]]],
        [Q, '0.833333', [[R1]]],
      ].sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)),
    );
    // S1: 10 kg of M1 x 30 % x 25/36 = 2.083333 kg of A's Tb, to org-customer-1.
    expect(
      trace?.shipments.map((each) => [
        each.shipment.shipmentId,
        each.shipment.lotId,
        each.shipment.customerOrganisationId,
        each.attributedKg,
      ]),
    ).toEqual([[S1, M1, 'org-customer-1', '2.083333']]);

    const report = await recall.recallReport(auditor, A);
    expect(
      report.affectedShipments.map((each) => [
        each.shipment.shipmentId,
        each.shipment.customerOrganisationId,
        each.elements,
      ]),
    ).toEqual([[S1, 'org-customer-1', [{ element: 'Tb', attributedKg: '2.083333' }]]]);

    // A's supplier (org-A) may recall its lot, but sees no runs and no customer.
    const own = await recall.recallReport(principal(['recycler'], 'org-A'), A);
    expect(
      own.affectedShipments.map((each) => [
        each.shipment.shipmentId,
        each.shipment.customerOrganisationId,
        each.shipment.orderId,
      ]),
    ).toEqual([[S1, undefined, '']]);
    expect(own.traces[0]?.lots.every((each) => each.paths.length === 0)).toBe(true);
    // Another supplier may not run it: the same answer as for an unknown lot.
    await expect(recall.forwardTrace(principal(['recycler'], 'org-B'), A, 'Tb')).rejects.toThrow(
      `lotId: got ${A}, must be a lot the traceability service knows and the caller may trace forward`,
    );
  });
  it('answers the same figures through GraphQL, hiding customers and runs from recyclers', async () => {
    const ask = await subgraphAndTokens();
    const statementQuery = `query ($lotId: ID!) {
      recycledContentStatement(lotId: $lotId, elements: ["Tb"]) { lotId methodVersion chainOfCustodyModel co2eKgPerKg
        elements { element massKg categories { category massKg share shareUncertainty } }
        countriesOfOrigin { country massKg share } }
      statementsOfLot(lotId: $lotId) { shipmentId co2eKgPerKg elements { element massKg } }
      carbonFootprint(lotId: $lotId) { co2eKgPerKg runsWithoutEmissions } }`;
    const answer = await ask(['recycler'], 'org-A', statementQuery, { lotId: M1 });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.recycledContentStatement).toEqual({
      lotId: M1,
      methodVersion: 'physical-allocation/1',
      chainOfCustodyModel: 'controlled blending: physical allocation through the genealogy',
      co2eKgPerKg: '0.420000',
      elements: [
        {
          element: 'Tb',
          massKg: '3.000000',
          categories: [
            {
              category: 'POST_CONSUMER',
              massKg: '2.083333',
              share: '0.694444444444',
              shareUncertainty: '0.002277',
            },
            {
              category: 'PRE_CONSUMER',
              massKg: '0.416667',
              share: '0.138888888889',
              shareUncertainty: '0.002277',
            },
            {
              category: 'PRIMARY',
              massKg: '0.500000',
              share: '0.166666666667',
              shareUncertainty: '0.000000',
            },
            { category: 'UNATTRIBUTED', massKg: '0.000000', share: '0', shareUncertainty: '0.000000' },
          ],
        },
      ],
      countriesOfOrigin: [
        { country: 'AU', massKg: '0.500000', share: '0.166666666667' },
        { country: 'CN', massKg: '0.416667', share: '0.138888888889' },
        { country: 'JP', massKg: '2.083333', share: '0.694444444444' },
      ],
    });
    expect(answer.data.statementsOfLot).toEqual([
      {
        shipmentId: S1,
        co2eKgPerKg: '0.420000',
        elements: ['Nd', 'Pr', 'Dy', 'Tb', 'B', 'Co'].map((element) => ({
          element,
          massKg: element === 'Tb' ? '3.000000' : '0.000000',
        })),
      },
    ]);
    expect(answer.data.carbonFootprint).toEqual({ co2eKgPerKg: '0.420000', runsWithoutEmissions: [] });

    const recallQuery = `query ($lotId: ID!) { recallReport(lotId: $lotId) {
      affectedShipments { shipment { shipmentId lotId customerOrganisationId orderId netMassKg } elements { element attributedKg } }
      traces { element lots { lotId attributedKg paths { runIds } } } } }`;
    const auditorAnswer = await ask(['auditor'], 'org-audit', recallQuery, { lotId: A });
    expect(auditorAnswer.data.recallReport.affectedShipments).toEqual([
      {
        shipment: {
          shipmentId: S1,
          lotId: M1,
          customerOrganisationId: 'org-customer-1',
          orderId: `order-${S1}`,
          netMassKg: '10',
        },
        elements: [{ element: 'Tb', attributedKg: '2.083333' }],
      },
    ]);
    // Lot ids sort M1, M2, P, Q: A's Tb in M1 came by R1 then R2.
    expect(auditorAnswer.data.recallReport.traces[0].lots[0]).toEqual({
      lotId: M1,
      attributedKg: '2.083333',
      paths: [{ runIds: [R1, R2] }],
    });
    const recyclerAnswer = await ask(['recycler'], 'org-A', recallQuery, { lotId: A });
    expect(recyclerAnswer.data.recallReport.affectedShipments).toEqual([
      {
        shipment: { shipmentId: S1, lotId: M1, customerOrganisationId: null, orderId: null, netMassKg: '10' },
        elements: [{ element: 'Tb', attributedKg: '2.083333' }],
      },
    ]);
    expect(recyclerAnswer.data.recallReport.traces[0].lots[0].paths).toEqual([]);
    const stranger = await ask(['recycler'], 'org-X', recallQuery, { lotId: A });
    expect(stranger.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_LOT', field: 'lotId', value: A });
  });
});
