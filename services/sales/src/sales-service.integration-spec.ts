import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { Topics } from '@rre/contracts';
import { EventPublisher, LogSequencer, messagingMigrations } from '@rre/messaging';
import {
  inTransaction,
  openServiceDatabase,
  openTestDatabase,
  type TestDatabase,
  uniqueSchemaName,
} from '@rre/persistence';
import { type ProcessRequest, ProcessRuns, processRunsMigrations } from '@rre/process-runs';
import { waitFor } from '@rre/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';
import { type RunningSalesService, startSalesService } from './bootstrap';
import { loadSalesServiceConfig } from './sales-service-config';

jest.setTimeout(180_000);

let database: TestDatabase;
let reductionDb: DataSource;
let sequencer: LogSequencer;
let service: RunningSalesService;
let dataDir: string;
let salesToken: string;
const schema = uniqueSchemaName('sales');
const reductionSchema = uniqueSchemaName('reduction');

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rre-sales-service-'));
  // Stands in for the reduction service: the run library on its schema, its outbox sequenced as the embedded log.
  reductionDb = await openServiceDatabase({
    url: database.url,
    service: reductionSchema,
    poolSize: 2,
    entities: [],
    migrations: [...messagingMigrations, ...processRunsMigrations],
  });
  sequencer = new LogSequencer({ dataSource: reductionDb, pollIntervalMs: 20 });
  sequencer.start();
  service = await startSalesService(
    loadSalesServiceConfig({
      PORT: '0',
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: schema,
      REDUCTION_EVENTS_SCHEMA: reductionSchema,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    }),
  );
  const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
  salesToken = await mintToken(key, {
    subject: 'usr-sales-1',
    organisationId: 'org-plant',
    roles: ['sales'],
  });
});

