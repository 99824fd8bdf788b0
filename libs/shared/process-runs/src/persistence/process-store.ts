import { serviceSchema } from '@rre/persistence';
import { parseDecimal, toPlainString } from '@rre/quantities';
import type { EntityManager } from 'typeorm';
import type { MassBalance } from '../domain/mass-balance';
import type {
  AssayStatus,
  LotCustody,
  OutputRole,
  ProcessLotKind,
  ProcessLotView,
} from '../domain/process-lot';
import type { StoredComposition } from '../domain/process-quantities';
import type {
  CorrectionView,
  ImbalanceOverrideView,
  LossView,
  LotTakeView,
  MovementKind,
  MovementView,
  OutputView,
  RunStatus,
  RunView,
} from '../domain/process-run';

/** A process_lot row. */
interface LotRow {
  id: string;
  code: string;
  kind: ProcessLotKind;
  custody: LotCustody;
  mass_kg: string;
  remaining_kg: string;
  composition: StoredComposition | null;
  composition_status: AssayStatus | null;
  current_assay_id: string | null;
  material_kind: string | null;
  source_category: string | null;
  equipment_id: string | null;
  description: string | null;
  received_from_service: string | null;
  received_transfer_id: string | null;
  produced_by_run_id: string | null;
  output_role: OutputRole | null;
  refusal_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

interface RunRow {
  id: string;
  external_id: string | null;
  kind: string;
  parameters: unknown;
  equipment_id: string;
  work_order: string;
  status: RunStatus;
  completion_basis: 'PROVISIONAL' | 'FINAL' | null;
  hold_reason: string | null;
  abort_reason: string | null;
  balance: MassBalance | null;
  override: ImbalanceOverrideView | null;
  planned_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  finalized_at: Date | null;
  aborted_at: Date | null;
  updated_at: Date;
  planned_by: string;
}

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** A NUMERIC kg value as plain decimal text without trailing zeros ("100.000000" -> "100"). */
export function kg(value: string): string {
  return toPlainString(parseDecimal(value));
}

export function lotViewOf(row: LotRow): ProcessLotView {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    custody: row.custody,
    massKg: kg(row.mass_kg),
    remainingKg: kg(row.remaining_kg),
    composition: opt(row.composition),
    compositionStatus: opt(row.composition_status),
    currentAssayId: opt(row.current_assay_id),
    materialKind: opt(row.material_kind),
    sourceCategory: opt(row.source_category),
    equipmentId: opt(row.equipment_id),
    description: opt(row.description),
    receivedFromService: opt(row.received_from_service),
    receivedTransferId: opt(row.received_transfer_id),
    producedByRunId: opt(row.produced_by_run_id),
    outputRole: opt(row.output_role),
    refusalReason: opt(row.refusal_reason),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export interface NewLot {
  id: string;
  code: string;
  kind: ProcessLotKind;
  custody: LotCustody;
  massKg: string;
  composition?: StoredComposition;
  compositionStatus?: AssayStatus;
  currentAssayId?: string;
  materialKind?: string;
  sourceCategory?: string;
  equipmentId?: string;
  description?: string;
  receivedFromService?: string;
  receivedTransferId?: string;
  producedByRunId?: string;
  outputRole?: OutputRole;
  now: Date;
}

/** Result of a conditional take: the lot's remaining mass after it, or why nothing was taken. */
export type TakeResult = { taken: true; remainingKg: string } | { taken: false };

/**
 * The library's SQL, on the host's transaction (`manager`); every table qualified with the host's
 * schema (PGlite shares one session, so search_path is not relied on).
 */
export class ProcessStore {
  private readonly schema: string;

  constructor(readonly manager: EntityManager) {
    this.schema = serviceSchema(manager);
  }

  table(name: string): string {
    return `"${this.schema}".${name}`;
  }

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.manager.query(sql, params)) as T[];
  }

