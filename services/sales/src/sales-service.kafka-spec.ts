import { create } from '@bufbuild/protobuf';
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import {
  decodeEvent,
  fromKafkaMessage,
  SalesEventTypes,
  type salesV1,
  TraceabilityEventTypes,
  traceabilityV1,
  Topics,
} from '@rre/contracts';
import {
  EventPublisher,
  messagingMigrations,
  type RunningOutboxPublishing,
  startOutboxPublishing,
} from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { type ProcessRequest, ProcessRuns, processRunsMigrations } from '@rre/process-runs';
import { kafkaBrokers, testKafka, uniqueGroupId, waitFor } from '@rre/testing';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { type RunningSalesService, startSalesService } from './bootstrap';
import { loadSalesServiceConfig } from './sales-service-config';

jest.setTimeout(240_000);

const silent = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

// Distributed mode: reduction's hand-overs and traceability's statements reach the standalone
// service through Kafka, and its own outbox (LotShipped) is relayed to rre.sales.lot-events.v1.
describe('the standalone sales service on Kafka', () => {
  let database: TestDatabase;
  let upstream: DataSource;
  let relay: RunningOutboxPublishing;
  let service: RunningSalesService;
  let consumer: Consumer;
  let dataDir: string;
  let salesToken: string;
  const salesEvents: KafkaMessage[] = [];
  const schema = uniqueSchemaName('sales');
  const upstreamSchema = uniqueSchemaName('upstream');

  beforeAll(async () => {
    database = await openTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'rre-sales-kafka-'));
    // Stands in for reduction (the run library) and traceability: one outbox relayed to both topics.
    upstream = await openServiceDatabase({
      url: database.url,
      service: upstreamSchema,
      poolSize: 2,
      entities: [],
      migrations: [...messagingMigrations, ...processRunsMigrations],
    });
    relay = await startOutboxPublishing(
      [{ dataSource: upstream, topics: [Topics.ReductionLotEvents, Topics.TraceabilityStatementEvents] }],
      {
        brokers: kafkaBrokers(),
        partitions: 3,
        replicationFactor: 1,
        logger: silent,
        clientId: 'test-upstream',
      },
    );
    service = await startSalesService(
      loadSalesServiceConfig({
        PORT: '0',
        DATABASE_URL: database.url,
        DATABASE_SCHEMA: schema,
        DATA_DIR: dataDir,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        LOG_LEVEL: 'silent',
      }),
    );
    const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
    salesToken = await mintToken(key, {
      subject: 'usr-sales-1',
      organisationId: 'org-plant',
      roles: ['sales'],
    });
    consumer = testKafka().consumer({ groupId: uniqueGroupId('sales-events') });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.SalesLotEvents, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void salesEvents.push(message) });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await service?.stop();
    await relay?.stop();
    if (upstream?.isInitialized) {
      await upstream.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await upstream.query(`DROP SCHEMA IF EXISTS "${upstreamSchema}" CASCADE`);
      await upstream.destroy();
    }
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function ok(query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${salesToken}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  const reduction = new ProcessRuns({
    service: 'reduction',
    publisher: new EventPublisher({ service: 'reduction' }),
    topics: { lots: Topics.ReductionLotEvents, runs: Topics.ReductionRunEvents },
  });
  const request = (): ProcessRequest => ({
    actor: { subject: 'usr-red-op', organisationId: 'org-plant' },
    correlationId: ulid(),
    requestId: ulid(),
  });

  it("ships a lot: its events reach rre.sales.lot-events.v1 in order, LotShipped last; a statement on traceability's topic reaches the passport", async () => {
    expect(service.eventLog).toBe(`kafka ${kafkaBrokers().join(',')}`);
    const lotId = ulid();
    await inTransaction(upstream, (m) =>
      reduction.receiveLot(m, request(), {
        lotId,
        lotCode: 'TB-M-K01',
        kind: 'MATERIAL',
        mass: { value: '25', unit: 'KGM' },
        composition: {
          unit: 'C62',
          contents: [
            { element: 'Tb', value: '0.9995' },
            { element: 'Fe', value: '0.0002' },
          ],
        },
        compositionStatus: 'FINAL',
        custody: 'HELD',
      }),
    );
    await inTransaction(upstream, (m) => reduction.handOverLot(m, request(), { lotId, toService: 'sales' }));
    await waitFor(
      async () =>
        ((await ok('{ salesLots(custody: "OFFERED") { lotId } }')).salesLots as any[]).some(
          (l) => l.lotId === lotId,
        ),
      'the hand-over consumed from Kafka',
      { timeoutMs: 60_000 },
    );
    await ok(`mutation { salesAcceptLot(input: { lotId: "${lotId}", productCode: "TB-METAL" }) { ids } }`);
    await ok(`mutation { salesDefineGrade(input: { productCode: "TB-METAL", gradeCode: "3N5", minPurity: "0.9995",
      maxImpurities: [{ element: "Fe", maxFraction: "0.0003" }], listPricePerKg: "450000", currency: "JPY" }) { ids } }`);
    const [customerId, siteId] = (
      await ok(`mutation { salesRegisterCustomer(input: { organisationId: "org-magnets", legalName: "Magnet Works K.K.",
        country: "JP", sites: [{ name: "Plant 1", address: "Nagoya", country: "JP" }] }) { ids } }`)
    ).salesRegisterCustomer.ids;
    const [orderId, lineId] = (
      await ok(`mutation { salesPlaceOrder(input: { customerId: "${customerId}", deliverySiteId: "${siteId}", currency: "JPY",
        lines: [{ productCode: "TB-METAL", gradeCode: "3N5", quantityKg: "25", requestedDate: "2026-12-15" }] }) { ids } }`)
    ).salesPlaceOrder.ids;
    await ok(`mutation { salesAllocate(input: { orderLineId: "${lineId}", lotId: "${lotId}" }) { ids } }`);
    await ok(`mutation { salesShip(input: { orderId: "${orderId}", carrier: "Nippon Express", shippedAt: "2026-11-20T06:00:00Z",
      containers: [{ containerId: "D1", lotId: "${lotId}", netMassKg: "25" }] }) { ids } }`);
    const [shipment] = (await ok(`{ salesShipments(orderId: "${orderId}") { id passportId } }`))
      .salesShipments;

    // The lot's events on sales' topic, in the order sales wrote them (one lot, one partition).
    const ofLot = () =>
      salesEvents
        .map((message) => fromKafkaMessage(message))
        .filter((envelope) => envelope.subject === lotId);
    await waitFor(
      () => ofLot().some((envelope) => envelope.type === SalesEventTypes.LotShipped),
      'LotShipped relayed to Kafka',
      { timeoutMs: 60_000 },
    );
    const envelopes = ofLot();
    expect(envelopes.map((envelope) => Number(envelope.sequence))).toEqual(
      envelopes.map((_, index) => index + 1),
    );
    expect(envelopes.at(-1)?.type).toBe(SalesEventTypes.LotShipped);
    const shipped = decodeEvent(envelopes.at(-1) as (typeof envelopes)[number]).message as salesV1.LotShipped;
    expect(shipped).toMatchObject({
      shipmentId: shipment.id,
      orderId,
      orderLineId: lineId,
      netMass: { value: '25', unitCode: 'KGM' },
      productCode: 'TB-METAL',
      passportId: shipment.passportId,
    });

    // Traceability's statement for (shipment, lot), published on its topic, reaches the passport.
    await inTransaction(upstream, (m) =>
      new EventPublisher({ service: 'traceability' }).publish(m, {
        topic: Topics.TraceabilityStatementEvents,
        type: TraceabilityEventTypes.RecycledContentStatementIssued,
        subject: lotId,
        data: {
          schema: traceabilityV1.RecycledContentStatementIssuedSchema,
          message: create(traceabilityV1.RecycledContentStatementIssuedSchema, {
            statementId: 'ST-K1',
            lot: { lotId, lotCode: 'TB-M-K01' },
            shipmentId: shipment.id,
            methodVersion: 'physical-allocation/1',
            chainOfCustodyModel: 'CONTROLLED_BLENDING',
            elements: [
              {
                element: 'Tb',
                mass: { value: '24.9875', unitCode: 'KGM' },
                categories: [
                  {
                    category: traceabilityV1.ContentCategory.POST_CONSUMER,
                    mass: { value: '24.9875', unitCode: 'KGM' },
                    share: { value: '1', unitCode: 'C62' },
                  },
                ],
              },
            ],
            inputsSha256: 'ab'.repeat(32),
            ledgerCheckpointId: '3',
          }),
        },
      }),
    );
    const passport = async () =>
      (await (await fetch(`${service.url}/passports/${shipment.passportId}`)).json()) as any;
    await waitFor(
      async () => (await passport()).recycledContentStatus === 'COMPLETE',
      'the statement consumed from Kafka reached the passport',
      { timeoutMs: 60_000 },
    );
    const [section] = (await passport()).lots;
    expect(section.recycledContent).toMatchObject({
      status: 'FROZEN',
      statementId: 'ST-K1',
      elements: [{ element: 'Tb', mass: { value: '24.9875' }, categories: [{ share: { value: '1' } }] }],
    });
  });
});