afterAll(async () => {
  await service?.stop();
  await sequencer?.stop();
  if (reductionDb?.isInitialized) {
    await reductionDb.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await reductionDb.query(`DROP SCHEMA IF EXISTS "${reductionSchema}" CASCADE`);
    await reductionDb.destroy();
  }
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function graphql(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
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

async function offerMetal(massKg: string): Promise<string> {
  const lotId = ulid();
  await inTransaction(reductionDb, (m) =>
    reduction.receiveLot(m, request(), {
      lotId,
      lotCode: `TB-M-${lotId.slice(-5)}`,
      kind: 'MATERIAL',
      mass: { value: massKg, unit: 'KGM' },
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
  await inTransaction(reductionDb, (m) => reduction.handOverLot(m, request(), { lotId, toService: 'sales' }));
  return lotId;
}

describe('the standalone sales service', () => {
  it('answers both health checks without a token', async () => {
    expect(await (await fetch(`${service.url}/health/live`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${service.url}/health/ready`)).json()).toEqual({
      status: 'ok',
      databases: { sales: 'up' },
    });
  });

  it('over GraphQL: a metal lot from reduction accepted, an order allocated from it and shipped; refusals carry code, field and retryable', async () => {
    const lotA = await offerMetal('60');
    const lotB = await offerMetal('50');
    const offers = async () =>
      ((await graphql(salesToken, '{ salesLots(custody: "OFFERED") { lotId massKg receivedFrom } }')).data
        ?.salesLots ?? []) as { lotId: string }[];
    await waitFor(async () => (await offers()).length === 2, 'sales received both offers', {
      timeoutMs: 30_000,
    });

    const accept = `mutation ($lotId: ID!, $key: String) { salesAcceptLot(input: { lotId: $lotId, productCode: "TB-METAL" }, idempotencyKey: $key) { ids replayed } }`;
    expect((await graphql(salesToken, accept, { lotId: lotA, key: 'accept-a' })).data.salesAcceptLot).toEqual(
      {
        ids: [lotA],
        replayed: false,
      },
    );
    expect((await graphql(salesToken, accept, { lotId: lotA, key: 'accept-a' })).data.salesAcceptLot).toEqual(
      {
        ids: [lotA],
        replayed: true,
      },
    );
    await graphql(salesToken, accept, { lotId: lotB });

    const grade = await graphql(
      salesToken,
      `
        mutation {
          salesDefineGrade(
            input: {
              productCode: "TB-METAL"
              gradeCode: "3N5"
              minPurity: "0.9995"
              maxImpurities: [{ element: "Fe", maxFraction: "0.0003" }]
              listPricePerKg: "450000"
              currency: "JPY"
            }
          ) {
            ids
          }
        }
      `,
    );
    expect(grade.errors).toBeUndefined();
    const customer = await graphql(
      salesToken,
      `
        mutation {
          salesRegisterCustomer(
            input: {
              organisationId: "org-magnets"
              legalName: "Magnet Works K.K."
              country: "JP"
              sites: [{ name: "Plant 1", address: "Nagoya", country: "JP" }]
            }
          ) {
            ids
          }
        }
      `,
    );
    const [customerId, siteId] = customer.data.salesRegisterCustomer.ids;
    const unknown = await graphql(
      salesToken,
      `mutation { salesPlaceOrder(input: { customerId: "NOBODY", deliverySiteId: "${siteId}", currency: "JPY",
          lines: [{ productCode: "TB-METAL", gradeCode: "3N5", quantityKg: "100", requestedDate: "2026-12-15" }] }) { ids } }`,
    );
    expect(unknown.errors?.[0]?.extensions).toEqual({
      code: 'UNKNOWN_CUSTOMER',
      field: 'customerId',
      value: '"NOBODY"',
      rule: 'must be a registered customer (salesRegisterCustomer)',
      retryable: false,
    });
    const order = await graphql(
      salesToken,
      `mutation { salesPlaceOrder(input: { customerId: "${customerId}", deliverySiteId: "${siteId}", currency: "JPY",
          lines: [{ productCode: "TB-METAL", gradeCode: "3N5", quantityKg: "100", requestedDate: "2026-12-15" }] }) { ids } }`,
    );
    const [orderId, lineId] = order.data.salesPlaceOrder.ids;
    const allocate = `mutation ($lotId: ID!, $kg: String) { salesAllocate(input: { orderLineId: "${lineId}", lotId: $lotId, massKg: $kg }) { ids } }`;
    const tooMuch = await graphql(salesToken, allocate, { lotId: lotA, kg: '60.5' });
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({
      code: 'MORE_THAN_REMAINS',
      field: 'massKg',
      value: '60.5 kg',
    });
    await graphql(salesToken, allocate, { lotId: lotA });
    await graphql(salesToken, allocate, { lotId: lotB });
    const ship = await graphql(
      salesToken,
      `mutation { salesShip(input: { orderId: "${orderId}", carrier: "Nippon Express", shippedAt: "2026-11-20T06:00:00Z",
          containers: [{ containerId: "D1", lotId: "${lotA}", netMassKg: "60" }, { containerId: "D2", lotId: "${lotB}", netMassKg: "40" }] }) { ids } }`,
    );
    expect(ship.errors).toBeUndefined();
    const shipments = await graphql(
      salesToken,
      `{ salesShipments(orderId: "${orderId}") { netMassKg passportId passportUri } }`,
    );
    const [shipment] = shipments.data.salesShipments;
    expect(shipment.netMassKg).toBe('100');
    expect(shipment.passportUri).toBe(`https://id.example/01/04012345000108/21/${shipment.passportId}`);
    const kpis = await graphql(
      salesToken,
      `
        {
          salesKpis(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") {
            shipments
            products {
              productCode
              shippedKg
              elementKg
            }
            revenue {
              currency
              amount
            }
            heavyRareEarthKg
            heavyRareEarthTargetKg
          }
        }
      `,
    );
    expect(kpis.data.salesKpis).toEqual({
      shipments: 1,
      products: [{ productCode: 'TB-METAL', shippedKg: '100', elementKg: '99.95' }],
      revenue: [{ currency: 'JPY', amount: '45000000' }],
      heavyRareEarthKg: '99.95',
      heavyRareEarthTargetKg: '400000',
    });
    expect(
      (await graphql(salesToken, `{ salesOrder(id: "${orderId}") { status } }`)).data.salesOrder.status,
    ).toBe('SHIPPED');

    // The passport at its public URL: anyone with the id reads the public tier (no buyer), PDF and JWS too.
    const json = await fetch(`${service.url}/passports/${shipment.passportId}`);
    expect(json.status).toBe(200);
    const passport = (await json.json()) as { tier: string; buyer?: unknown; recycledContentStatus: string };
    expect([passport.tier, passport.buyer, passport.recycledContentStatus]).toEqual([
      'PUBLIC',
      undefined,
      'PENDING',
    ]);
    const pdf = await fetch(`${service.url}/passports/${shipment.passportId}.pdf`);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const jws = await (await fetch(`${service.url}/passports/${shipment.passportId}.jws`)).text();
    expect(jws.split('.')).toHaveLength(3);
    const buyerToken = await mintToken(await loadOrCreateSigningKey(path.join(dataDir, 'keys')), {
      subject: 'usr-buyer-1',
      organisationId: 'org-magnets',
      roles: ['recycler'],
    });
    const asBuyer = await fetch(`${service.url}/passports/${shipment.passportId}`, {
      headers: { authorization: `Bearer ${buyerToken}` },
    });
    expect(((await asBuyer.json()) as { tier: string }).tier).toBe('BUYER');
    expect((await fetch(`${service.url}/passports/${'A'.repeat(22)}`)).status).toBe(404);
    // The shipment note goes to the buyer (and authorities), not to anyone holding the passport id.
    const note = `${service.url}/passports/${shipment.passportId}/shipment-note.pdf`;
    expect((await fetch(note)).status).toBe(404);
    const buyersNote = await fetch(note, { headers: { authorization: `Bearer ${buyerToken}` } });
    expect([buyersNote.status, buyersNote.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(
      Buffer.from(await buyersNote.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // Kept ten years from issue.
    const [kept] = (await graphql(salesToken, `{ salesShipments(orderId: "${orderId}") { retainUntil } }`))
      .data.salesShipments;
    expect(new Date(kept.retainUntil).getUTCFullYear()).toBe(new Date().getUTCFullYear() + 10);
  });

  it('adds products for admins only; a bad GTIN is refused with code, field, value and rule and adds nothing', async () => {
    const adminToken = await mintToken(await loadOrCreateSigningKey(path.join(dataDir, 'keys')), {
      subject: 'usr-admin-1',
      organisationId: 'org-plant',
      roles: ['admin'],
    });
    const addProduct = `mutation ($gtin: String!) { salesAddProduct(input: { code: "DY-INGOT", name: "Dysprosium metal ingot",
      element: "Dy", form: "METAL", cnCode: "2805 30", gtin: $gtin }) { ids } }`;
    const codes = async () =>
      (
        (await graphql(salesToken, '{ salesProducts { code } }')).data.salesProducts as { code: string }[]
      ).map((p) => p.code);
    const before = await codes();
    const bySales = await graphql(salesToken, addProduct, { gtin: '00012345678905' });
    expect(bySales.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badGtin = await graphql(adminToken, addProduct, { gtin: '00012345678904' });
    expect(badGtin.errors?.[0]?.extensions).toEqual({
      code: 'INVALID_INPUT',
      field: 'gtin',
      value: '"00012345678904"',
      rule: 'must be a GTIN-14: 14 digits whose last is the GS1 check digit, e.g. 00012345678905',
      retryable: false,
    });
    expect(await codes()).toEqual(before);
    const added = await graphql(adminToken, addProduct, { gtin: '00012345678905' });
    expect(added.data?.salesAddProduct.ids).toEqual(['DY-INGOT']);
    expect((await codes()).sort()).toEqual([...before, 'DY-INGOT'].sort());
  });
});