  /** Rows RETURNING from an UPDATE: TypeORM answers UPDATE and DELETE with [rows, affected count]. */
  private async updatedRows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const answer = (await this.manager.query(sql, params)) as [T[], number] | T[];
    return Array.isArray(answer[0]) ? (answer[0] as T[]) : (answer as T[]);
  }

  async lot(lotId: string, options: { lock?: boolean } = {}): Promise<ProcessLotView | undefined> {
    const [row] = await this.rows<LotRow>(
      `SELECT * FROM ${this.table('process_lot')} WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [lotId],
    );
    return row === undefined ? undefined : lotViewOf(row);
  }

  async lotsByIds(ids: readonly string[]): Promise<ProcessLotView[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows<LotRow>(
      `SELECT * FROM ${this.table('process_lot')} WHERE id = ANY($1::text[])`,
      [[...ids]],
    );
    return rows.map(lotViewOf);
  }

  /** Inserts the lot; false when a lot with its id exists (a concurrent insert of it waits, then finds it). */
  async insertLot(lot: NewLot): Promise<boolean> {
    const inserted = await this.rows<{ id: string }>(
      `INSERT INTO ${this.table('process_lot')} (id, code, kind, custody, mass_kg, remaining_kg, composition,
         composition_status, current_assay_id, material_kind, source_category, equipment_id, description,
         received_from_service, received_transfer_id, produced_by_run_id, output_role, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        lot.id,
        lot.code,
        lot.kind,
        lot.custody,
        lot.massKg,
        lot.composition === undefined ? null : JSON.stringify(lot.composition),
        lot.compositionStatus ?? null,
        lot.currentAssayId ?? null,
        lot.materialKind ?? null,
        lot.sourceCategory ?? null,
        lot.equipmentId ?? null,
        lot.description ?? null,
        lot.receivedFromService ?? null,
        lot.receivedTransferId ?? null,
        lot.producedByRunId ?? null,
        lot.outputRole ?? null,
        lot.now,
      ],
    );
    return inserted.length > 0;
  }

  async setCustody(
    lotId: string,
    custody: LotCustody,
    now: Date,
    extra: { refusalReason?: string; massKg?: string } = {},
  ): Promise<void> {
    await this.manager.query(
      `UPDATE ${this.table('process_lot')}
         SET custody = $2, updated_at = $3, refusal_reason = COALESCE($4, refusal_reason),
             mass_kg = COALESCE($5::numeric, mass_kg), remaining_kg = COALESCE($5::numeric, remaining_kg)
       WHERE id = $1`,
      [lotId, custody, now, extra.refusalReason ?? null, extra.massKg ?? null],
    );
  }

  async setComposition(
    lotId: string,
    composition: StoredComposition,
    status: AssayStatus,
    assayId: string,
    now: Date,
  ): Promise<void> {
    await this.manager.query(
      `UPDATE ${this.table('process_lot')}
         SET composition = $2, composition_status = $3, current_assay_id = $4, updated_at = $5 WHERE id = $1`,
      [lotId, JSON.stringify(composition), status, assayId, now],
    );
  }

  async insertAssay(row: {
    id: string;
    lotId: string;
    assayId: string;
    composition: StoredComposition;
    status: AssayStatus;
    now: Date;
    by: string;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${this.table('process_lot_assay')} (id, lot_id, assay_id, composition, status, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, row.lotId, row.assayId, JSON.stringify(row.composition), row.status, row.now, row.by],
    );
  }

  /**
   * Takes `massKg` from a held lot in one conditional statement: the row is changed only when the
   * lot is HELD and at least that much remains. A concurrent taker waits on the row lock and then
   * re-checks the condition against the committed remaining mass, so the sum taken never exceeds it.
   */
  async takeFromLot(lotId: string, massKg: string, now: Date): Promise<TakeResult> {
    const [row] = await this.updatedRows<{ remaining_kg: string }>(
      `UPDATE ${this.table('process_lot')} SET remaining_kg = remaining_kg - $2::numeric, updated_at = $3
       WHERE id = $1 AND custody = 'HELD' AND remaining_kg >= $2::numeric
       RETURNING remaining_kg`,
      [lotId, massKg, now],
    );
    return row === undefined ? { taken: false } : { taken: true, remainingKg: kg(row.remaining_kg) };
  }

  async giveBackToLot(lotId: string, massKg: string, now: Date): Promise<string> {
    const [row] = await this.updatedRows<{ remaining_kg: string }>(
      `UPDATE ${this.table('process_lot')} SET remaining_kg = remaining_kg + $2::numeric, updated_at = $3
       WHERE id = $1 RETURNING remaining_kg`,
      [lotId, massKg, now],
    );
    if (!row) throw new Error(`lot ${lotId} vanished`);
    return kg(row.remaining_kg);
  }

  async insertMovement(row: {
    id: string;
    runId: string;
    lotId: string;
    kind: MovementKind;
    massKg: string;
    sampleId?: string;
    now: Date;
    by: string;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${this.table('process_run_movement')} (id, run_id, lot_id, kind, mass_kg, sample_id, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.id, row.runId, row.lotId, row.kind, row.massKg, row.sampleId ?? null, row.now, row.by],
    );
  }

  /** Net mass of a lot in a run: taken (input or opening inventory) minus returned. */
  async netTakenKg(runId: string, lotId: string): Promise<string> {
    const [row] = await this.rows<{ net: string }>(
      `SELECT COALESCE(SUM(CASE WHEN kind IN ('INPUT', 'OPENING_INVENTORY') THEN mass_kg
                                WHEN kind = 'RETURN' THEN -mass_kg ELSE 0 END), 0)::text AS net
       FROM ${this.table('process_run_movement')} WHERE run_id = $1 AND lot_id = $2`,
      [runId, lotId],
    );
    return kg(row?.net ?? '0');
  }

  /** The runs that took from a lot, net of returns, in the order of their first take. */
  async takesOfLot(lotId: string): Promise<LotTakeView[]> {
    const rows = await this.rows<{
      run_id: string;
      kind: string;
      status: RunStatus;
      net: string;
      first_taken_at: Date;
    }>(
      `SELECT m.run_id, r.kind, r.status, MIN(m.recorded_at) AS first_taken_at,
              SUM(CASE WHEN m.kind = 'RETURN' THEN -m.mass_kg ELSE m.mass_kg END)::text AS net
       FROM ${this.table('process_run_movement')} m JOIN ${this.table('process_run')} r ON r.id = m.run_id
       WHERE m.lot_id = $1 AND m.kind IN ('INPUT', 'OPENING_INVENTORY', 'RETURN')
       GROUP BY m.run_id, r.kind, r.status
       ORDER BY first_taken_at, m.run_id`,
      [lotId],
    );
    return rows.map((r) => ({
      runId: r.run_id,
      runKind: r.kind,
      runStatus: r.status,
      netTakenKg: kg(r.net),
      firstTakenAt: new Date(r.first_taken_at),
    }));
  }

  async insertTransfer(row: {
    id: string;
    lotId: string;
    toService: string;
    massKg: string;
    now: Date;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${this.table('process_lot_transfer')} (id, lot_id, to_service, mass_kg, status, offered_at)
       VALUES ($1, $2, $3, $4, 'OFFERED', $5)`,
      [row.id, row.lotId, row.toService, row.massKg, row.now],
    );
  }

  async transfer(
    transferId: string,
  ): Promise<
    { id: string; lot_id: string; to_service: string; mass_kg: string; status: string } | undefined
  > {
    const [row] = await this.rows<{
      id: string;
      lot_id: string;
      to_service: string;
      mass_kg: string;
      status: string;
    }>(
      `SELECT id, lot_id, to_service, mass_kg, status FROM ${this.table('process_lot_transfer')} WHERE id = $1 FOR UPDATE`,
      [transferId],
    );
    return row;
  }

  async settleTransfer(
    transferId: string,
    status: 'ACCEPTED' | 'REFUSED',
    reason: string | undefined,
    now: Date,
  ) {
    await this.manager.query(
      `UPDATE ${this.table('process_lot_transfer')} SET status = $2, reason = $3, settled_at = $4 WHERE id = $1`,
      [transferId, status, reason ?? null, now],
    );
  }

  async runRow(runId: string, options: { lock?: boolean } = {}): Promise<RunRow | undefined> {
    const [row] = await this.rows<RunRow>(
      `SELECT * FROM ${this.table('process_run')} WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [runId],
    );
    return row;
  }

  async runIdByExternalId(externalId: string): Promise<string | undefined> {
    const [row] = await this.rows<{ id: string }>(
      `SELECT id FROM ${this.table('process_run')} WHERE external_id = $1`,
      [externalId],
    );
    return row?.id;
  }

  async insertRun(row: {
    id: string;
    externalId?: string;
    kind: string;
    parameters?: unknown;
    equipmentId: string;
    workOrder: string;
    now: Date;
    by: string;
  }): Promise<boolean> {
    const inserted = await this.rows<{ id: string }>(
      `INSERT INTO ${this.table('process_run')} (id, external_id, kind, parameters, equipment_id, work_order, status,
         planned_at, updated_at, planned_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'PLANNED', $7, $7, $8)
       ON CONFLICT (external_id) DO NOTHING RETURNING id`,
      [
        row.id,
        row.externalId ?? null,
        row.kind,
        row.parameters === undefined ? null : JSON.stringify(row.parameters),
        row.equipmentId,
        row.workOrder,
        row.now,
        row.by,
      ],
    );
    return inserted.length > 0;
  }

  async updateRun(
    runId: string,
    changes: Partial<{
      status: RunStatus;
      completion_basis: 'PROVISIONAL' | 'FINAL';
      hold_reason: string | null;
      abort_reason: string;
      balance: MassBalance;
      override: ImbalanceOverrideView | null;
      started_at: Date;
      completed_at: Date;
      finalized_at: Date;
      aborted_at: Date;
    }>,
    now: Date,
  ): Promise<void> {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    const sets = entries.map(([column], i) => `${column} = $${i + 3}`);
    const values = entries.map(([column, v]) =>
      (column === 'balance' || column === 'override') && v !== null ? JSON.stringify(v) : v,
    );
    await this.manager.query(
      `UPDATE ${this.table('process_run')} SET updated_at = $2${sets.length ? ', ' + sets.join(', ') : ''} WHERE id = $1`,
      [runId, now, ...values],
    );
  }

  async insertOutput(row: {
    id: string;
    runId: string;
    lotId: string;
    role: OutputRole;
    massKg: string;
    now: Date;
    by: string;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${this.table('process_run_output')} (id, run_id, lot_id, role, mass_kg, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, row.runId, row.lotId, row.role, row.massKg, row.now, row.by],
    );
  }

  async insertLoss(row: {
    id: string;
    runId: string;
    element: string;
    massKg: string;
    uncertaintyKg?: string;
    kind: string;
    note?: string;
    correctionId?: string;
    now: Date;
    by: string;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${this.table('process_run_loss')} (id, run_id, element, mass_kg, uncertainty_kg, kind, note,
         correction_id, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        row.id,
        row.runId,
        row.element,
        row.massKg,
        row.uncertaintyKg ?? null,
        row.kind,
        row.note ?? null,
        row.correctionId ?? null,
        row.now,
        row.by,
      ],
    );
  }

  async supersedeLosses(runId: string, correctionId: string): Promise<void> {
    await this.manager.query(
      `UPDATE ${this.table('process_run_loss')} SET superseded_by_correction_id = $2
       WHERE run_id = $1 AND superseded_by_correction_id IS NULL AND (correction_id IS NULL OR correction_id <> $2)`,
      [runId, correctionId],
    );
  }

  async insertCorrection(row: {
    id: string;
    runId: string;
    reason: string;
    changes: unknown;
    balanceBefore: MassBalance;
    balanceAfter: MassBalance;
    now: Date;
    by: string;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${this.table('process_run_correction')} (id, run_id, reason, changes, balance_before, balance_after,
         recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        row.id,
        row.runId,
        row.reason,
        JSON.stringify(row.changes),
        JSON.stringify(row.balanceBefore),
        JSON.stringify(row.balanceAfter),
        row.now,
        row.by,
      ],
    );
  }

  async movements(runId: string): Promise<MovementView[]> {
    const rows = await this.rows<{
      id: string;
      lot_id: string;
      kind: MovementKind;
      mass_kg: string;
      sample_id: string | null;
      recorded_at: Date;
      recorded_by: string;
    }>(`SELECT * FROM ${this.table('process_run_movement')} WHERE run_id = $1 ORDER BY recorded_at, id`, [
      runId,
    ]);
    return rows.map((r) => ({
      id: r.id,
      lotId: r.lot_id,
      kind: r.kind,
      massKg: kg(r.mass_kg),
      sampleId: opt(r.sample_id),
      recordedAt: new Date(r.recorded_at),
      recordedBy: r.recorded_by,
    }));
  }

  async outputs(runId: string): Promise<OutputView[]> {
    const rows = await this.rows<{
      id: string;
      lot_id: string;
      role: OutputRole;
      mass_kg: string;
      recorded_at: Date;
    }>(`SELECT * FROM ${this.table('process_run_output')} WHERE run_id = $1 ORDER BY recorded_at, id`, [
      runId,
    ]);
    return rows.map((r) => ({
      id: r.id,
      lotId: r.lot_id,
      role: r.role,
      massKg: kg(r.mass_kg),
      recordedAt: new Date(r.recorded_at),
    }));
  }

  async losses(runId: string): Promise<LossView[]> {
    const rows = await this.rows<{
      id: string;
      element: string;
      mass_kg: string;
      uncertainty_kg: string | null;
      kind: LossView['kind'];
      note: string | null;
      superseded_by_correction_id: string | null;
      correction_id: string | null;
      recorded_at: Date;
    }>(`SELECT * FROM ${this.table('process_run_loss')} WHERE run_id = $1 ORDER BY recorded_at, id`, [runId]);
    return rows.map((r) => ({
      id: r.id,
      element: r.element,
      massKg: kg(r.mass_kg),
      uncertaintyKg: r.uncertainty_kg === null ? undefined : kg(r.uncertainty_kg),
      kind: r.kind,
      note: opt(r.note),
      supersededByCorrectionId: opt(r.superseded_by_correction_id),
      correctionId: opt(r.correction_id),
      recordedAt: new Date(r.recorded_at),
    }));
  }

  async corrections(runId: string): Promise<CorrectionView[]> {
    const rows = await this.rows<{
      id: string;
      reason: string;
      changes: unknown;
      balance_before: MassBalance;
      balance_after: MassBalance;
      recorded_at: Date;
      recorded_by: string;
    }>(`SELECT * FROM ${this.table('process_run_correction')} WHERE run_id = $1 ORDER BY recorded_at, id`, [
      runId,
    ]);
    return rows.map((r) => ({
      id: r.id,
      reason: r.reason,
      changes: r.changes,
      balanceBefore: r.balance_before,
      balanceAfter: r.balance_after,
      recordedAt: new Date(r.recorded_at),
      recordedBy: r.recorded_by,
    }));
  }

  async run(runId: string, options: { lock?: boolean } = {}): Promise<RunView | undefined> {
    const row = await this.runRow(runId, options);
    if (!row) return undefined;
    const [movements, outputs, losses, corrections] = [
      await this.movements(runId),
      await this.outputs(runId),
      await this.losses(runId),
      await this.corrections(runId),
    ];
    return runViewOf(row, movements, outputs, losses, corrections);
  }

  async runRows(filter: {
    from?: Date;
    to?: Date;
    status?: RunStatus;
    kind?: string;
    after?: { plannedAt: Date; id: string };
    limit: number;
  }): Promise<RunRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(clause(params.length));
    };
    if (filter.from) add((n) => `planned_at >= $${n}`, filter.from);
    if (filter.to) add((n) => `planned_at < $${n}`, filter.to);
    if (filter.status) add((n) => `status = $${n}`, filter.status);
    if (filter.kind) add((n) => `kind = $${n}`, filter.kind);
    if (filter.after) {
      params.push(filter.after.plannedAt, filter.after.id);
      where.push(`(planned_at, id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(filter.limit);
    return this.rows<RunRow>(
      `SELECT * FROM ${this.table('process_run')} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY planned_at, id LIMIT $${params.length}`,
      params,
    );
  }

  async lotRows(filter: {
    custody?: LotCustody;
    kind?: ProcessLotKind;
    after?: { createdAt: Date; id: string };
    limit: number;
  }): Promise<ProcessLotView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.custody) {
      params.push(filter.custody);
      where.push(`custody = $${params.length}`);
    }
    if (filter.kind) {
      params.push(filter.kind);
      where.push(`kind = $${params.length}`);
    }
    if (filter.after) {
      params.push(filter.after.createdAt, filter.after.id);
      where.push(`(created_at, id) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(filter.limit);
    const rows = await this.rows<LotRow>(
      `SELECT * FROM ${this.table('process_lot')} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY created_at, id LIMIT $${params.length}`,
      params,
    );
    return rows.map(lotViewOf);
  }
}

