import { toJson } from '@bufbuild/protobuf';
import { Topics, TraceabilityEventTypes, traceabilityV1 } from '@rre/contracts';
import type { EventConsumerDefinition, EventHandler } from '@rre/messaging';
import { tableOf } from '../persistence/sales-store';

/** Inbox and dead-letter name of the consumer (and its Kafka group id). */
export const STATEMENTS_CONSUMER = 'sales.recycled-content-statements';

/**
 * Attaches traceability's recycled-content statements to the passports: a statement issued for a
 * lot of one of sales' shipments is stored with that shipment, frozen. The first statement of a
 * (shipment, lot) is kept; a later one for the same pair changes nothing (a restatement is
 * traceability's to publish, and the passport shows what was frozen at shipment). Statements of
 * shipments sales does not know are none of its business.
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
    await manager.query(
      `INSERT INTO ${tableOf(manager, 'sales_passport_statement')} (shipment_id, lot_id, statement_id, statement, received_at)
       VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT (shipment_id, lot_id) DO NOTHING`,
      [
        statement.shipmentId,
        lotId,
        statement.statementId,
        JSON.stringify(toJson(traceabilityV1.RecycledContentStatementIssuedSchema, statement)),
        now(),
      ],
    );
  };
  return {
    name: options.name ?? STATEMENTS_CONSUMER,
    topics: [Topics.TraceabilityStatementEvents],
    handlers: { [TraceabilityEventTypes.RecycledContentStatementIssued]: issued as EventHandler<unknown> },
  };
}
