/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers and the passport are read as untyped JSON, as in the spec files that run this scenario */
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { KAFKA_HEADERS, SalesEventTypes, Topics } from '@rre/contracts';
import { publicKeyFrom, publishedRecordOf, verifyLedgerProof, verifyProofDocument } from '@rre/ledger';
import { renderPdf, waitFor } from '@rre/testing';
import path from 'node:path';
import type { RunningPlatform } from '../bootstrap';
import { scenarioClient } from './concentration-scenario';
import { ReductionMutations } from './reduction-scenario';

const ids = (name: string, input: string) =>
  `mutation ($input: ${input}!, $key: String) { ${name}(input: $input, idempotencyKey: $key) { ids replayed } }`;
const SalesMutations = {
  accept: ids('salesAcceptLot', 'SalesAcceptLotInput'),
  defineGrade: ids('salesDefineGrade', 'SalesDefineGradeInput'),
  registerCustomer: ids('salesRegisterCustomer', 'SalesRegisterCustomerInput'),
  placeOrder: ids('salesPlaceOrder', 'SalesPlaceOrderInput'),
  allocate: ids('salesAllocate', 'SalesAllocateInput'),
  ship: ids('salesShip', 'SalesShipInput'),
};

/**
 * Issue 10 on a running platform, after the traceability scenario: reduction re-melts the 10.5 kg
 * Tb metal lot into two ingots, 6.3 kg and 4.2 kg (a second distillation run: Tb 10.5 in, 10.5 out),
 * both handed to sales, accepted, and one order line of 10.5 kg allocated from the two (6.3 + 4.2)
 * and shipped. Traceability ingests the shipment, freezes each lot's recycled-content statement and
 * publishes it; sales attaches them to the shipment's passport, whose figures are then exactly
 * traceability's, lot by lot. The 10.5 kg were post-consumer 5.936227 kg (the magnet lot),
 * pre-consumer 2.782606 kg (swarf), primary 1.781055 kg (ore), unattributed 0.000112 kg; each ingot
 * carries its share (6.3/10.5 = 0.6 and 4.2/10.5 = 0.4) of the exact figures:
 *   6.3 kg: post 3.561736, pre 1.669564, primary 1.068633, unattributed 0.000067;
 *   4.2 kg: post 2.374491, pre 1.113042, primary 0.712422, unattributed 0.000045.
 */
