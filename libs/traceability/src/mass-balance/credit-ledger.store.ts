import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { ContentCategory } from '../domain/content-category';
import { CREDIT_CATEGORIES } from './mass-balance-period';

type Queryable = DataSource | EntityManager;

export interface CreditEntry {
  readonly entryNo: number;
  readonly entryId: string;
  readonly element: string;
  readonly category: ContentCategory;
  readonly kind: 'DEPOSIT' | 'CLAIM';
  readonly kg: string;
  readonly balanceAfterKg: string;
  readonly remainingKg?: string;
  readonly periodFrom?: Date;
  readonly periodTo?: Date;
  readonly shipmentId?: string;
  readonly lotId?: string;
  readonly idempotencyKey?: string;
  readonly requestSha256?: string;
  readonly actorSubject?: string;
  readonly actorOrganisation?: string;
  readonly at: Date;
}

export interface ClaimDraw {
  readonly claimEntryId: string;
  readonly depositEntryId: string;
  readonly kg: string;
  readonly periodFrom: Date;
  readonly periodTo: Date;
}

export interface DepositedPeriod {
  readonly element: string;
  readonly from: Date;
  readonly to: Date;
  readonly methodVersion: string;
  readonly figures: unknown;
  readonly depositedBySubject?: string;
  readonly depositedAt: Date;
}

interface EntryRow {
  entry_no: string;
  entry_id: string;
  element: string;
  category: string;
  kind: string;
  kg: string;
  balance_after_kg: string;
  remaining_kg: string | null;
  period_from: Date | string | null;
  period_to: Date | string | null;
  shipment_id: string | null;
  lot_id: string | null;
  idempotency_key: string | null;
  request_sha256: string | null;
  actor_subject: string | null;
  actor_organisation: string | null;
  at: Date | string;
}

const ENTRY_COLUMNS = `entry_no::text AS entry_no, entry_id, element, category, kind, kg::text AS kg,
  balance_after_kg::text AS balance_after_kg, remaining_kg::text AS remaining_kg, period_from, period_to,
  shipment_id, lot_id, idempotency_key, request_sha256, actor_subject, actor_organisation, at`;