export function runViewOf(
  row: RunRow,
  movements: MovementView[],
  outputs: OutputView[],
  losses: LossView[],
  corrections: CorrectionView[],
): RunView {
  const net = new Map<string, { kind: 'INPUT' | 'OPENING_INVENTORY'; cents: bigint }>();
  for (const m of movements) {
    if (m.kind === 'SAMPLE') continue;
    const micro = microKg(m.massKg);
    const entry = net.get(m.lotId) ?? { kind: m.kind === 'RETURN' ? 'INPUT' : m.kind, cents: 0n };
    if (m.kind !== 'RETURN') entry.kind = m.kind;
    entry.cents += m.kind === 'RETURN' ? -micro : micro;
    net.set(m.lotId, entry);
  }
  return {
    id: row.id,
    externalId: opt(row.external_id),
    kind: row.kind,
    parameters: opt(row.parameters),
    equipmentId: row.equipment_id,
    workOrder: row.work_order,
    status: row.status,
    completionBasis: opt(row.completion_basis),
    holdReason: opt(row.hold_reason),
    abortReason: opt(row.abort_reason),
    balance: opt(row.balance),
    override: opt(row.override),
    plannedAt: new Date(row.planned_at),
    startedAt: row.started_at === null ? undefined : new Date(row.started_at),
    completedAt: row.completed_at === null ? undefined : new Date(row.completed_at),
    finalizedAt: row.finalized_at === null ? undefined : new Date(row.finalized_at),
    abortedAt: row.aborted_at === null ? undefined : new Date(row.aborted_at),
    plannedBy: row.planned_by,
    inputs: [...net.entries()].map(([lotId, e]) => ({
      lotId,
      kind: e.kind,
      netMassKg: fromMicroKg(e.cents),
    })),
    movements,
    outputs,
    losses,
    corrections,
  };
}

/** kg with at most 6 decimals (1 mg) as an integer number of milligrams. */
function microKg(kg: string): bigint {
  const [whole = '0', fraction = ''] = kg.split('.');
  const negative = whole.startsWith('-');
  const digits = BigInt(whole.replace('-', '') + fraction.padEnd(6, '0').slice(0, 6));
  return negative ? -digits : digits;
}

function fromMicroKg(mg: bigint): string {
  const negative = mg < 0n;
  const text = (negative ? -mg : mg).toString().padStart(7, '0');
  const whole = text.slice(0, -6);
  const fraction = text.slice(-6).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? '.' + fraction : ''}`;
}