export async function shipTerbiumMetalWithPassport(
  platform: RunningPlatform,
  dataDir: string,
  meltedLotId: string,
): Promise<void> {
  const { ok, tokens } = await scenarioClient(platform, dataDir);
  const key = await loadOrCreateSigningKey(path.join(dataDir, 'keys'));
  const sales = await mintToken(key, {
    subject: 'usr-sales-1',
    organisationId: 'org-plant',
    roles: ['sales'],
  });
  const tag = Date.now().toString(36);
  const k = (name: string) => `${tag}-sales-${name}`;

  // ---- Two ingots from the one metal lot: a second vacuum distillation, Tb 10.5 kg in and out.
  const runId: string = (
    await ok(tokens.mes, ReductionMutations.planDistillation, {
      key: k('plan-ingots'),
      input: {
        equipmentId: 'VD-2',
        workOrder: 'WO-T-2',
        distillation: { temperatureCelsius: '850', pressurePa: '5', durationHours: '2', targetElement: 'Tb' },
      },
    })
  ).reductionPlanDistillation.runId;
  await ok(tokens.mes, ReductionMutations.start, { key: k('start-ingots'), input: { runId } });
  await ok(tokens.mes, ReductionMutations.take, {
    key: k('take-metal'),
    input: { runId, lotId: meltedLotId },
  });
  const ingot = async (name: string, kg: string): Promise<string> =>
    (
      await ok(tokens.mes, ReductionMutations.declare, {
        key: k(name),
        input: {
          runId,
          lotCode: `TB-INGOT-${name}-${tag}`,
          role: 'PRODUCT',
          mass: { value: kg, unit: 'KGM' },
          composition: { unit: 'C62', contents: [{ element: 'Tb', value: '1', uncertainty: '0.00002' }] },
          compositionStatus: 'FINAL',
          materialKind: 'RE_METAL',
        },
      })
    ).reductionDeclareOutput.lotIds[0];
  const lotA = await ingot('A', '6.3');
  const lotB = await ingot('B', '4.2');
  await ok(tokens.mes, ReductionMutations.complete, { key: k('complete-ingots'), input: { runId } });

  for (const lotId of [lotA, lotB])
    await ok(tokens.mes, ReductionMutations.handOver, {
      key: k(`hand-over-${lotId}`),
      input: { lotId, toService: 'sales' },
    });
  await waitFor(
    async () => {
      const offered = (
        (await ok(sales, '{ salesLots(custody: "OFFERED") { lotId } }')).salesLots as any[]
      ).map((lot) => lot.lotId);
      return offered.includes(lotA) && offered.includes(lotB);
    },
    'sales received both ingots offered by reduction',
    { timeoutMs: 60_000 },
  );
  for (const lotId of [lotA, lotB])
    await ok(sales, SalesMutations.accept, {
      key: k(`accept-${lotId}`),
      input: { lotId, productCode: 'TB-METAL' },
    });
  await ok(sales, SalesMutations.defineGrade, {
    key: k('grade'),
    input: {
      productCode: 'TB-METAL',
      gradeCode: `3N5-${tag}`,
      minPurity: '0.9995',
      maxImpurities: [],
      listPricePerKg: '450000',
      currency: 'JPY',
    },
  });
  const [customerId, siteId] = (
    await ok(sales, SalesMutations.registerCustomer, {
      key: k('customer'),
      input: {
        organisationId: 'org-magnets',
        legalName: 'Magnet Works K.K.',
        country: 'JP',
        sites: [{ name: 'Plant 1', address: 'Nagoya', country: 'JP' }],
      },
    })
  ).salesRegisterCustomer.ids;
  const [orderId, lineId] = (
    await ok(sales, SalesMutations.placeOrder, {
      key: k('order'),
      input: {
        customerId,
        deliverySiteId: siteId,
        currency: 'JPY',
        lines: [
          {
            productCode: 'TB-METAL',
            gradeCode: `3N5-${tag}`,
            quantityKg: '10.5',
            requestedDate: '2026-12-15',
          },
        ],
      },
    })
  ).salesPlaceOrder.ids;
  for (const [lotId, massKg] of [
    [lotA, '6.3'],
    [lotB, '4.2'],
  ])
    await ok(sales, SalesMutations.allocate, {
      key: k(`allocate-${lotId}`),
      input: { orderLineId: lineId, lotId, massKg },
    });
  await ok(sales, SalesMutations.ship, {
    key: k('ship'),
    input: {
      orderId,
      carrier: 'Nippon Express',
      shippedAt: '2026-11-20T06:00:00Z',
      containers: [
        { containerId: 'D1', lotId: lotA, netMassKg: '6.3' },
        { containerId: 'D2', lotId: lotB, netMassKg: '4.2' },
      ],
    },
  });
  const [shipment] = (await ok(sales, `{ salesShipments(orderId: "${orderId}") { passportId netMassKg } }`))
    .salesShipments;
  expect(shipment.netMassKg).toBe('10.5');

  // The passport, as an authority reads it, once traceability's frozen statement has arrived.
  const passportOf = async () =>
    (await (
      await fetch(`${platform.url}/passports/${shipment.passportId}`, {
        headers: { authorization: `Bearer ${tokens.auditor}` },
      })
    ).json()) as any;
  expect((await fetch(`${platform.url}/passports/${shipment.passportId}`)).status).toBe(200);
  await waitFor(
    async () => (await passportOf()).recycledContentStatus === 'COMPLETE',
    "the passport carries traceability's frozen statement",
    { timeoutMs: 60_000 },
  );
  const passport = await passportOf();
  expect(passport.tier).toBe('AUTHORITY');
  // Per lot, the passport's figures are traceability's statement of that lot, asked directly.
  const STATEMENT = `query ($lotId: ID!) { recycledContentStatement(lotId: $lotId, elements: ["Tb"]) {
    elements { element massKg categories { category massKg } } } }`;
  const figures: Record<string, [string, string][]> = {
    [lotA]: [
      ['CONTENT_CATEGORY_POST_CONSUMER', '3.561736'],
      ['CONTENT_CATEGORY_PRE_CONSUMER', '1.669564'],
      ['CONTENT_CATEGORY_PRIMARY', '1.068633'],
      ['CONTENT_CATEGORY_UNATTRIBUTED', '0.000067'],
    ],
    [lotB]: [
      ['CONTENT_CATEGORY_POST_CONSUMER', '2.374491'],
      ['CONTENT_CATEGORY_PRE_CONSUMER', '1.113042'],
      ['CONTENT_CATEGORY_PRIMARY', '0.712422'],
      ['CONTENT_CATEGORY_UNATTRIBUTED', '0.000045'],
    ],
  };
  expect(passport.lots.map((lot: any) => [lot.lotId, lot.netMassKg])).toEqual([
    [lotA, '6.3'],
    [lotB, '4.2'],
  ]);
  for (const section of passport.lots) {
    expect(section.customs).toEqual({ cnCode: '2805 30', originCountry: expect.any(String) });
    const [tb] = section.recycledContent.elements;
    expect(tb.element).toBe('Tb');
    expect(tb.mass.value).toBe(section.lotId === lotA ? '6.300000' : '4.200000');
    const shown = tb.categories.map((c: any) => [c.category, c.mass.value]);
    expect(shown).toEqual(figures[section.lotId]);
    expect(section.recycledContent.inputsSha256).toMatch(/^[0-9a-f]{64}$/);
    const statement = (await ok(tokens.auditor, STATEMENT, { lotId: section.lotId }))
      .recycledContentStatement;
    expect(
      statement.elements[0].categories.map((c: any) => [`CONTENT_CATEGORY_${c.category}`, c.massKg]),
    ).toEqual(shown);
  }
  // The passport PDF as the platform serves it opens: rendered to an image (tmp/rendered-pdf/), with
  // both lots and their post-consumer kilograms on the page.
  const pdf = await fetch(`${platform.url}/passports/${shipment.passportId}.pdf`, {
    headers: { authorization: `Bearer ${tokens.auditor}` },
  });
  expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
  const seen = await renderPdf(
    new Uint8Array(await pdf.arrayBuffer()),
    `platform-passport-${shipment.passportId}`,
  );
  expect(seen.pages).toBe(1);
  expect(seen.inkRatio).toBeGreaterThan(0.005);
  for (const shown of [
    `Lot id ${lotA}`,
    `Lot id ${lotB}`,
    'post-consumer: 3.561736 kg',
    'post-consumer: 2.374491 kg',
  ])
    expect(seen.text).toContain(shown);

  const [section] = passport.lots;
  const metalLotId = lotA;

  // The statement names the signed ledger checkpoint made when it was frozen; the proofs of the
  // lot's events (served by traceability) verify with the ledger's public key, the shipment's own
  // LotShipped against exactly that checkpoint.
  const { ledgerProof } = section.recycledContent;
  expect(ledgerProof).toMatchObject({
    checkpointId: expect.stringMatching(/^[1-9][0-9]*$/),
    root: expect.stringMatching(/^[0-9a-f]{64}$/),
    keyId: expect.stringMatching(/^ed25519:/),
    signature: expect.any(String),
    publicKeyPath: '/traceability/ledger/public-key.pem',
  });
  expect(ledgerProof.proofsQuery).toContain(`ledgerProofsForLot(lotId: "${metalLotId}")`);
  const publicKey = publicKeyFrom(await (await fetch(`${platform.url}${ledgerProof.publicKeyPath}`)).text());
  const bundle = JSON.parse((await ok(tokens.auditor, ledgerProof.proofsQuery)).ledgerProofsForLot.document);
  const verdict = verifyProofDocument(bundle, publicKey);
  expect(verdict.messages.at(-1)).toMatch(/^OK: /);
  expect(verdict.ok).toBe(true);
  // The shipment's LotShipped of this lot, found by its type and key, verifies. It is covered by the
  // statement's checkpoint or by an earlier one: on Kafka a statement may wait for a part of its
  // genealogy that another partition brings, and is frozen, under a later checkpoint, when it comes.
  const shipped = (bundle.proofs as any[]).find((proof) => {
    const record = publishedRecordOf(Buffer.from(proof.event.bytes, 'base64'));
    return record.headers[KAFKA_HEADERS.type] === SalesEventTypes.LotShipped && record.key === metalLotId;
  });
  expect(shipped?.event.topic).toBe(Topics.SalesLotEvents);
  expect(verifyLedgerProof(shipped, publicKey)).toMatchObject({ ok: true });
  expect(shipped.checkpoint.keyId).toBe(ledgerProof.keyId);
  expect(shipped.checkpoint.sequence).toBeLessThanOrEqual(Number(ledgerProof.checkpointId));
  // A proof against the statement's checkpoint shows the root and signature the statement names.
  for (const proof of (bundle.proofs as any[]).filter(
    (each) => each.checkpoint.sequence === Number(ledgerProof.checkpointId),
  ))
    expect(proof.checkpoint).toMatchObject({ root: ledgerProof.root, signature: ledgerProof.signature });
  // Every event behind the lot was ingested before the statement was frozen: none is pending.
  expect(bundle.pendingEventIds).toEqual([]);
  expect(
    (bundle.proofs as any[]).every((proof) => proof.checkpoint.sequence <= Number(ledgerProof.checkpointId)),
  ).toBe(true);
  // The buyer's tier shows it too; the public summary does not.
  const publicPassport = (await (
    await fetch(`${platform.url}/passports/${shipment.passportId}`)
  ).json()) as any;
  expect(publicPassport.lots[0].recycledContent).not.toHaveProperty('ledgerProof');
  expect(publicPassport.lots[0].recycledContent).not.toHaveProperty('ledgerCheckpointRoot');
}
