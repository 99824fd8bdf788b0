import { create } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  type EventEnvelope,
  type salesV1,
  TraceabilityEventTypes,
  traceabilityV1,
  Topics,
} from '@rre/contracts';
import type { SignedCheckpoint } from '@rre/ledger';
import { EventPublisher, UnprocessableEventError } from '@rre/messaging';
import type { LedgerApplication } from '../ledger/ledger-application';
import type { EntityManager } from 'typeorm';
import { createHash } from 'node:crypto';
import { statementElementsOf } from '../domain/recycled-content';
import { recycledContentStatementOf, type StatementFigures } from '../domain/recycled-content-statement';
import { GenealogyStore } from '../persistence/genealogy.store';
import { RunEmissionStore } from '../persistence/run-emission.store';
import { ShipmentStore } from '../persistence/shipment.store';
import { type FrozenStatement, StatementStore } from '../persistence/statement.store';
import { massKgOf } from './event-values';
import { ConfigurationStore } from '../as-of/configuration.store';
import { RestatementStore } from '../as-of/restatement.store';
import { statementStandsOn } from '../as-of/statement-stands-on';
import { genealogyGapsOf } from './genealogy-completeness';
import { PendingStatementStore } from '../pending-statements/pending-statement.store';

const publisher = new EventPublisher({ service: 'traceability' });
const genealogy = new GenealogyStore();
const shipments = new ShipmentStore();
const statements = new StatementStore();
const emissions = new RunEmissionStore();
const configurations = new ConfigurationStore();
const restatements = new RestatementStore();
const pendingStatements = new PendingStatementStore();

/**
 * A lot left the plant: the shipment joins the genealogy, and the lot's recycled-content statement
 * is frozen for it and announced through the outbox, all in the consumer's transaction, once the
 * genealogy upstream is complete (`genealogyGapsOf`). Until then the shipment is recorded and the
 * statement waits (`trace_pending_statement`, with what it waits for): the consumer freezes it
 * after the event that completes the genealogy (`freezePendingStatements`). The shipment and lot are
 * the statement's key: a redelivered or replayed event issues nothing more.
 */
export async function applyLotShipped(
  manager: EntityManager,
  shipped: salesV1.LotShipped,
  envelope: EventEnvelope,
  now: Date,
  ledger: LedgerApplication,
  /** False while rebuilding the projection from the log: the statement was announced when first frozen. */
  publish = true,
): Promise<void> {
  const lotId = shipped.lot?.lotId || envelope.subject;
  const netMassKg = massKgOf(shipped.netMass, 'net_mass');
  if (shipped.shipmentId === '' || netMassKg === undefined) {
    throw new UnprocessableEventError(`LotShipped of lot ${lotId}: shipment_id and net_mass are required`);
  }
  await shipments.record(
    manager,
    {
      shipmentId: shipped.shipmentId,
      lotId,
      orderId: shipped.orderId,
      orderLineId: shipped.orderLineId || undefined,
      customerOrganisationId: shipped.customer?.organisationId || undefined,
      deliverySiteId: shipped.deliverySite?.siteId || undefined,
      deliverySiteGln: shipped.deliverySite?.gln || undefined,
      netMassKg,
      shippedAt: shipped.shippedAt ? timestampDate(shipped.shippedAt) : new Date(envelope.time),
      productCode: shipped.productCode || undefined,
      passportId: shipped.passportId || undefined,
    },
    envelope.id,
  );
  const key = { shipmentId: shipped.shipmentId, lotId };
  if (await statements.byId(manager, statementIdOf(key.shipmentId, lotId))) return;
  const exceptStream = `${envelope.source} ${envelope.subject}`;
  const gaps = await genealogyGapsOf(manager, lotId, exceptStream);
  if (gaps.length > 0) {
    await pendingStatements.wait(
      manager,
      {
        ...key,
        shippedEventId: envelope.id,
        ...(envelope.correlationid && { correlationId: envelope.correlationid }),
        exceptStream,
        since: now,
      },
      gaps,
    );
    return;
  }
  await freezeShipmentStatement(
    manager,
    { ...key, causationId: envelope.id, correlationId: envelope.correlationid },
    now,
    ledger,
    publish,
  );
}

/**
 * Freezes the statement of a shipped lot on the genealogy as it stands, records what it stands
 * on, signs a ledger checkpoint and announces it (`RecycledContentStatementIssued`, caused by the
 * LotShipped); nothing when it was frozen already.
 */