/** The credit ledger's tables. Writers lock the element's accounts first (see {@link lockAccounts}). */
export class CreditLedgerStore {
  /**
   * Creates the element's accounts if missing and locks them (category order), so deposits and
   * claims of one element run one after the other: the balance read is the balance written.
   */
  async lockAccounts(
    manager: EntityManager,
    element: string,
    at: Date,
  ): Promise<Map<ContentCategory, string>> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'mb_credit_account')} (element, category, balance_kg, updated_at)
       SELECT $1, category, 0, $2 FROM unnest($3::text[]) AS category
       ON CONFLICT (element, category) DO NOTHING`,
      [element, at, CREDIT_CATEGORIES],
    );
    const rows = (await manager.query(
      `SELECT category, balance_kg::text AS balance_kg FROM ${this.table(manager, 'mb_credit_account')}
       WHERE element = $1 ORDER BY category FOR UPDATE`,
      [element],
    )) as { category: ContentCategory; balance_kg: string }[];
    return new Map(rows.map((row) => [row.category, row.balance_kg]));
  }

  async balances(source: Queryable, element: string): Promise<Map<ContentCategory, string>> {
    const rows = (await source.query(
      `SELECT category, balance_kg::text AS balance_kg FROM ${this.table(source, 'mb_credit_account')} WHERE element = $1`,
      [element],
    )) as { category: ContentCategory; balance_kg: string }[];
    return new Map(rows.map((row) => [row.category, row.balance_kg]));
  }

  /** Adds to (deposit) or takes from (claim, negative) an account; returns the balance after. */
  async move(
    manager: EntityManager,
    element: string,
    category: ContentCategory,
    deltaKg: string,
    at: Date,
  ): Promise<string> {
    const result = (await manager.query(
      `UPDATE ${this.table(manager, 'mb_credit_account')} SET balance_kg = balance_kg + $3::numeric, updated_at = $4
       WHERE element = $1 AND category = $2 RETURNING balance_kg::text AS balance_kg`,
      [element, category, deltaKg, at],
    )) as unknown[];
    // TypeORM's PostgreSQL driver answers an UPDATE with [rows, count].
    const rows = (Array.isArray(result[0]) ? result[0] : result) as { balance_kg: string }[];
    return rows[0].balance_kg;
  }

  async insertEntry(manager: EntityManager, entry: Omit<CreditEntry, 'entryNo'>): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'mb_credit_entry')}
         (entry_id, element, category, kind, kg, balance_after_kg, remaining_kg, period_from, period_to,
          shipment_id, lot_id, idempotency_key, request_sha256, actor_subject, actor_organisation, at)
       VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric, $7::numeric, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        entry.entryId,
        entry.element,
        entry.category,
        entry.kind,
        entry.kg,
        entry.balanceAfterKg,
        entry.remainingKg ?? null,
        entry.periodFrom ?? null,
        entry.periodTo ?? null,
        entry.shipmentId ?? null,
        entry.lotId ?? null,
        entry.idempotencyKey ?? null,
        entry.requestSha256 ?? null,
        entry.actorSubject ?? null,
        entry.actorOrganisation ?? null,
        entry.at,
      ],
    );
  }

  /** The account's deposits that claims have not drawn in full, oldest period first. */
  async undrawnDeposits(
    manager: EntityManager,
    element: string,
    category: ContentCategory,
  ): Promise<CreditEntry[]> {
    const rows = (await manager.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${this.table(manager, 'mb_credit_entry')}
       WHERE element = $1 AND category = $2 AND kind = 'DEPOSIT' AND remaining_kg > 0
       ORDER BY period_from, entry_no FOR UPDATE`,
      [element, category],
    )) as EntryRow[];
    return rows.map(entryOf);
  }

  async draw(manager: EntityManager, claimEntryId: string, deposit: CreditEntry, kg: string): Promise<void> {
    await manager.query(
      `UPDATE ${this.table(manager, 'mb_credit_entry')} SET remaining_kg = remaining_kg - $2::numeric WHERE entry_id = $1`,
      [deposit.entryId, kg],
    );
    await manager.query(
      `INSERT INTO ${this.table(manager, 'mb_claim_draw')} (claim_entry_id, deposit_entry_id, kg) VALUES ($1, $2, $3::numeric)`,
      [claimEntryId, deposit.entryId, kg],
    );
  }

  async entries(source: Queryable, element: string, category: ContentCategory): Promise<CreditEntry[]> {
    const rows = (await source.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${this.table(source, 'mb_credit_entry')}
       WHERE element = $1 AND category = $2 ORDER BY entry_no`,
      [element, category],
    )) as EntryRow[];
    return rows.map(entryOf);
  }

  async claimByIdempotencyKey(source: Queryable, key: string): Promise<CreditEntry | undefined> {
    const rows = (await source.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${this.table(source, 'mb_credit_entry')} WHERE idempotency_key = $1`,
      [key],
    )) as EntryRow[];
    return rows[0] ? entryOf(rows[0]) : undefined;
  }

  /** Claims of a lot's element (every shipment, and the lot on its own under ''). */
  async claimsOfLot(source: Queryable, lotId: string, element?: string): Promise<CreditEntry[]> {
    const rows = (await source.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${this.table(source, 'mb_credit_entry')}
       WHERE kind = 'CLAIM' AND lot_id = $1 AND ($2::text IS NULL OR element = $2) ORDER BY entry_no`,
      [lotId, element ?? null],
    )) as EntryRow[];
    return rows.map(entryOf);
  }

  async claimsOfShipment(source: Queryable, shipmentId: string): Promise<CreditEntry[]> {
    const rows = (await source.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${this.table(source, 'mb_credit_entry')}
       WHERE kind = 'CLAIM' AND shipment_id = $1 ORDER BY entry_no`,
      [shipmentId],
    )) as EntryRow[];
    return rows.map(entryOf);
  }

  /** Claims of an element made in [from, to). */
  async claimsBetween(source: Queryable, element: string, from: Date, to: Date): Promise<CreditEntry[]> {
    const rows = (await source.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${this.table(source, 'mb_credit_entry')}
       WHERE kind = 'CLAIM' AND element = $1 AND at >= $2 AND at < $3 ORDER BY entry_no`,
      [element, from, to],
    )) as EntryRow[];
    return rows.map(entryOf);
  }

  async draws(source: Queryable, claimEntryIds: readonly string[]): Promise<ClaimDraw[]> {
    if (claimEntryIds.length === 0) return [];
    const rows = (await source.query(
      `SELECT d.claim_entry_id, d.deposit_entry_id, d.kg::text AS kg, e.period_from, e.period_to
       FROM ${this.table(source, 'mb_claim_draw')} d
       JOIN ${this.table(source, 'mb_credit_entry')} e ON e.entry_id = d.deposit_entry_id
       WHERE d.claim_entry_id = ANY($1::text[]) ORDER BY e.period_from, e.entry_no`,
      [claimEntryIds],
    )) as {
      claim_entry_id: string;
      deposit_entry_id: string;
      kg: string;
      period_from: Date | string;
      period_to: Date | string;
    }[];
    return rows.map((row) => ({
      claimEntryId: row.claim_entry_id,
      depositEntryId: row.deposit_entry_id,
      kg: row.kg,
      periodFrom: new Date(row.period_from),
      periodTo: new Date(row.period_to),
    }));
  }

  /** Deposited periods of the element that overlap [from, to). */
  async overlappingPeriods(
    source: Queryable,
    element: string,
    from: Date,
    to: Date,
  ): Promise<DepositedPeriod[]> {
    const rows = (await source.query(
      `SELECT element, period_from, period_to, method_version, figures, deposited_by_subject, deposited_at
       FROM ${this.table(source, 'mb_deposit_period')}
       WHERE element = $1 AND period_from < $3 AND period_to > $2 ORDER BY period_from`,
      [element, from, to],
    )) as {
      element: string;
      period_from: Date | string;
      period_to: Date | string;
      method_version: string;
      figures: unknown;
      deposited_by_subject: string | null;
      deposited_at: Date | string;
    }[];
    return rows.map((row) => ({
      element: row.element,
      from: new Date(row.period_from),
      to: new Date(row.period_to),
      methodVersion: row.method_version,
      figures: row.figures,
      depositedBySubject: row.deposited_by_subject ?? undefined,
      depositedAt: new Date(row.deposited_at),
    }));
  }

  async insertPeriod(manager: EntityManager, period: DepositedPeriod): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'mb_deposit_period')}
         (element, period_from, period_to, method_version, figures, deposited_by_subject, deposited_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
      [
        period.element,
        period.from,
        period.to,
        period.methodVersion,
        JSON.stringify(period.figures),
        period.depositedBySubject ?? null,
        period.depositedAt,
      ],
    );
  }

  private table(source: Queryable, name: string): string {
    return `"${serviceSchema(source)}".${name}`;
  }
}

function entryOf(row: EntryRow): CreditEntry {
  return {
    entryNo: Number(row.entry_no),
    entryId: row.entry_id,
    element: row.element,
    category: row.category as ContentCategory,
    kind: row.kind as 'DEPOSIT' | 'CLAIM',
    kg: row.kg,
    balanceAfterKg: row.balance_after_kg,
    remainingKg: row.remaining_kg ?? undefined,
    periodFrom: row.period_from === null ? undefined : new Date(row.period_from),
    periodTo: row.period_to === null ? undefined : new Date(row.period_to),
    shipmentId: row.shipment_id ?? undefined,
    lotId: row.lot_id ?? undefined,
    idempotencyKey: row.idempotency_key ?? undefined,
    requestSha256: row.request_sha256 ?? undefined,
    actorSubject: row.actor_subject ?? undefined,
    actorOrganisation: row.actor_organisation ?? undefined,
    at: new Date(row.at),
  };
}
