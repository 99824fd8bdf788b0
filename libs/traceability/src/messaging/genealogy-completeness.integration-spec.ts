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
import { uniqueSchemaName } from '@rre/persistence';
import { processEventTypesOf } from '@rre/process-runs';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { StatementApplication } from '../application/statement-application';
import { principal } from '../test-support/callers';
import { concentrationRunEvents } from '../test-support/concentration-run-events';
import { eventDelivery, secondsAfter } from '../test-support/event-delivery';
import { kg, shortCodeLotRef as lotRef, tb } from '../test-support/event-builders';
import { openTraceTestDatabase, type TraceTestDatabase } from '../test-support/trace-test-database';
import { TraceabilityApplication } from '../traceability-application';
import { statementIdOf } from './lot-shipped';

jest.setTimeout(120_000);

const auditor = principal(['auditor'], 'org-audit', 'usr-audit');
const concentration = processEventTypesOf('concentration');

let traceDatabase: TraceTestDatabase;
let dataSource: DataSource;
let application: TraceabilityApplication;
let statements: StatementApplication;
const issuedAt = new Date('2026-11-28T12:00:00.000Z');
const schema = uniqueSchemaName('trace_watermark');

/** `event`: the next event of a service about a subject, numbered as that service numbers them. */
const { event, handle: deliver } = eventDelivery({
  dataSource: () => dataSource,
  consumer: () => application.lotAndRunEventsConsumer(),
  positionSource: 'service',
  clock: secondsAfter('2026-11-28T10:00:00.000Z'),
});

const registered = (lotId: string, massKg: string, fraction: string, category: commonV1.SourceCategory) =>
  event(Topics.IntakeLotEvents, IntakeEventTypes.LotRegistered, lotId, intakeV1.LotRegisteredSchema, {
    lot: lotRef(lotId),
    supplier: { organisationId: `org-${lotId.slice(0, 1)}` },
    sourceCategory: category,
    countryOfOrigin: 'JP',
    weighedNetMass: kg(massKg),
    declaredComposition: tb(fraction),
  });
const received = (lotId: string, massKg: string) =>
  event(Topics.ConcentrationLotEvents, concentration.LotReceived, lotId, processV1.LotReceivedSchema, {
    lot: lotRef(lotId),
    kind: processV1.ProcessLotKind.MATERIAL,
    mass: kg(massKg),
  });
const assayed = (lotId: string, fraction: string) =>
  event(
    Topics.ConcentrationLotEvents,
    concentration.LotAssayRecorded,
    lotId,
    processV1.LotAssayRecordedSchema,
    {
      lot: lotRef(lotId),
      composition: tb(fraction),
    },
  );
const { planned, taken, produced, completed } = concentrationRunEvents(event);
const shipped = (lotId: string, shipmentId: string, massKg: string) =>
  event(Topics.SalesLotEvents, SalesEventTypes.LotShipped, lotId, salesV1.LotShippedSchema, {
    lot: lotRef(lotId),
    shipmentId,
    orderId: `order-${shipmentId}`,
    customer: { organisationId: 'org-customer-1' },
    netMass: kg(massKg),
    shippedAt: timestampFromDate(new Date('2026-11-28T11:00:00.000Z')),
    productCode: 'TB-CONC',
    passportId: `pp-${shipmentId}`,
  });

const shipmentRows = () => dataSource.query(`SELECT shipment_id FROM "${schema}".trace_shipment`);
const issuedEvents = async () =>
  (await dataSource.query(
    `SELECT key, attributes->>'causationid' AS causation_id, attributes->>'correlationid' AS correlation_id, data
     FROM "${schema}".outbox WHERE type = $1 ORDER BY id`,
    [TraceabilityEventTypes.RecycledContentStatementIssued],
  )) as { key: string; causation_id: string; correlation_id: string; data: Uint8Array }[];

beforeAll(async () => {
  traceDatabase = await openTraceTestDatabase(schema);
  dataSource = traceDatabase.dataSource;
  application = new TraceabilityApplication({ dataSource, clock: () => issuedAt });
  statements = new StatementApplication({ dataSource });
});

afterAll(async () => {
  await traceDatabase?.close();
});

