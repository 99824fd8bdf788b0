import { toJson } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Topics, TraceabilityEventTypes, traceabilityV1 } from '@rre/contracts';
import type { EventConsumerDefinition, EventHandler } from '@rre/messaging';
import { tableOf } from '../persistence/sales-store';

/** Inbox and dead-letter name of the consumer (and its Kafka group id). */
export const STATEMENTS_CONSUMER = 'sales.recycled-content-statements';

/**
 * Attaches traceability's recycled-content statements to the passports: a statement issued for a
 * lot of one of sales' shipments is stored with that shipment, frozen. The first statement of a
 * (shipment, lot) is kept; a later one for the same pair changes nothing. A restatement (a
 * statement naming the one it restates, after a correction) never replaces it: it is recorded
 * next to the lot's statement, once per statement id, and the passport lists it as a later notice.
 * Statements of shipments sales does not know are none of its business.
 */
export function statementsConsumer(
  options: { name?: string; clock?: () => Date } = {},
): EventConsumerDefinition {
  const now = options.clock ?? (() => new Date());
  const issued: EventHandler<traceabilityV1.RecycledContentStatementIssued> = async (event, manager) => {
    const statement = event.message;
    const lotId = statement.lot?.lotId ?? event.envelope.subject;
    if (statement.shipmentId === '') return;
    const [shipment] = (await manager.query(
      `SELECT id FROM ${tableOf(manager, 'sales_shipment')} WHERE id = $1`,
      [statement.shipmentId],
    )) as unknown[];
    if (!shipment) return;
    const body = JSON.stringify(toJson(traceabilityV1.RecycledContentStatementIssuedSchema, statement));
    if (statement.restatesStatementId !== '') {
      await manager.query(
        `INSERT INTO ${tableOf(manager, 'sales_passport_restatement')}
           (statement_id, restates_statement_id, shipment_id, lot_id, statement, issued_at, received_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) ON CONFLICT (statement_id) DO NOTHING`,
        [
          statement.statementId,
          statement.restatesStatementId,
          statement.shipmentId,
          lotId,
          body,
          statement.issuedAt ? timestampDate(statement.issuedAt) : new Date(event.envelope.time),
          now(),
        ],
      );
      return;
    }
    await manager.query(
      `INSERT INTO ${tableOf(manager, 'sales_passport_statement')} (shipment_id, lot_id, statement_id, statement, received_at)
       VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT (shipment_id, lot_id) DO NOTHING`,
      [statement.shipmentId, lotId, statement.statementId, body, now()],
    );
  };
  return {
    name: options.name ?? STATEMENTS_CONSUMER,
    topics: [Topics.TraceabilityStatementEvents],
    handlers: { [TraceabilityEventTypes.RecycledContentStatementIssued]: issued as EventHandler<unknown> },
  };
}
