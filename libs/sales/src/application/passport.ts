import { parseDecimal, toPlainString } from '@rre/quantities';
import type { EntityManager } from 'typeorm';
import { tableOf } from '../persistence/sales-store';
import type { SalesSettings } from '../sales-config';
import type { OrderBook } from './order-book';
import type { CatalogueStore } from '../persistence/sales-store';
import { passportUriOf } from './passport-uri';

/** Who reads a passport: anyone holding its id, the buyer (its organisation's token), an authority (auditor, admin). */
export type PassportTier = 'PUBLIC' | 'BUYER' | 'AUTHORITY';

export const PASSPORT_SCHEMA = 'https://rre.example/schemas/product-passport/v1';

export interface PassportLotSection {
  lotId: string;
  lotCode: string;
  product: { code: string; name: string; formula: string; form: string };
  grade: string;
  netMassKg: string;
  assay: { element: string; fraction: string; uncertainty?: string }[];
  purityPercent: string;
  customs: { cnCode: string; originCountry: string };
  /** Frozen from traceability's statement; PENDING until it arrives (never invented). */
  recycledContent: { status: 'PENDING' } | ({ status: 'FROZEN' } & Record<string, unknown>);
  /**
   * Later notices: traceability's restatements of the lot's statement (a correction changed its
   * figures), oldest first; absent when none. Not part of what the passport's JWS signs (it signs
   * the passport as issued); each carries traceability's own ledger checkpoint (BUYER, AUTHORITY).
   */
  restatements?: PassportRestatement[];
}

/** A restatement as a tier may read it: the new statement's id, the one it restates, when, the new figures. */
export type PassportRestatement = {
  statementId: string;
  restatesStatementId: string;
  issuedAt: string;
} & Record<string, unknown>;

export interface PassportDocument {
  $schema: string;
  id: string;
  uri: string;
  tier: PassportTier;
  issuer: { legalName: string; contact: string; country: string };
  issuedAt: string;
  shipment: {
    id: string;
    shippedAt: string;
    carrier?: string;
    netMassKg: string;
    containers?: { containerId: string; lotId: string; netMassKg: string }[];
  };
  buyer?: {
    organisationId: string;
    legalName: string;
    deliverySite: { name: string; address: string; country: string };
  };
  order?: { id: string; customerReference?: string };
  lots: PassportLotSection[];
  recycledContentStatus: 'PENDING' | 'PARTIAL' | 'COMPLETE';
}

/** The public key of the traceability ledger, on the traceability service (or the platform). */
export const LEDGER_PUBLIC_KEY_PATH = '/traceability/ledger/public-key.pem';

/** The signed ledger checkpoint a statement names, and how to fetch and check the proofs of its events. */
export interface PassportLedgerProof {
  checkpointId: string;
  root?: string;
  keyId?: string;
  signature?: string;
  /** Traceability GraphQL (auditor token): its `document` is the proof bundle. */
  proofsQuery?: string;
  publicKeyPath: string;
  verify: string;
}

function ledgerProofOf(statement: Record<string, unknown>): PassportLedgerProof | undefined {
  const text = (key: string) => (typeof statement[key] === 'string' ? (statement[key] as string) : undefined);
  const checkpointId = text('ledgerCheckpointId');
  if (checkpointId === undefined) return undefined;
  return {
    checkpointId,
    ...(text('ledgerCheckpointRoot') && { root: text('ledgerCheckpointRoot') }),
    ...(text('ledgerCheckpointKeyId') && { keyId: text('ledgerCheckpointKeyId') }),
    ...(text('ledgerCheckpointSignature') && { signature: text('ledgerCheckpointSignature') }),
    ...(text('ledgerProofsQuery') && { proofsQuery: text('ledgerProofsQuery') }),
    publicKeyPath: LEDGER_PUBLIC_KEY_PATH,
    verify:
      "save the query's `document` as bundle.json and the public key as key.pem, then `npm run verify-proof -- bundle.json key.pem`: every proof must name this checkpoint (sequence, root) and verify",
  };
}

/** Drops what a tier may not see: suppliers' names and countries of origin by supplier stay with authorities. */
function statementFor(tier: PassportTier, statement: Record<string, unknown>, supplierNamesPublic: boolean) {
  const {
    inputsSha256,
    ledgerCheckpointId,
    ledgerCheckpointRoot: _ledgerCheckpointRoot,
    ledgerCheckpointKeyId: _ledgerCheckpointKeyId,
    ledgerCheckpointSignature: _ledgerCheckpointSignature,
    ledgerProofsQuery: _ledgerProofsQuery,
    ...figures
  } = statement;
  const ledgerProof = ledgerProofOf(statement);
  if (tier === 'AUTHORITY')
    return { status: 'FROZEN' as const, ...statement, ...(ledgerProof && { ledgerProof }) };
  const shown: Record<string, unknown> = { status: 'FROZEN' as const, ...figures };
  if (tier === 'BUYER')
    Object.assign(shown, { ledgerCheckpointId, inputsSha256, ...(ledgerProof && { ledgerProof }) });
  if (!supplierNamesPublic) delete shown['suppliers'];
  return shown as { status: 'FROZEN' } & Record<string, unknown>;
}