export async function freezeShipmentStatement(
  manager: EntityManager,
  shipment: { shipmentId: string; lotId: string; causationId: string; correlationId?: string },
  now: Date,
  ledger: LedgerApplication,
  publish: boolean,
): Promise<void> {
  const { shipmentId, lotId } = shipment;
  const upstream = await genealogy.upstreamOf(manager, lotId);
  const recorded = await emissions.of(manager, runIdsOf(upstream, lotId));
  const statement: FrozenStatement = {
    ...recycledContentStatementOf(upstream, lotId, statementElementsOf(upstream.lot(lotId)), recorded),
    statementId: statementIdOf(shipmentId, lotId),
    shipmentId,
    issuedAt: now,
    configurationVersion: (await configurations.inForceWhenRecorded(manager)).version,
  };
  if (!(await statements.freeze(manager, statement))) return;
  await restatements.recordInputs(manager, statement.statementId, statementStandsOn(upstream, lotId));
  const checkpoint =
    (await ledger.checkpointWithin(manager, 'STATEMENT')) ?? (await ledger.latestCheckpointWithin(manager));
  if (!publish) return;
  await publisher.publish(manager, {
    topic: Topics.TraceabilityStatementEvents,
    type: TraceabilityEventTypes.RecycledContentStatementIssued,
    subject: lotId,
    data: {
      schema: traceabilityV1.RecycledContentStatementIssuedSchema,
      message: issuedMessage(statement, checkpoint),
    },
    ...(shipment.correlationId && { correlationId: shipment.correlationId }),
    causationId: shipment.causationId,
    time: now,
  });
}

/**
 * A statement's id is named by its key (shipment and lot), so a rebuild from the log freezes it
 * under the id it was announced with: `ST-` and 26 hex digits of SHA-256("<shipment>\n<lot>").
 */
export function statementIdOf(shipmentId: string, lotId: string): string {
  return `ST-${createHash('sha256').update(`${shipmentId}\n${lotId}`).digest('hex').slice(0, 26).toUpperCase()}`;
}

function runIdsOf(upstream: Awaited<ReturnType<GenealogyStore['upstreamOf']>>, lotId: string): string[] {
  const runIds = new Set<string>();
  const pending = [lotId];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const runId = upstream.lot(id)?.producedByRunId;
    if (runId === undefined) continue;
    runIds.add(runId);
    for (const input of upstream.run(runId)?.inputs ?? []) pending.push(input.lotId);
  }
  return [...runIds];
}

const CATEGORY_CODES: Record<StatementFigures['elements'][number]['categories'][number]['category'], number> =
  {
    POST_CONSUMER: traceabilityV1.ContentCategory.POST_CONSUMER,
    PRE_CONSUMER: traceabilityV1.ContentCategory.PRE_CONSUMER,
    PRIMARY: traceabilityV1.ContentCategory.PRIMARY,
    UNATTRIBUTED: traceabilityV1.ContentCategory.UNATTRIBUTED,
  };

/** The statement as the contract states it (statement_events.proto). */
export function issuedMessage(
  statement: FrozenStatement,
  checkpoint?: SignedCheckpoint,
): traceabilityV1.RecycledContentStatementIssued {
  const kg = (value: string) => ({ value, unitCode: 'KGM' });
  const fraction = (value: string) => ({ value, unitCode: 'C62' });
  return create(traceabilityV1.RecycledContentStatementIssuedSchema, {
    statementId: statement.statementId,
    lot: { lotId: statement.lotId, lotCode: statement.lotCode ?? '' },
    shipmentId: statement.shipmentId,
    methodVersion: statement.methodVersion,
    chainOfCustodyModel: statement.chainOfCustodyModel,
    elements: statement.elements
      .filter((element) => element.stated)
      .map((element) => ({
        element: element.element,
        mass: kg(element.massKg),
        categories: element.categories.map((category) => ({
          category: CATEGORY_CODES[category.category],
          mass: kg(category.massKg),
          ...(category.share === null ? {} : { share: fraction(category.share) }),
          ...(category.shareUncertainty === null
            ? {}
            : { shareUncertainty: fraction(category.shareUncertainty) }),
        })),
      })),
    countriesOfOrigin: statement.countriesOfOrigin
      .filter((country) => country.country !== null)
      .map((country) => ({
        country: country.country ?? '',
        element: country.element,
        mass: kg(country.massKg),
        share: fraction(country.share),
      })),
    co2eKgPerKg: statement.co2eKgPerKg ?? '',
    inputsSha256: statement.inputsSha256,
    issuedAt: timestampFromDate(statement.issuedAt),
    restatesStatementId: statement.restatesStatementId ?? '',
    ...(checkpoint && {
      ledgerCheckpointId: String(checkpoint.sequence),
      ledgerCheckpointRoot: checkpoint.root,
      ledgerCheckpointKeyId: checkpoint.keyId,
      ledgerCheckpointSignature: checkpoint.signature,
      ledgerProofsQuery: `query { ledgerProofsForLot(lotId: ${JSON.stringify(statement.lotId)}) { proven pendingEventIds document } }`,
    }),
  });
}