describe("a shipped lot's statement waits (pending, not parked) for traceability to catch up with its genealogy", () => {
  // A 100 kg x 5 % Tb post-consumer, B 50 kg x 2 % pre-consumer; R1 takes both (6 kg Tb) and makes
  // M 20 kg x 30 % = 6 kg Tb: post-consumer 5 kg, pre-consumer 1 kg.
  const A = `A${ulid()}`;
  const B = `B${ulid()}`;
  const M = `M${ulid()}`;
  const R1 = `R1${ulid()}`;
  const S1 = `S1-${ulid()}`;

  it('LotShipped before the producing run completes waits, listed with what it waits for; the completion freezes the full figures, once', async () => {
    for (const each of [
      registered(A, '100', '0.05', commonV1.SourceCategory.POST_CONSUMER),
      registered(B, '50', '0.02', commonV1.SourceCategory.PRE_CONSUMER),
      received(A, '100'),
      received(B, '50'),
      planned(R1),
      taken(A, R1, '100'),
      taken(B, R1, '50'),
      produced(M, R1, '20', '0.3'),
    ])
      await deliver(each);

    // M has its mass, but R1's completion (run events, another topic) has not been read yet: the
    // shipment is recorded, no error, nothing parked, and the statement waits for R1.
    const shipment = shipped(M, S1, '20');
    await deliver(shipment);
    expect(await shipmentRows()).toEqual([{ shipment_id: S1 }]);
    expect(await statements.statementsOfLot(auditor, M)).toEqual([]);
    expect(await issuedEvents()).toEqual([]);
    expect((await application.watermark()).pendingStatements).toEqual([
      {
        shipmentId: S1,
        lotId: M,
        shippedEventId: shipment.envelope.id,
        correlationId: 'flow-1',
        exceptStream: `/rre/sales ${M}`,
        waitingFor: [R1],
        reasons: [`run ${R1} is PLANNED, not completed`],
        since: issuedAt,
      },
    ]);

    // An event of input lot B waits in the gate for its predecessor (B's assay numbered 4 arrives
    // before the 3rd event of B): R1's completion leaves the statement waiting, now for B.
    const assayB = assayed(B, '0.02');
    const assayB2 = assayed(B, '0.02');
    await deliver(assayB2);
    const completion = completed(R1);
    await deliver(completion);
    expect(await statements.statementsOfLot(auditor, M)).toEqual([]);
    expect(
      (await application.watermark()).pendingStatements.map((each) => [
        each.shipmentId,
        each.waitingFor,
        each.reasons,
      ]),
    ).toEqual([[S1, [B], [`${assayB2.type} of ${B} is held by the gate`]]]);

    // Caught up: the event releasing B's held assay freezes the statement with every figure.
    await deliver(assayB);
    expect((await application.watermark()).pendingStatements).toEqual([]);
    const [statement] = await statements.statementsOfLot(auditor, M);
    expect([statement?.shipmentId, statement?.statementId, statement?.issuedAt.toISOString()]).toEqual([
      S1,
      statementIdOf(S1, M),
      '2026-11-28T12:00:00.000Z',
    ]);
    const tbContent = statement?.elements.find((each) => each.element === 'Tb');
    expect(tbContent?.massKg).toBe('6.000000');
    expect(tbContent?.categories.map((each) => [each.category, each.massKg, each.share])).toEqual([
      ['POST_CONSUMER', '5.000000', '0.833333333333'],
      ['PRE_CONSUMER', '1.000000', '0.166666666667'],
      ['PRIMARY', '0.000000', '0'],
      ['UNATTRIBUTED', '0.000000', '0'],
    ]);
    // Announced once, caused by the LotShipped, naming the checkpoint signed with it.
    const issued = await issuedEvents();
    expect(issued.map((each) => [each.key, each.causation_id, each.correlation_id])).toEqual([
      [M, shipment.envelope.id, 'flow-1'],
    ]);
    const [message] = issued.map((each) =>
      fromBinary(traceabilityV1.RecycledContentStatementIssuedSchema, new Uint8Array(each.data)),
    );
    expect([
      message?.statementId,
      message?.shipmentId,
      message?.elements.map((each) => each.mass?.value),
    ]).toEqual([statementIdOf(S1, M), S1, ['6.000000']]);
    expect(message?.ledgerCheckpointId).toMatch(/^[0-9]+$/);

    // Redelivered (the same events) or replayed (sales' LotShipped under a new id): nothing more.
    await deliver(shipment);
    await deliver(completion);
    await deliver(assayB);
    await deliver(shipped(M, S1, '20'));
    expect(await shipmentRows()).toEqual([{ shipment_id: S1 }]);
    expect(await statements.statementsOfLot(auditor, M)).toHaveLength(1);
    expect(await issuedEvents()).toHaveLength(1);
    expect((await application.watermark()).pendingStatements).toEqual([]);
  });
});