/** The passport of a shipment as a tier may read it, built from sales' records and the frozen statements. */
export async function buildPassport(
  manager: EntityManager,
  deps: { book: OrderBook; catalogue: CatalogueStore; settings: SalesSettings['passport'] },
  passportId: string,
  tier: PassportTier,
): Promise<PassportDocument | undefined> {
  const shipment = await deps.book.shipmentByPassport(manager, passportId);
  if (!shipment) return undefined;
  const order = await deps.book.order(manager, shipment.orderId);
  if (!order) return undefined;
  const customer = await deps.book.customer(manager, order.customerId);
  const allocations = await deps.book.allocations(manager, { shipmentId: shipment.id });
  const statements = new Map(
    (
      (await manager.query(
        `SELECT lot_id, statement FROM ${tableOf(manager, 'sales_passport_statement')} WHERE shipment_id = $1`,
        [shipment.id],
      )) as { lot_id: string; statement: Record<string, unknown> }[]
    ).map((row) => [row.lot_id, row.statement]),
  );
  const restatements = new Map<string, PassportRestatement[]>();
  for (const row of (await manager.query(
    `SELECT lot_id, statement FROM ${tableOf(manager, 'sales_passport_restatement')} WHERE shipment_id = $1
     ORDER BY issued_at, statement_id`,
    [shipment.id],
  )) as { lot_id: string; statement: Record<string, unknown> }[]) {
    const { status: _status, ...shown } = statementFor(
      tier,
      row.statement,
      deps.settings.supplierNamesPublic,
    );
    restatements.set(row.lot_id, [...(restatements.get(row.lot_id) ?? []), shown as PassportRestatement]);
  }
  const lines = new Map(order.lines.map((l) => [l.id, l]));
  const lots: PassportLotSection[] = [];
  const byLot = new Map<string, typeof allocations>();
  for (const allocation of allocations)
    byLot.set(allocation.lotId, [...(byLot.get(allocation.lotId) ?? []), allocation]);
  let firstGtin = '';
  for (const [lotId, ofLot] of byLot) {
    const lot = await deps.book.lot(manager, lotId);
    const line = lines.get(ofLot[0]?.orderLineId ?? '');
    const product = await deps.catalogue.product(manager, line?.productCode ?? lot?.productCode ?? '');
    if (!lot || !line || !product) continue;
    firstGtin ||= product.gtin;
    const net = ofLot.reduce((sum, a) => sum.plus(parseDecimal(a.massKg)), parseDecimal('0'));
    const statement = statements.get(lotId);
    lots.push({
      lotId,
      lotCode: lot.lotCode,
      product: { code: product.code, name: product.name, formula: product.formula, form: product.form },
      grade: line.gradeCode,
      netMassKg: toPlainString(net),
      assay: Object.entries(lot.composition).map(([element, c]) => ({ element, ...c })),
      purityPercent: toPlainString(
        parseDecimal(ofLot[0]?.purity ?? '0')
          .mul(100)
          .toDecimalPlaces(4, 6),
      ),
      customs: { cnCode: product.cnCode, originCountry: deps.settings.plantCountry },
      recycledContent:
        statement === undefined
          ? { status: 'PENDING' }
          : statementFor(tier, statement, deps.settings.supplierNamesPublic),
      ...(restatements.has(lotId) && { restatements: restatements.get(lotId) }),
    });
  }
  const frozen = lots.filter((l) => l.recycledContent.status === 'FROZEN').length;
  const site = customer?.sites.find((s) => s.id === order.deliverySiteId);
  return {
    $schema: PASSPORT_SCHEMA,
    id: passportId,
    uri: passportUriOf(deps.settings.baseUrl, firstGtin, passportId),
    tier,
    issuer: {
      legalName: deps.settings.issuerLegalName,
      contact: deps.settings.issuerContact,
      country: deps.settings.plantCountry,
    },
    issuedAt: shipment.shippedAt.toISOString(),
    shipment: {
      id: shipment.id,
      shippedAt: shipment.shippedAt.toISOString(),
      netMassKg: shipment.netMassKg,
      ...(tier === 'PUBLIC'
        ? {}
        : {
            carrier: shipment.carrier,
            containers: shipment.containers.map((c) => ({
              containerId: c.containerId,
              lotId: c.lotId,
              netMassKg: c.netMassKg,
            })),
          }),
    },
    ...(tier !== 'PUBLIC' && customer && site
      ? {
          buyer: {
            organisationId: customer.organisationId,
            legalName: customer.legalName,
            deliverySite: { name: site.name, address: site.address, country: site.country },
          },
          order: { id: order.id, customerReference: order.customerReference },
        }
      : {}),
    lots,
    recycledContentStatus: frozen === 0 ? 'PENDING' : frozen === lots.length ? 'COMPLETE' : 'PARTIAL',
  };
}

/**
 * The passport as issued, which its JWS signs: without the later notices (`restatements`), so the
 * signed payload does not change when traceability restates a figure after shipment.
 */
export function passportAsIssued(passport: PassportDocument): PassportDocument {
  return {
    ...passport,
    lots: passport.lots.map(({ restatements: _restatements, ...lot }) => lot),
  };
}
