import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { GenealogyGap } from '../messaging/genealogy-completeness';

/** A shipped lot whose statement is not frozen yet: the genealogy upstream is not complete. */
export interface PendingStatement {
  readonly shipmentId: string;
  readonly lotId: string;
  readonly shippedEventId: string;
  readonly correlationId?: string;
  readonly exceptStream: string;
  /** The runs and lots awaited (ids), and why (one sentence per gap). */
  readonly waitingFor: readonly string[];
  readonly reasons: readonly string[];
  /** When the LotShipped was applied. */
  readonly since: Date;
}

interface PendingStatementRow {
  shipment_id: string;
  lot_id: string;
  shipped_event_id: string;
  correlation_id: string | null;
  except_stream: string;
  waiting_for: string[];
  reasons: string[];
  since: Date;
}

export class PendingStatementStore {
  /** Records that the statement waits (a replay of the LotShipped keeps the first record's `since`). */
  async wait(
    manager: EntityManager,
    pending: Omit<PendingStatement, 'waitingFor' | 'reasons'>,
    gaps: readonly GenealogyGap[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".trace_pending_statement
         (shipment_id, lot_id, shipped_event_id, correlation_id, except_stream, waiting_for, reasons, since, checked_at)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8, $8)
       ON CONFLICT (shipment_id, lot_id) DO UPDATE SET
         waiting_for = excluded.waiting_for, reasons = excluded.reasons, checked_at = excluded.checked_at`,
      [
        pending.shipmentId,
        pending.lotId,
        pending.shippedEventId,
        pending.correlationId ?? null,
        pending.exceptStream,
        subjectsOf(gaps),
        gaps.map((gap) => gap.reason),
        pending.since,
      ],
    );
  }

  /** Still waiting, for what the genealogy now lacks. */
  async stillWaiting(
    manager: EntityManager,
    pending: PendingStatement,
    gaps: readonly GenealogyGap[],
    now: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE "${serviceSchema(manager)}".trace_pending_statement
       SET waiting_for = $3::text[], reasons = $4::text[], checked_at = $5
       WHERE shipment_id = $1 AND lot_id = $2`,
      [pending.shipmentId, pending.lotId, subjectsOf(gaps), gaps.map((gap) => gap.reason), now],
    );
  }

  async done(manager: EntityManager, pending: PendingStatement): Promise<void> {
    await manager.query(
      `DELETE FROM "${serviceSchema(manager)}".trace_pending_statement WHERE shipment_id = $1 AND lot_id = $2`,
      [pending.shipmentId, pending.lotId],
    );
  }

  /**
   * The pending statements waiting for one of `subjects` (runs or lots), locked for this
   * transaction; every pending statement when `subjects` is undefined.
   */
  async waitingForAny(manager: EntityManager, subjects?: readonly string[]): Promise<PendingStatement[]> {
    const rows = (await manager.query(
      `SELECT shipment_id, lot_id, shipped_event_id, correlation_id, except_stream, waiting_for, reasons, since
       FROM "${serviceSchema(manager)}".trace_pending_statement
       WHERE $1::text[] IS NULL OR waiting_for && $1::text[]
       ORDER BY since, shipment_id, lot_id FOR UPDATE`,
      [subjects === undefined ? null : [...subjects]],
    )) as PendingStatementRow[];
    return rows.map(pendingOf);
  }

  async all(source: DataSource | EntityManager): Promise<PendingStatement[]> {
    const rows = (await source.query(
      `SELECT shipment_id, lot_id, shipped_event_id, correlation_id, except_stream, waiting_for, reasons, since
       FROM "${serviceSchema(source)}".trace_pending_statement ORDER BY since, shipment_id, lot_id`,
    )) as PendingStatementRow[];
    return rows.map(pendingOf);
  }
}

function subjectsOf(gaps: readonly GenealogyGap[]): string[] {
  return [...new Set(gaps.map((gap) => gap.subject))];
}

function pendingOf(row: PendingStatementRow): PendingStatement {
  return {
    shipmentId: row.shipment_id,
    lotId: row.lot_id,
    shippedEventId: row.shipped_event_id,
    ...(row.correlation_id !== null && { correlationId: row.correlation_id }),
    exceptStream: row.except_stream,
    waitingFor: row.waiting_for,
    reasons: row.reasons,
    since: new Date(row.since),
  };
}
