import type { EntityManager } from 'typeorm';
import type { LedgerApplication } from '../ledger/ledger-application';
import { genealogyGapsOf } from '../messaging/genealogy-completeness';
import { freezeShipmentStatement } from '../messaging/lot-shipped';
import { PendingStatementStore } from './pending-statement.store';

const pendingStatements = new PendingStatementStore();

/**
 * After the consumer applied events (the runs and lots they are about: `subjects`): every shipped
 * lot's statement waiting for one of them is checked again, and frozen in this transaction when
 * the genealogy upstream is now complete, as `applyLotShipped` freezes it at once (same statement
 * id, the LotShipped as causation, a ledger checkpoint); else it waits for what is still missing.
 * A gap closes only by an event about its own run or lot (a completion, a mass, a held event
 * released), so the statements waiting for none of `subjects` cannot have become complete.
 */
export async function freezePendingStatements(
  manager: EntityManager,
  subjects: readonly string[],
  now: Date,
  announcement: { readonly ledger: LedgerApplication; readonly publish: boolean },
): Promise<string[]> {
  const frozen: string[] = [];
  for (const pending of await pendingStatements.waitingForAny(manager, subjects)) {
    const gaps = await genealogyGapsOf(manager, pending.lotId, pending.exceptStream);
    if (gaps.length > 0) {
      await pendingStatements.stillWaiting(manager, pending, gaps, now);
      continue;
    }
    await freezeShipmentStatement(
      manager,
      {
        shipmentId: pending.shipmentId,
        lotId: pending.lotId,
        causationId: pending.shippedEventId,
        ...(pending.correlationId && { correlationId: pending.correlationId }),
      },
      now,
      announcement.ledger,
      announcement.publish,
    );
    await pendingStatements.done(manager, pending);
    frozen.push(pending.shipmentId);
  }
  return frozen;
}
