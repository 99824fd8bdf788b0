import { fromBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { salesV1 } from '@rre/contracts';
import { serviceSchema } from '@rre/persistence';
import { renderPdf, waitFor } from '@rre/testing';
import { PDFDocument } from 'pdf-lib';
import { SalesError } from '../domain/sales-error';
import { passportAsIssued, type PassportDocument } from './passport';
import { passportPdf } from './passport-pdf';
import { salesKpis } from './sales-kpis';
import { passportSchemaErrors } from '../test-support/passport-schema';
import { shipmentNotePdf } from './shipment-note-pdf';
import { request, SalesHarness } from '../test-support/sales-harness';

jest.setTimeout(180_000);

const TB_4N = [
  { element: 'Tb', value: '0.9995', uncertainty: '0.0002' },
  { element: 'Fe', value: '0.0002' },
  { element: 'O', value: '0.0003' },
];

describe(`sales: custody, orders, allocation, shipment (${process.env.TEST_DATABASE ?? 'postgres'})`, () => {
  const h = new SalesHarness();
  let customerId: string;
  let shippedPassport!: { passportId: string; lotA: string; lotB: string; shipmentId: string };
  let siteId: string;

  beforeAll(async () => {
    await h.start();
    await h.inSales((m) =>
      h.sales.commands.defineGrade(m, request(), {
        productCode: 'TB-METAL',
        gradeCode: '4N',
        minPurity: '0.999',
        maxImpurities: [
          { element: 'Fe', maxFraction: '0.0005' },
          { element: 'O', maxFraction: '0.001' },
        ],
        listPricePerKg: '450000',
        currency: 'JPY',
      }),
    );
    await h.inSales((m) =>
      h.sales.commands.defineGrade(m, request(), {
        productCode: 'TB4O7',
        gradeCode: '99.5',
        minPurity: '0.995',
        maxImpurities: [],
        listPricePerKg: '380000',
        currency: 'JPY',
      }),
    );
    const customer = await h.inSales((m) =>
      h.sales.commands.registerCustomer(m, request(), {
        organisationId: 'org-magnets-nagoya',
        legalName: 'Nagoya Magnet Works Co., Ltd.',
        country: 'JP',
        sites: [{ name: 'Plant 1', address: '1-2-3 Minato, Nagoya', country: 'JP' }],
      }),
    );
    [customerId, siteId] = customer.ids as [string, string];
  });

  afterAll(() => h.stop());

  const placeOrder = (
    lines: { quantityKg: string; gradeCode?: string; productCode?: string }[],
    key?: string,
  ) =>
    h.inSales((m) =>
      h.sales.commands.placeOrder(m, request('usr-sales-1', key), {
        customerId,
        deliverySiteId: siteId,
        currency: 'JPY',
        lines: lines.map((l) => ({
          productCode: l.productCode ?? 'TB-METAL',
          gradeCode: l.gradeCode ?? '4N',
          quantityKg: l.quantityKg,
          requestedDate: '2026-12-15',
        })),
      }),
    );

  async function refusal(work: () => Promise<unknown>): Promise<SalesError> {
    const before = await h.counts();
    const error = await work().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SalesError);
    expect(await h.counts()).toEqual(before);
    return error as SalesError;
  }

  it('accepts metal and oxide lots handed over, refuses one with a reason, and the senders settle', async () => {
    const metal = await h.offerMetal('TB-M-001', '60', TB_4N);
    const oxide = await h.offerOxide('TB4O7-001', '10', [
      { element: 'Tb', value: '0.846', uncertainty: '0.001' },
      { element: 'O', value: '0.154' },
    ]);
    const poor = await h.offerMetal('TB-M-002', '20', [{ element: 'Tb', value: '0.99' }]);
    const offered = await h.inSales((m) => h.sales.processRuns.getLot(m, metal));
    expect(offered).toMatchObject({
      custody: 'OFFERED',
      massKg: '60',
      receivedFromService: 'reduction',
      composition: { Tb: { fraction: '0.9995', uncertainty: '0.0002' }, Fe: { fraction: '0.0002' } },
    });

    await h.inSales((m) =>
      h.sales.commands.acceptLot(m, request(), { lotId: metal, productCode: 'TB-METAL' }),
    );
    await h.inSales((m) => h.sales.commands.acceptLot(m, request(), { lotId: oxide, productCode: 'TB4O7' }));
    await h.inSales((m) =>
      h.sales.commands.refuseLot(m, request(), {
        lotId: poor,
        reason: 'Tb 99.0 %: below every grade we sell',
      }),
    );

    const held = await h.inSales((m) => h.sales.book.lot(m, metal));
    expect(held).toMatchObject({ custody: 'HELD', productCode: 'TB-METAL', massKg: '60', availableKg: '60' });
    expect(await h.inSales((m) => h.sales.book.lot(m, oxide))).toMatchObject({
      productCode: 'TB4O7',
      massKg: '10',
    });
    // Reduction learns the answers from sales' lot events: one lot gone, the other back.
    await waitFor(
      async () =>
        (await h.reductionLot(metal))?.custody === 'HANDED_OVER' &&
        (await h.reductionLot(poor))?.custody === 'HELD',
      'reduction settled both hand-overs',
      { timeoutMs: 30_000 },
    );
    const types = (await h.salesDb.query(
      `SELECT type FROM "${serviceSchema(h.salesDb)}".outbox WHERE key = $1 ORDER BY id`,
      [poor],
    )) as { type: string }[];
    expect(types.map((t) => t.type)).toEqual([
      'rre.sales.lot.received.v1',
      'rre.sales.lot.custody-refused.v1',
    ]);
  });

  it('an order for Tb metal is allocated from two lots, shipped (LotShipped per lot, custody ends) and invoiced', async () => {
    const lotA = await h.offerMetal('TB-M-010', '60', TB_4N);
    const lotB = await h.offerMetal('TB-M-011', '50', TB_4N);
    for (const lotId of [lotA, lotB]) {
      await h.inSales((m) => h.sales.commands.acceptLot(m, request(), { lotId, productCode: 'TB-METAL' }));
    }
    const order = await placeOrder([{ quantityKg: '100' }]);
    const [orderId, lineId] = order.ids as [string, string];
    expect((await h.inSales((m) => h.sales.book.order(m, orderId)))?.lines[0]).toMatchObject({
      quantityKg: '100',
      pricePerKg: '450000',
      requestedDate: '2026-12-15',
    });

    // Without a mass: what the line needs, at most what the lot has: 60 kg, then 40 of B's 50.
    await h.inSales((m) => h.sales.commands.allocate(m, request(), { orderLineId: lineId, lotId: lotA }));
    const second = await h.inSales((m) =>
      h.sales.commands.allocate(m, request('usr-sales-1', 'alloc-b-1'), { orderLineId: lineId, lotId: lotB }),
    );
    const again = await h.inSales((m) =>
      h.sales.commands.allocate(m, request('usr-sales-1', 'alloc-b-1'), { orderLineId: lineId, lotId: lotB }),
    );
    expect(again).toEqual({ ...second, replayed: true });
    const allocated = await h.inSales((m) => h.sales.book.order(m, orderId));
    expect(allocated?.status).toBe('ALLOCATED');
    expect(allocated?.lines[0]?.allocatedKg).toBe('100');
    expect((await h.inSales((m) => h.sales.book.lot(m, lotB)))?.availableKg).toBe('10');

    // Shipping a lot that is not allocated to the order is refused and changes nothing.
    const loose = await h.offerMetal('TB-M-012', '5', TB_4N);
    await h.inSales((m) =>
      h.sales.commands.acceptLot(m, request(), { lotId: loose, productCode: 'TB-METAL' }),
    );
    const unallocated = await refusal(() =>
      h.inSales((m) =>
        h.sales.commands.ship(m, request(), {
          orderId,
          carrier: 'Nippon Express',
          shippedAt: new Date('2026-11-20T06:00:00Z'),
          containers: [{ containerId: 'DRUM-9', lotId: loose, netMassKg: '5' }],
        }),
      ),
    );
    expect([unallocated.code, unallocated.value]).toEqual(['LOT_NOT_ALLOCATED', JSON.stringify(loose)]);
    const mismatch = await refusal(() =>
      h.inSales((m) =>
        h.sales.commands.ship(m, request(), {
          orderId,
          carrier: 'Nippon Express',
          shippedAt: new Date('2026-11-20T06:00:00Z'),
          containers: [{ containerId: 'DRUM-1', lotId: lotA, netMassKg: '59.5' }],
        }),
      ),
    );
    expect(mismatch.code).toBe('PACKED_MASS_MISMATCH');
    expect(mismatch.rule).toBe('must equal the 60 kg of it allocated to the order');

    const shipped = await h.inSales((m) =>
      h.sales.commands.ship(m, request(), {
        orderId,
        carrier: 'Nippon Express',
        trackingNumber: 'NX-778812',
        shippedAt: new Date('2026-11-20T06:00:00Z'),
        containers: [
          { containerId: 'DRUM-1', lotId: lotA, netMassKg: '30', grossMassKg: '32.4' },
          { containerId: 'DRUM-2', lotId: lotA, netMassKg: '30', grossMassKg: '32.4' },
          { containerId: 'DRUM-3', lotId: lotB, netMassKg: '40', grossMassKg: '42.9' },
        ],
      }),
    );
    const [shipmentId, passportId] = shipped.ids as [string, string];
    expect(passportId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(passportId, 'base64url')).toHaveLength(16);
    expect(await h.inSales((m) => h.sales.book.shipment(m, shipmentId))).toMatchObject({
      netMassKg: '100',
      carrier: 'Nippon Express',
    });
    expect((await h.inSales((m) => h.sales.book.order(m, orderId)))?.status).toBe('SHIPPED');
    // Custody: all of A left the plant, 10 kg of B stay.
    expect(await h.inSales((m) => h.sales.processRuns.getLot(m, lotA))).toMatchObject({
      custody: 'HANDED_OVER',
      remainingKg: '0',
    });
    expect(await h.inSales((m) => h.sales.processRuns.getLot(m, lotB))).toMatchObject({
      custody: 'HELD',
      remainingKg: '10',
    });
    const events = (await h.salesDb.query(
      `SELECT key, type, data FROM "${serviceSchema(h.salesDb)}".outbox WHERE type = 'rre.sales.lot.shipped.v1' AND key IN ($1, $2) ORDER BY id`,
      [lotA, lotB],
    )) as { key: string; type: string; data: Buffer }[];
    const messages = events.map((e) => fromBinary(salesV1.LotShippedSchema, new Uint8Array(e.data)));
    expect(
      messages.map((e) => [
        e.lot?.lotId,
        e.netMass?.value,
        e.netMass?.unitCode,
        e.shipmentId,
        e.passportId,
        e.productCode,
      ]),
    ).toEqual([
      [lotA, '60', 'KGM', shipmentId, passportId, 'TB-METAL'],
      [lotB, '40', 'KGM', shipmentId, passportId, 'TB-METAL'],
    ]);
    expect(messages[0]?.customer?.organisationId).toBe('org-magnets-nagoya');
    expect(messages[0]?.orderLineId).toBe(lineId);
    shippedPassport = { passportId, lotA, lotB, shipmentId };

    await h.inSales((m) =>
      h.sales.commands.invoiceOrder(m, request(), { orderId, invoiceNumber: 'INV-2026-0042' }),
    );
    expect(await h.inSales((m) => h.sales.book.order(m, orderId))).toMatchObject({
      status: 'INVOICED',
      invoiceNumber: 'INV-2026-0042',
    });
  });

  it("the shipment's passport: pending figures until traceability's statement arrives, then frozen; tiers; signed JWS; PDF", async () => {
    const { passportId, lotA, lotB, shipmentId } = shippedPassport;
    const pending = await h.sales.passport(passportId, 'PUBLIC');
    expect(pending).toMatchObject({
      id: passportId,
      uri: `https://id.example/01/04012345000108/21/${passportId}`,
      issuer: {
        legalName: 'Example Rare Earth Recycling K.K.',
        contact: 'passports@example.jp',
        country: 'JP',
      },
      shipment: { id: shipmentId, netMassKg: '100', shippedAt: '2026-11-20T06:00:00.000Z' },
      recycledContentStatus: 'PENDING',
    });
    expect(pending?.buyer).toBeUndefined();
    expect(
      pending?.lots.map((l) => [l.lotCode, l.netMassKg, l.purityPercent, l.customs, l.recycledContent]),
    ).toEqual([
      ['TB-M-010', '60', '99.95', { cnCode: '2805 30', originCountry: 'JP' }, { status: 'PENDING' }],
      ['TB-M-011', '40', '99.95', { cnCode: '2805 30', originCountry: 'JP' }, { status: 'PENDING' }],
    ]);

    const category = (c: number, kg: string, share: string) => ({
      category: c,
      mass: { value: kg, unitCode: 'KGM' },
      share: { value: share, unitCode: 'C62' },
      shareUncertainty: { value: '0.01', unitCode: 'C62' },
    });
    await h.issueStatement({
      statementId: 'ST-1',
      lot: { lotId: lotA, lotCode: 'TB-M-010' },
      shipmentId,
      methodVersion: 'physical-allocation/1',
      chainOfCustodyModel: 'CONTROLLED_BLENDING',
      elements: [
        {
          element: 'Tb',
          mass: { value: '59.97', unitCode: 'KGM' },
          categories: [category(1, '41.979', '0.7'), category(2, '17.991', '0.3')],
        },
      ],
      countriesOfOrigin: [
        {
          country: 'JP',
          element: 'Tb',
          mass: { value: '59.97', unitCode: 'KGM' },
          share: { value: '1', unitCode: 'C62' },
        },
      ],
      co2eKgPerKg: '2.8125',
      inputsSha256: 'ab'.repeat(32),
      ledgerCheckpointId: '7',
      ledgerCheckpointRoot: 'cd'.repeat(32),
      ledgerCheckpointKeyId: 'ed25519:0123456789abcdef',
      ledgerCheckpointSignature: 'c2lnbmF0dXJl',
      ledgerProofsQuery: `query { ledgerProofsForLot(lotId: "${lotA}") { proven pendingEventIds document } }`,
    });
    await waitFor(
      async () => (await h.sales.passport(passportId, 'PUBLIC'))?.recycledContentStatus === 'PARTIAL',
      'the statement reached the passport',
      { timeoutMs: 30_000 },
    );
    const partial = await h.sales.passport(passportId, 'PUBLIC');
    expect(partial?.lots[0]?.recycledContent).toMatchObject({
      status: 'FROZEN',
      statementId: 'ST-1',
      chainOfCustodyModel: 'CONTROLLED_BLENDING',
      co2eKgPerKg: '2.8125',
      elements: [
        {
          element: 'Tb',
          categories: [{ category: 'CONTENT_CATEGORY_POST_CONSUMER', share: { value: '0.7' } }, {}],
        },
      ],
    });
    expect(partial?.lots[0]?.recycledContent).not.toHaveProperty('ledgerCheckpointId');
    expect(partial?.lots[0]?.recycledContent).not.toHaveProperty('ledgerProof');
    expect(partial?.lots[0]?.recycledContent).not.toHaveProperty('ledgerCheckpointSignature');
    expect(partial?.lots[1]?.recycledContent).toEqual({ status: 'PENDING' });
    const ledgerProof = {
      checkpointId: '7',
      root: 'cd'.repeat(32),
      keyId: 'ed25519:0123456789abcdef',
      signature: 'c2lnbmF0dXJl',
      proofsQuery: `query { ledgerProofsForLot(lotId: "${lotA}") { proven pendingEventIds document } }`,
      publicKeyPath: '/traceability/ledger/public-key.pem',
    };
    const buyer = await h.sales.passport(passportId, 'BUYER');
    expect(buyer?.lots[0]?.recycledContent).toMatchObject({ ledgerCheckpointId: '7', ledgerProof });
    expect(buyer?.lots[0]?.recycledContent).not.toHaveProperty('ledgerCheckpointRoot');
    const authority = await h.sales.passport(passportId, 'AUTHORITY');
    expect(authority?.lots[0]?.recycledContent).toMatchObject({ ledgerCheckpointId: '7', ledgerProof });
    // Every tier's passport, as served (JSON), validates against the documented schema.
    for (const served of [pending, partial, buyer, authority]) {
      expect(passportSchemaErrors(JSON.parse(JSON.stringify(served)))).toEqual([]);
    }
    const tampered = JSON.parse(JSON.stringify(partial)) as PassportDocument;
    (tampered.lots[0] as { netMassKg: unknown }).netMassKg = 60;
    expect(passportSchemaErrors(tampered).map((e) => [e.instancePath, e.message])).toEqual([
      ['/lots/0/netMassKg', 'must be string'],
    ]);

    // Recycled share of the programme: 60 kg x 0.9995 = 59.97 kg Tb (lot A, statement 70 % post-
    // and 30 % pre-consumer) and 40 kg x 0.9995 = 39.98 kg Tb (lot B, no statement yet: not recycled).
    const kpis = await h.inSales((m) =>
      salesKpis(m, h.sales.settings, {
        from: new Date('2026-11-20T00:00:00Z'),
        to: new Date('2026-11-21T00:00:00Z'),
      }),
    );
    expect(kpis.heavyRareEarthKg).toBe('99.95');
    expect(kpis.recycledShare).toEqual({
      postConsumerKg: '41.979',
      preConsumerKg: '17.991',
      postConsumerPercent: '42',
      preConsumerPercent: '18',
      withoutStatementKg: '39.98',
    });
    expect(authority?.buyer).toMatchObject({
      organisationId: 'org-magnets-nagoya',
      legalName: 'Nagoya Magnet Works Co., Ltd.',
    });
    expect(await h.sales.passport('A'.repeat(22), 'PUBLIC')).toBeUndefined();

    const jws = await h.sales.passportSigner.sign(partial);
    expect(jws.split('.')).toHaveLength(3);
    expect(await h.sales.passportSigner.verify(jws)).toEqual(JSON.parse(JSON.stringify(partial)));
    const pdf = await passportPdf(partial as PassportDocument);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
    expect(lotB).toBeDefined();
  });

  it('the shipment note and the passport PDF open: rendered to images, not blank, saying lots, masses, CN code and figures', async () => {
    const { passportId, lotA, lotB, shipmentId } = shippedPassport;
    const note = await h.sales.shipmentNote(passportId);
    const authority = await h.sales.passport(passportId, 'AUTHORITY');
    if (!note || !authority) throw new Error('the shipment has a note and a passport');
    expect(note).toMatchObject({
      shipmentId,
      carrier: 'Nippon Express',
      trackingNumber: 'NX-778812',
      netMassKg: '100',
      grossMassKg: '107.7',
      consignee: { legalName: 'Nagoya Magnet Works Co., Ltd.' },
    });
    const noteSeen = await renderPdf(
      await shipmentNotePdf(note),
      `shipment-note-${process.env.TEST_DATABASE ?? 'postgres'}`,
    );
    expect(noteSeen).toMatchObject({ pages: 1, width: 1190, height: 1684 });
    // Text and a QR code on a white A4 page: a few percent of the pixels inked, not 0, not most.
    expect(noteSeen.inkRatio).toBeGreaterThan(0.005);
    expect(noteSeen.inkRatio).toBeLessThan(0.2);
    for (const shown of [
      'Shipment note',
      `Lot id ${lotA}`,
      `Lot id ${lotB}`,
      'CN 2805 30, net 30 kg, gross 32.4 kg',
      'CN 2805 30, net 40 kg, gross 42.9 kg',
      'Total net mass 100 kg, gross 107.7 kg',
      'Carrier Nippon Express, tracking number NX-778812',
      'Nagoya Magnet Works Co., Ltd.',
    ])
      expect(noteSeen.text).toContain(shown);

    const passportSeen = await renderPdf(
      await passportPdf(authority),
      `passport-${process.env.TEST_DATABASE ?? 'postgres'}`,
    );
    expect(passportSeen).toMatchObject({ pages: 1, width: 1190, height: 1684 });
    expect(passportSeen.inkRatio).toBeGreaterThan(0.005);
    expect(passportSeen.inkRatio).toBeLessThan(0.2);
    for (const shown of [
      'Product passport',
      `Lot id ${lotA}`,
      `Lot id ${lotB}`,
      'Net mass 60 kg, purity 99.95 %',
      'Net mass 40 kg, purity 99.95 %',
      'Customs: CN 2805 30, origin JP',
      'post-consumer: 41.979 kg, share 0.7 +/- 0.01',
      'pre-consumer: 17.991 kg, share 0.3 +/- 0.01',
      'Ledger checkpoint 7',
      'Recycled content: pending (traceability has not issued its statement yet)',
    ])
      expect(passportSeen.text).toContain(shown);
    // pdf.js hands text runs one by one: no run is cut off at the page's right edge.
    expect(passportSeen.text).toContain(authority.uri.slice(0, 40));
  });

  it('a restatement after shipment is listed per lot as a later notice: the frozen statement and the signed passport unchanged; the PDF says it', async () => {
    const { passportId, lotA, shipmentId } = shippedPassport;
    const issuedBefore = await h.sales.passport(passportId, 'BUYER');
    if (!issuedBefore) throw new Error('the shipment has a passport');
    const category = (c: number, kg: string, share: string) => ({
      category: c,
      mass: { value: kg, unitCode: 'KGM' },
      share: { value: share, unitCode: 'C62' },
    });
    // A re-assay upstream moved 1.2 kg of lot A's 59.97 kg Tb from pre- to post-consumer.
    const restatement = (statementId: string, restates: string, post: string, pre: string, day: string) => ({
      statementId,
      restatesStatementId: restates,
      lot: { lotId: lotA, lotCode: 'TB-M-010' },
      shipmentId,
      methodVersion: 'physical-allocation/1',
      chainOfCustodyModel: 'CONTROLLED_BLENDING',
      elements: [
        {
          element: 'Tb',
          mass: { value: '59.97', unitCode: 'KGM' },
          categories: [category(1, post, '0.72'), category(2, pre, '0.28')],
        },
      ],
      inputsSha256: 'ef'.repeat(32),
      issuedAt: timestampFromDate(new Date(`2026-12-${day}T09:00:00.000Z`)),
      ledgerCheckpointId: '9',
      ledgerCheckpointRoot: '12'.repeat(32),
    });
    await h.issueStatement(restatement('ST-2', 'ST-1', '43.179', '16.791', '01'));
    // Traceability announced it again (a replay): recorded once.
    await h.issueStatement(restatement('ST-2', 'ST-1', '43.179', '16.791', '01'));
    await h.issueStatement(restatement('ST-3', 'ST-2', '43.1784', '16.7916', '02'));
    await waitFor(
      async () => (await h.sales.passport(passportId, 'PUBLIC'))?.lots[0]?.restatements?.length === 2,
      'both restatements reached the passport',
      { timeoutMs: 30_000 },
    );
    const buyer = await h.sales.passport(passportId, 'BUYER');
    const notices = buyer?.lots[0]?.restatements ?? [];
    expect(
      notices.map((each) => [
        each.statementId,
        each.restatesStatementId,
        each.issuedAt,
        (each['elements'] as { categories: { mass: { value: string } }[] }[])[0]?.categories.map(
          (c) => c.mass.value,
        ),
        (each['ledgerProof'] as { checkpointId: string } | undefined)?.checkpointId,
      ]),
    ).toEqual([
      ['ST-2', 'ST-1', '2026-12-01T09:00:00Z', ['43.179', '16.791'], '9'],
      ['ST-3', 'ST-2', '2026-12-02T09:00:00Z', ['43.1784', '16.7916'], '9'],
    ]);
    // The statement frozen at shipment is still what the lot's section states; lot B has no notice.
    expect(buyer?.lots[0]?.recycledContent).toMatchObject({ statementId: 'ST-1' });
    expect(buyer?.lots[1]).not.toHaveProperty('restatements');
    const publicView = await h.sales.passport(passportId, 'PUBLIC');
    expect(publicView?.lots[0]?.restatements?.[0]).not.toHaveProperty('ledgerProof');
    expect(publicView?.lots[0]?.restatements?.[0]).not.toHaveProperty('inputsSha256');
    for (const served of [buyer, publicView])
      expect(passportSchemaErrors(JSON.parse(JSON.stringify(served)))).toEqual([]);
    // The JWS signs the passport as issued: the same payload as before the restatements.
    expect(JSON.parse(JSON.stringify(passportAsIssued(buyer as PassportDocument)))).toEqual(
      JSON.parse(JSON.stringify(passportAsIssued(issuedBefore))),
    );
    const signed = await h.sales.passportSigner.verify(
      await h.sales.passportSigner.sign(passportAsIssued(buyer as PassportDocument)),
    );
    expect(JSON.stringify(signed)).not.toContain('restatements');
    // Kept like the statements: the database refuses to delete a restatement before retain_until.
    await expect(
      h.salesDb.query(
        `DELETE FROM "${serviceSchema(h.salesDb)}".sales_passport_restatement WHERE statement_id = 'ST-2'`,
      ),
    ).rejects.toThrow('passport retained');
    const seen = await renderPdf(
      await passportPdf(buyer as PassportDocument),
      `passport-restated-${process.env.TEST_DATABASE ?? 'postgres'}`,
    );
    for (const shown of [
      // The line wraps before the passport's URI.
      'Restated 2026-12-01: statement ST-2, see',
      `${buyer?.uri}`,
      `Restated 2026-12-02: statement ST-3`,
      'Tb: 59.97 kg, post-consumer share 0.72',
    ])
      expect(seen.text).toContain(shown);
  });

  it('keeps the passport ten years: the database refuses to delete it or change what it signs before retain_until', async () => {
    const { passportId, shipmentId } = shippedPassport;
    const s = `"${serviceSchema(h.salesDb)}"`;
    const [kept] = (await h.salesDb.query(
      `SELECT retain_until = created_at + interval '10 years' AS ten_years, retain_until > now() + interval '9 years' AS ahead
       FROM ${s}.sales_shipment WHERE id = $1`,
      [shipmentId],
    )) as { ten_years: boolean; ahead: boolean }[];
    expect(kept).toEqual({ ten_years: true, ahead: true });
    const [shipment] = await h.sales.read((m) => h.sales.book.shipments(m, undefined));
    expect(shipment?.retainUntil.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 10);
    const refused = async (sql: string, params: unknown[]) => {
      const error = await h.salesDb.query(sql, params).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeDefined();
      return error?.message ?? '';
    };
    const before = { counts: await h.counts(), passport: await h.sales.passport(passportId, 'AUTHORITY') };
    expect(await refused(`DELETE FROM ${s}.sales_shipment WHERE id = $1`, [shipmentId])).toMatch(
      new RegExp(`^passport retained: sales_shipment of ${passportId} cannot be deleted before 20[0-9]{2}-`),
    );
    expect(
      await refused(`UPDATE ${s}.sales_shipment SET carrier = 'Someone else' WHERE id = $1`, [shipmentId]),
    ).toMatch(
      new RegExp(`^passport retained: the signed content of passport ${passportId} cannot change before `),
    );
    expect(
      await refused(`UPDATE ${s}.sales_shipment SET net_mass_kg = 99 WHERE id = $1`, [shipmentId]),
    ).toContain('the signed content');
    expect(
      await refused(`UPDATE ${s}.sales_shipment SET retain_until = now() + interval '1 day' WHERE id = $1`, [
        shipmentId,
      ]),
    ).toMatch(/retain_until of passport .* cannot move from /);
    expect(
      await refused(`DELETE FROM ${s}.sales_passport_statement WHERE shipment_id = $1`, [shipmentId]),
    ).toMatch(
      new RegExp(`^passport retained: sales_passport_statement of ${shipmentId} cannot be deleted before `),
    );
    expect(
      await refused(
        `UPDATE ${s}.sales_passport_statement SET statement = jsonb_set(statement, '{co2eKgPerKg}', '"0"') WHERE shipment_id = $1`,
        [shipmentId],
      ),
    ).toMatch(/^passport retained: the frozen statement of lot .* cannot change before /);
    expect(await refused(`TRUNCATE ${s}.sales_passport_statement`, [])).toContain(
      'sales_passport_statement cannot be truncated while a passport is retained',
    );
    // Less than ten years is refused whatever the application asks.
    expect(
      await refused(
        `INSERT INTO ${s}.sales_shipment (id, order_id, carrier, shipped_at, net_mass_kg, containers, passport_id, created_at, retain_until)
         SELECT 'SH-SHORT', order_id, carrier, shipped_at, 1, '[]', 'short-retention-passport', now(), now() + interval '9 years'
         FROM ${s}.sales_shipment WHERE id = $1`,
        [shipmentId],
      ),
    ).toContain('sales_shipment_retained_ten_years');
    expect({ counts: await h.counts(), passport: await h.sales.passport(passportId, 'AUTHORITY') }).toEqual(
      before,
    );
    // Extending the retention is allowed; a passport whose ten years are over may go.
    await h.salesDb.query(
      `UPDATE ${s}.sales_shipment SET retain_until = retain_until + interval '5 years' WHERE id = $1`,
      [shipmentId],
    );
    await h.salesDb.query(
      `INSERT INTO ${s}.sales_shipment (id, order_id, carrier, shipped_at, net_mass_kg, containers, passport_id, created_at, retain_until)
       SELECT 'SH-2015', order_id, carrier, '2015-01-10T00:00:00Z', 1, '[]', 'passport-of-2015', '2015-01-10T00:00:00Z', '2025-01-10T00:00:00Z'
       FROM ${s}.sales_shipment WHERE id = $1`,
      [shipmentId],
    );
    await h.salesDb.query(`DELETE FROM ${s}.sales_shipment WHERE id = 'SH-2015'`);
    expect(await h.salesDb.query(`SELECT id FROM ${s}.sales_shipment WHERE id = 'SH-2015'`)).toEqual([]);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const lotId = await h.offerMetal('TB-M-020', '30', TB_4N);
    await h.inSales((m) => h.sales.commands.acceptLot(m, request(), { lotId, productCode: 'TB-METAL' }));
    const lowLot = await h.offerMetal('TB-M-021', '30', [
      { element: 'Tb', value: '0.9950' },
      { element: 'Fe', value: '0.0002' },
      { element: 'O', value: '0.0003' },
    ]);
    await h.inSales((m) =>
      h.sales.commands.acceptLot(m, request(), { lotId: lowLot, productCode: 'TB-METAL' }),
    );

    const negative = await refusal(() => placeOrder([{ quantityKg: '-5' }]));
    expect([negative.code, negative.field, negative.value, negative.rule]).toEqual([
      'OUT_OF_RANGE',
      'lines[0].quantityKg',
      '-5',
      'must be above 0 kg',
    ]);
    const unknownCustomer = await refusal(() =>
      h.inSales((m) =>
        h.sales.commands.placeOrder(m, request(), {
          customerId: 'CUST-NOBODY',
          deliverySiteId: siteId,
          currency: 'JPY',
          lines: [{ productCode: 'TB-METAL', gradeCode: '4N', quantityKg: '1', requestedDate: '2026-12-01' }],
        }),
      ),
    );
    expect([unknownCustomer.code, unknownCustomer.field]).toEqual(['UNKNOWN_CUSTOMER', 'customerId']);
    const unknownGrade = await refusal(() => placeOrder([{ quantityKg: '1', gradeCode: '6N' }]));
    expect(unknownGrade.code).toBe('UNKNOWN_GRADE');

    const order = await placeOrder([{ quantityKg: '50' }]);
    const lineId = order.ids[1] as string;
    const above = await refusal(() =>
      h.inSales((m) =>
        h.sales.commands.allocate(m, request(), { orderLineId: lineId, lotId, massKg: '30.001' }),
      ),
    );
    expect([above.code, above.value, above.rule]).toEqual([
      'MORE_THAN_REMAINS',
      '30.001 kg',
      'must be at most the 30 kg of lot TB-M-020 not allocated yet',
    ]);
    const grade = await refusal(() =>
      h.inSales((m) =>
        h.sales.commands.allocate(m, request(), { orderLineId: lineId, lotId: lowLot, massKg: '10' }),
      ),
    );
    expect([grade.code, grade.value, grade.rule]).toEqual([
      'GRADE_NOT_MET',
      'TB-M-021 at 99.5 % Tb',
      'must be at least 99.9 % Tb for grade 4N',
    ]);
    const zero = await refusal(() =>
      h.inSales((m) => h.sales.commands.allocate(m, request(), { orderLineId: lineId, lotId, massKg: '0' })),
    );
    expect(zero.code).toBe('OUT_OF_RANGE');
    const wrongProduct = await h.inSales((m) => h.sales.book.lots(m, { productCode: 'TB4O7' }));
    const oxideLot = wrongProduct[0]?.lotId as string;
    const wrong = await refusal(() =>
      h.inSales((m) =>
        h.sales.commands.allocate(m, request(), { orderLineId: lineId, lotId: oxideLot, massKg: '1' }),
      ),
    );
    expect(wrong.code).toBe('WRONG_PRODUCT');
    const cancelWithout = await refusal(() =>
      h.inSales((m) =>
        h.sales.commands.cancelOrder(m, request(), { orderId: order.ids[0] as string, reason: ' ' }),
      ),
    );
    expect(cancelWithout.code).toBe('REASON_REQUIRED');

    // Cancelling gives the allocated kilograms back to the lot.
    await h.inSales((m) =>
      h.sales.commands.allocate(m, request(), { orderLineId: lineId, lotId, massKg: '20' }),
    );
    expect((await h.inSales((m) => h.sales.book.lot(m, lotId)))?.availableKg).toBe('10');
    await h.inSales((m) =>
      h.sales.commands.cancelOrder(m, request(), {
        orderId: order.ids[0] as string,
        reason: 'customer withdrew',
      }),
    );
    expect((await h.inSales((m) => h.sales.book.lot(m, lotId)))?.availableKg).toBe('30');
    expect(await h.inSales((m) => h.sales.book.order(m, order.ids[0] as string))).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'customer withdrew',
    });
  });

  it('adds a product and a grade to the catalogue; bad input names code, field, value and rule and adds nothing; orders keep their prices', async () => {
    const products = async () =>
      (await h.sales.read((m) => h.sales.catalogue.products(m))).map((p) => p.code);
    const pricesBefore = (await h.sales.read((m) => h.sales.book.orders(m, {}))).flatMap((o) =>
      o.lines.map((l) => [l.id, l.pricePerKg]),
    );
    const add = (input: Partial<Parameters<typeof h.sales.commands.addProduct>[2]>) =>
      h.inSales((m) =>
        h.sales.commands.addProduct(m, request('usr-admin-1'), {
          code: 'TB-INGOT',
          name: 'Terbium metal ingot',
          element: 'Tb',
          form: 'METAL',
          cnCode: '2805 30',
          gtin: '04012345000153',
          ...input,
        }),
      );
    const refusedWith = async (input: Parameters<typeof add>[0]) => {
      const before = await products();
      const error = await refusal(() => add(input));
      expect(await products()).toEqual(before);
      return [error.code, error.field, error.value, error.rule];
    };
    expect(await refusedWith({ gtin: '04012345000152' })).toEqual([
      'INVALID_INPUT',
      'gtin',
      '"04012345000152"',
      'must be a GTIN-14: 14 digits whose last is the GS1 check digit, e.g. 00012345678905',
    ]);
    expect(await refusedWith({ code: 'tb ingot' })).toEqual([
      'INVALID_INPUT',
      'code',
      '"tb ingot"',
      'must be 2 to 40 capitals, digits or hyphens, e.g. TB-METAL',
    ]);
    expect((await refusedWith({ form: 'POWDER' })).slice(0, 3)).toEqual([
      'INVALID_INPUT',
      'form',
      '"POWDER"',
    ]);
    expect(await refusedWith({ cnCode: '280530' })).toEqual([
      'INVALID_INPUT',
      'cnCode',
      '"280530"',
      'must be a CN code: 4 digits, a space, 2 digits (and optionally a space and 2 more), e.g. 2805 30',
    ]);
    expect(await refusedWith({ elementShare: '0.9' })).toEqual([
      'INVALID_INPUT',
      'elementShare',
      '"0.9"',
      'must be 1 for a metal',
    ]);
    expect(await refusedWith({ form: 'OXIDE', formula: 'Dy2O3' })).toEqual([
      'INVALID_INPUT',
      'formula',
      '"Dy2O3"',
      'must contain the element Tb, e.g. Tb4O7',
    ]);
    expect((await refusedWith({ form: 'OXIDE', formula: 'Tb2O3' }))[1]).toBe('elementShare');

    expect((await add({})).ids).toEqual(['TB-INGOT']);
    expect(await refusedWith({ code: 'TB-INGOT-2' })).toEqual([
      'PRODUCT_EXISTS',
      'gtin',
      '"04012345000153"',
      'must be new: another product carries this GTIN',
    ]);
    expect(await refusedWith({ gtin: '00012345678905' })).toEqual([
      'PRODUCT_EXISTS',
      'code',
      '"TB-INGOT"',
      'must be new (products are not rewritten: add one under a new code)',
    ]);
    expect(await h.sales.read((m) => h.sales.catalogue.product(m, 'TB-INGOT'))).toEqual({
      code: 'TB-INGOT',
      name: 'Terbium metal ingot',
      form: 'METAL',
      element: 'Tb',
      formula: 'Tb',
      elementShare: '1',
      cnCode: '2805 30',
      gtin: '04012345000153',
    });
    await h.inSales((m) =>
      h.sales.commands.defineGrade(m, request('usr-admin-1'), {
        productCode: 'TB-INGOT',
        gradeCode: '4N',
        minPurity: '0.9999',
        maxImpurities: [{ element: 'Fe', maxFraction: '0.00005' }],
        listPricePerKg: '520000',
        currency: 'JPY',
      }),
    );
    // A new, dearer grade of Tb metal: the orders placed already keep their prices.
    await h.inSales((m) =>
      h.sales.commands.defineGrade(m, request('usr-admin-1'), {
        productCode: 'TB-METAL',
        gradeCode: '4N-2027',
        minPurity: '0.999',
        maxImpurities: [],
        listPricePerKg: '610000',
        currency: 'JPY',
      }),
    );
    expect(
      (await h.sales.read((m) => h.sales.book.orders(m, {}))).flatMap((o) =>
        o.lines.map((l) => [l.id, l.pricePerKg]),
      ),
    ).toEqual(pricesBefore);
    expect(pricesBefore.length).toBeGreaterThan(0);
  });

  it('two concurrent allocations of the last 10 kg: one wins, the other is refused, nothing half-written', async () => {
    const lotId = await h.offerMetal('TB-M-030', '110', TB_4N);
    await h.inSales((m) => h.sales.commands.acceptLot(m, request(), { lotId, productCode: 'TB-METAL' }));
    // Three orders: the second and third compete for the lot's last 10 kg.
    const orders = [
      await placeOrder([{ quantityKg: '100' }]),
      await placeOrder([{ quantityKg: '10' }]),
      await placeOrder([{ quantityKg: '10' }]),
    ];
    const [line1, line2, line3] = orders.map((o) => o.ids[1] as string) as [string, string, string];
    await h.inSales((m) =>
      h.sales.commands.allocate(m, request(), { orderLineId: line1, lotId, massKg: '100' }),
    );

    const before = await h.counts();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first holds its transaction open after allocating; the second starts meanwhile.
    const first = h.inSales(async (m) => {
      const outcome = await h.sales.commands.allocate(m, request(), {
        orderLineId: line2,
        lotId,
        massKg: '10',
      });
      await held;
      return outcome;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = h.inSales((m) =>
      h.sales.commands.allocate(m, request(), { orderLineId: line3, lotId, massKg: '10' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (process.env.TEST_DATABASE !== 'pglite') {
      // The second waits on the first's row lock of the lot.
      const waiting = (await h.salesDb.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND position($1 in query) > 0`,
        [`"${serviceSchema(h.salesDb)}".sales_lot_stock`],
      )) as { n: number }[];
      expect(waiting[0]?.n).toBe(1);
    }
    release();
    const results = await Promise.allSettled([first, second]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    const error = (results[1] as PromiseRejectedResult).reason as SalesError;
    expect([error.code, error.value, error.rule]).toEqual([
      'MORE_THAN_REMAINS',
      '10 kg',
      'must be at most the 0 kg of lot TB-M-030 not allocated yet',
    ]);
    const after = await h.counts();
    expect(after.sales_allocation - before.sales_allocation).toBe(1);
    expect(after.allocated_mg - before.allocated_mg).toBe(10_000_000);
    expect(await h.inSales((m) => h.sales.book.lot(m, lotId))).toMatchObject({
      allocatedKg: '110',
      availableKg: '0',
    });
    const lines = [];
    for (const o of orders)
      lines.push(...((await h.inSales((m) => h.sales.book.order(m, o.ids[0] as string)))?.lines ?? []));
    expect(lines.map((l) => l.allocatedKg)).toEqual(['100', '10', '0']);
  });

  it('the database itself refuses an over-allocation (CHECK allocated_kg <= mass_kg)', async () => {
    const lotId = await h.offerMetal('TB-M-040', '10', TB_4N);
    await h.inSales((m) => h.sales.commands.acceptLot(m, request(), { lotId, productCode: 'TB-METAL' }));
    await expect(
      h.salesDb.query(
        `UPDATE "${serviceSchema(h.salesDb)}".sales_lot_stock SET allocated_kg = allocated_kg + 10.000001 WHERE lot_id = $1`,
        [lotId],
      ),
    ).rejects.toThrow(/check constraint/);
    expect((await h.inSales((m) => h.sales.book.lot(m, lotId)))?.allocatedKg).toBe('0');
  });
});
