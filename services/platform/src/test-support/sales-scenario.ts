/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers and the passport are read as untyped JSON, as in the spec files that run this scenario */
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';
import { Topics } from '@rre/contracts';
import { publicKeyFrom, verifyLedgerProof, verifyProofDocument } from '@rre/ledger';
import { waitFor } from '@rre/testing';
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
 * Issue 10 on a running platform, after the traceability scenario: the 10.5 kg Tb metal lot is
 * handed to sales, accepted, ordered, allocated and shipped; traceability ingests the shipment,
 * freezes the lot's recycled-content statement and publishes it; sales attaches it to the
 * shipment's passport, whose figures are then exactly traceability's: Tb 10.5 kg, of which
 * post-consumer 5.936227 kg (the magnet lot), pre-consumer 2.782606 kg (swarf), primary 1.781055 kg
 * (ore), unattributed 0.000112 kg.
 */
export async function shipTerbiumMetalWithPassport(
  platform: RunningPlatform,
  dataDir: string,
  metalLotId: string,
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

  await ok(tokens.mes, ReductionMutations.handOver, {
    key: k('hand-over'),
    input: { lotId: metalLotId, toService: 'sales' },
  });
  await waitFor(
    async () =>
      ((await ok(sales, '{ salesLots(custody: "OFFERED") { lotId } }')).salesLots as any[]).some(
        (lot) => lot.lotId === metalLotId,
      ),
    'sales received the metal lot offered by reduction',
    { timeoutMs: 60_000 },
  );
  await ok(sales, SalesMutations.accept, {
    key: k('accept'),
    input: { lotId: metalLotId, productCode: 'TB-METAL' },
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
  await ok(sales, SalesMutations.allocate, {
    key: k('allocate'),
    input: { orderLineId: lineId, lotId: metalLotId, massKg: '10.5' },
  });
  await ok(sales, SalesMutations.ship, {
    key: k('ship'),
    input: {
      orderId,
      carrier: 'Nippon Express',
      shippedAt: '2026-11-20T06:00:00Z',
      containers: [{ containerId: 'D1', lotId: metalLotId, netMassKg: '10.5' }],
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
  const [section] = passport.lots;
  expect(section).toMatchObject({
    lotId: metalLotId,
    netMassKg: '10.5',
    customs: { cnCode: expect.any(String) },
  });
  const [tb] = section.recycledContent.elements;
  expect(tb.element).toBe('Tb');
  expect(tb.mass.value).toBe('10.500000');
  expect(tb.categories.map((c: any) => [c.category, c.mass.value])).toEqual([
    ['CONTENT_CATEGORY_POST_CONSUMER', '5.936227'],
    ['CONTENT_CATEGORY_PRE_CONSUMER', '2.782606'],
    ['CONTENT_CATEGORY_PRIMARY', '1.781055'],
    ['CONTENT_CATEGORY_UNATTRIBUTED', '0.000112'],
  ]);
  expect(section.recycledContent.inputsSha256).toMatch(/^[0-9a-f]{64}$/);

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
  const shippedProofs = (bundle.proofs as any[]).filter(
    (proof) => proof.event.topic === Topics.SalesLotEvents,
  );
  const shipped = shippedProofs.at(-1);
  expect(shipped.checkpoint).toMatchObject({
    sequence: Number(ledgerProof.checkpointId),
    root: ledgerProof.root,
    keyId: ledgerProof.keyId,
    signature: ledgerProof.signature,
  });
  expect(verifyLedgerProof(shipped, publicKey)).toMatchObject({ ok: true });
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

  // Traceability's own statement of the lot, asked directly, says the same.
  const statement = (
    await ok(
      tokens.auditor,
      `query ($lotId: ID!) { recycledContentStatement(lotId: $lotId, elements: ["Tb"]) { elements { element massKg categories { category massKg } } } }`,
      { lotId: metalLotId },
    )
  ).recycledContentStatement;
  expect(statement.elements[0].categories.map((c: any) => c.massKg)).toEqual([
    '5.936227',
    '2.782606',
    '1.781055',
    '0.000112',
  ]);
}
