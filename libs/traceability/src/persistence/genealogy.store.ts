import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { Genealogy, GenealogyLot, GenealogyRun, RunInput, SourceCategory } from '../domain/genealogy';
import { genealogyOf } from '../domain/genealogy';
import { pow10, Rational, scaledDecimal, scaledIntegerToText } from '../domain/rational';
import { onOneConnection } from './one-connection';
import { tableAsOf } from '../as-of/as-of';
import type { TableWithHistory } from '../as-of/fact-history';

/** An element's mass fraction as stored: exact decimal text. */
export interface ElementFraction {
  readonly element: string;
  readonly fraction: string;
  /** Absolute standard uncertainty of the fraction (plain fraction), when the assay states one. */
  readonly uncertainty?: string;
}

type Queryable = DataSource | EntityManager;

/** What an event states about a lot (`GenealogyStore.noteLot`). */
export interface LotPatch {
  readonly lotCode?: string;
  readonly sourceCategory?: SourceCategory;
  readonly supplierOrganisationId?: string;
  readonly countryOfOrigin?: string;
  readonly materialKind?: string;
  /** Set only when the lot has no mass yet. */
  readonly firstMassKg?: string;
}

/** What an event states about a run (`GenealogyStore.noteRun`). */
export interface RunPatch {
  readonly kind?: string;
  readonly equipmentId?: string;
  readonly workOrder?: string;
  readonly status?: string;
}

interface LotRow {
  lot_id: string;
  lot_code: string | null;
  source_category: string | null;
  supplier_organisation_id: string | null;
  country_of_origin: string | null;
  mass_kg: string | null;
  composition: ElementFraction[];
  produced_by_run_id: string | null;
  output_role: string | null;
  first_service: string;
}

interface RunRow {
  run_id: string;
  service: string;
  kind: string | null;
  status: string;
  balance_losses: Record<string, string> | null;
}

/** The genealogy's tables: written by the event consumer, read by the trace. */
export class GenealogyStore {
  /** The table, or with `asOf` the table as known at that recorded time. */
  private table(source: Queryable, name: TableWithHistory, asOf?: Date): string {
    return tableAsOf(serviceSchema(source), name, asOf);
  }

  /** Creates the lot row when this is the first event about it; the patch fills what it states. */
  async noteLot(
    manager: EntityManager,
    lotId: string,
    service: string,
    at: Date,
    patch: LotPatch = {},
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'trace_lot')} AS l
         (lot_id, lot_code, source_category, supplier_organisation_id, country_of_origin, material_kind, mass_kg,
          first_service, first_seen_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9, $9)
       ON CONFLICT (lot_id) DO UPDATE SET
         lot_code = coalesce(nullif(excluded.lot_code, ''), l.lot_code),
         source_category = coalesce(excluded.source_category, l.source_category),
         supplier_organisation_id = coalesce(excluded.supplier_organisation_id, l.supplier_organisation_id),
         country_of_origin = coalesce(excluded.country_of_origin, l.country_of_origin),
         material_kind = coalesce(excluded.material_kind, l.material_kind),
         mass_kg = coalesce(l.mass_kg, excluded.mass_kg),
         first_service = CASE WHEN excluded.first_seen_at < l.first_seen_at THEN excluded.first_service ELSE l.first_service END,
         first_seen_at = least(l.first_seen_at, excluded.first_seen_at),
         updated_at = greatest(l.updated_at, excluded.updated_at)`,
      [
        lotId,
        patch.lotCode ?? null,
        patch.sourceCategory ?? null,
        patch.supplierOrganisationId || null,
        patch.countryOfOrigin || null,
        patch.materialKind ?? null,
        patch.firstMassKg ?? null,
        service,
        at,
      ],
    );
  }

  /** The registered mass of a source lot, which intake states (it replaces a mass a receiver noted first). */
  async setRegisteredMass(manager: EntityManager, lotId: string, massKg: string): Promise<void> {
    await manager.query(
      `UPDATE ${this.table(manager, 'trace_lot')} SET mass_kg = $2::numeric WHERE lot_id = $1 AND produced_by_run_id IS NULL`,
      [lotId, massKg],
    );
  }

  /**
   * A composition stated at `at`: it becomes current unless a later one is (an assay always wins
   * over a declared composition, whatever their times), so events from several topics in any
   * order leave the same current composition.
   */
  async stateComposition(
    manager: EntityManager,
    lotId: string,
    composition: readonly ElementFraction[],
    at: Date,
    isAssay: boolean,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.table(manager, 'trace_lot')}
       SET composition = $2::jsonb, composition_at = $3, composition_is_assay = $4
       WHERE lot_id = $1
         AND (composition_at IS NULL
              OR ($4 AND NOT composition_is_assay)
              OR ($4 = composition_is_assay AND composition_at <= $3))`,
      [lotId, JSON.stringify(composition), at, isAssay],
    );
  }

  async recordProduced(
    manager: EntityManager,
    lotId: string,
    runId: string,
    role: string,
    massKg: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.table(manager, 'trace_lot')}
       SET produced_by_run_id = $2, output_role = $3, mass_kg = $4::numeric WHERE lot_id = $1`,
      [lotId, runId, role, massKg],
    );
  }

  async correctMass(manager: EntityManager, lotId: string, massKg: string): Promise<void> {
    await manager.query(
      `UPDATE ${this.table(manager, 'trace_lot')} SET mass_kg = $2::numeric WHERE lot_id = $1`,
      [lotId, massKg],
    );
  }

  async recordMovement(
    manager: EntityManager,
    movement: { movementId: string; runId: string; lotId: string; kind: string; massKg: string; at: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'trace_movement')} (movement_id, run_id, lot_id, kind, mass_kg, at)
       VALUES ($1, $2, $3, $4, $5::numeric, $6) ON CONFLICT (movement_id) DO NOTHING`,
      [movement.movementId, movement.runId, movement.lotId, movement.kind, movement.massKg, movement.at],
    );
  }

  /** Creates the run row when this is the first event about it; the patch fills what it states. */
  async noteRun(
    manager: EntityManager,
    runId: string,
    service: string,
    at: Date,
    patch: RunPatch = {},
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'trace_run')} AS r (run_id, service, kind, equipment_id, work_order, status, updated_at)
       VALUES ($1, $2, $3, $4, $5, coalesce($6, 'PLANNED'), $7)
       ON CONFLICT (run_id) DO UPDATE SET
         kind = coalesce(excluded.kind, r.kind),
         equipment_id = coalesce(excluded.equipment_id, r.equipment_id),
         work_order = coalesce(excluded.work_order, r.work_order),
         status = CASE WHEN $6::text IS NULL THEN r.status ELSE excluded.status END,
         updated_at = greatest(r.updated_at, excluded.updated_at)`,
      [
        runId,
        service,
        patch.kind || null,
        patch.equipmentId || null,
        patch.workOrder || null,
        patch.status ?? null,
        at,
      ],
    );
  }

  async recordLoss(
    manager: EntityManager,
    loss: { runId: string; lossId: string; element: string; massKg: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.table(manager, 'trace_loss')} (run_id, loss_id, element, mass_kg)
       VALUES ($1, $2, $3, $4::numeric) ON CONFLICT (run_id, loss_id) DO NOTHING`,
      [loss.runId, loss.lossId, loss.element, loss.massKg],
    );
  }

  /** The losses per element of the run's latest balance (completion, finalization, correction). */
  async setBalanceLosses(
    manager: EntityManager,
    runId: string,
    lossesKg: Record<string, string>,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.table(manager, 'trace_run')} SET balance_losses = $2::jsonb WHERE run_id = $1`,
      [runId, JSON.stringify(lossesKg)],
    );
  }

  async lots(source: Queryable, lotIds: readonly string[], asOf?: Date): Promise<GenealogyLot[]> {
    if (lotIds.length === 0) return [];
    const rows = (await source.query(
      `SELECT lot_id, lot_code, source_category, supplier_organisation_id, country_of_origin, mass_kg::text AS mass_kg,
              composition, produced_by_run_id, output_role, first_service
       FROM ${this.table(source, 'trace_lot', asOf)} WHERE lot_id = ANY($1::text[])`,
      [lotIds],
    )) as LotRow[];
    return rows.map(lotOf);
  }

  /**
   * The lots the runs took (as input or opening inventory) or made (with a mass), and `lotIds`: what
   * `lots` gives for the runs' inputs' and outputs' ids, without sending thousands of ids back.
   */
  async lotsOfRuns(
    source: Queryable,
    runIds: readonly string[],
    lotIds: readonly string[],
    asOf?: Date,
  ): Promise<GenealogyLot[]> {
    const rows = (await source.query(
      `WITH run AS (SELECT run_id FROM ${this.table(source, 'trace_run', asOf)} WHERE run_id = ANY($1::text[]))
       SELECT lot_id, lot_code, source_category, supplier_organisation_id, country_of_origin, mass_kg::text AS mass_kg,
              composition, produced_by_run_id, output_role, first_service
       FROM ${this.table(source, 'trace_lot', asOf)}
       WHERE lot_id IN (
         SELECT m.lot_id FROM ${this.table(source, 'trace_movement', asOf)} m
         WHERE m.run_id IN (SELECT run_id FROM run) AND m.kind <> 'RETURN'
         UNION
         SELECT o.lot_id FROM ${this.table(source, 'trace_lot', asOf)} o
         WHERE o.produced_by_run_id IN (SELECT run_id FROM run) AND o.mass_kg IS NOT NULL
         UNION
         SELECT unnest($2::text[]))`,
      [runIds, lotIds],
    )) as LotRow[];
    return rows.map(lotOf);
  }

  /** The runs, with their net inputs (taken minus returned, per lot and role) and outputs. */
  async runs(source: Queryable, runIds: readonly string[], asOf?: Date): Promise<GenealogyRun[]> {
    if (runIds.length === 0) return [];
    // One after another: `source` may be a transaction's single connection.
    const [runs, movements, outputs, losses] = [
      await source.query(
        `SELECT run_id, service, kind, status, balance_losses FROM ${this.table(source, 'trace_run', asOf)} WHERE run_id = ANY($1::text[])`,
        [runIds],
      ),
      // Each take, summed below (a wide blend's thousands of takes are one per lot: no sum needed).
      await source.query(
        `SELECT run_id, lot_id, kind, mass_kg::text AS mass_kg FROM ${this.table(source, 'trace_movement', asOf)}
         WHERE run_id = ANY($1::text[]) ORDER BY run_id, lot_id, kind`,
        [runIds],
      ),
      await source.query(
        `SELECT produced_by_run_id AS run_id, lot_id, output_role, mass_kg::text AS mass_kg FROM ${this.table(source, 'trace_lot', asOf)}
         WHERE produced_by_run_id = ANY($1::text[]) ORDER BY lot_id`,
        [runIds],
      ),
      await source.query(
        `SELECT run_id, element, sum(mass_kg)::text AS mass_kg FROM ${this.table(source, 'trace_loss', asOf)}
         WHERE run_id = ANY($1::text[]) GROUP BY run_id, element`,
        [runIds],
      ),
    ] as [
      RunRow[],
      { run_id: string; lot_id: string; kind: string; mass_kg: string }[],
      { run_id: string; lot_id: string; output_role: string | null; mass_kg: string | null }[],
      { run_id: string; element: string; mass_kg: string }[],
    ];
    const movementsOf = groupedBy(movements, (m) => m.run_id);
    const outputsOf = groupedBy(outputs, (o) => o.run_id);
    const lossesOf = groupedBy(losses, (l) => l.run_id);
    return runs.map((run) => {
      // Net masses as decimal integers (no fraction arithmetic: thousands of takes per run).
      const taken = new Map<string, { role: RunInput['role']; masses: string[] }>();
      const returned = new Map<string, string[]>();
      for (const movement of movementsOf.get(run.run_id) ?? []) {
        if (movement.kind === 'RETURN') {
          const masses = returned.get(movement.lot_id);
          if (masses) masses.push(movement.mass_kg);
          else returned.set(movement.lot_id, [movement.mass_kg]);
        } else {
          const entry = taken.get(movement.lot_id);
          if (entry) entry.masses.push(movement.mass_kg);
          else
            taken.set(movement.lot_id, {
              role: movement.kind === 'OPENING_INVENTORY' ? 'OPENING_INVENTORY' : 'INPUT',
              masses: [movement.mass_kg],
            });
        }
      }
      const declaredLosses: Record<string, string> = {};
      for (const loss of lossesOf.get(run.run_id) ?? []) declaredLosses[loss.element] = loss.mass_kg;
      return {
        runId: run.run_id,
        service: run.service,
        kind: run.kind ?? undefined,
        status: run.status,
        inputs: [...taken].map(([lotId, { role, masses }]) => ({
          lotId,
          role,
          netMassKg: netMassText(masses, returned.get(lotId)),
        })),
        outputs: (outputsOf.get(run.run_id) ?? [])
          .filter((o) => o.mass_kg !== null)
          .map((o) => ({ lotId: o.lot_id, role: o.output_role ?? 'PRODUCT', massKg: o.mass_kg ?? '0' })),
        lossesKg: run.balance_losses ?? declaredLosses,
      };
    });
  }

  /** The runs that took from a lot (as input or opening inventory). */
  async runIdsTaking(source: Queryable, lotId: string, asOf?: Date): Promise<string[]> {
    const rows = (await source.query(
      `SELECT DISTINCT run_id FROM ${this.table(source, 'trace_movement', asOf)} WHERE lot_id = $1 AND kind <> 'RETURN' ORDER BY run_id`,
      [lotId],
    )) as { run_id: string }[];
    return rows.map((row) => row.run_id);
  }

  /**
   * Everything upstream of a lot: the lot, the run that produced it, that run's input and output
   * lots, and so on back to the source lots. One recursive query finds the runs (a query round per
   * generation made deep chains cost a round trip per level), then the runs and lots are read.
   */
  async upstreamOf(source: Queryable, lotId: string, asOf?: Date): Promise<Genealogy> {
    return onOneConnection(source, async (manager) => {
      const runIds = await this.upstreamRunIds(manager, [lotId], asOf);
      const runs = await this.runs(manager, runIds, asOf);
      return genealogyOf(await this.lotsOfRuns(manager, runIds, [lotId], asOf), runs);
    });
  }

  /**
   * One generation up: the runs that produced the inputs of the runs found so far. The recursion is
   * over runs, so a run that made several of the lots is read once, and source lots end it there (a
   * wide blend's thousands of inputs are not carried into the next step). On the current tables the
   * run and lot are looked up by key (LATERAL): the planner, expecting many rows per generation,
   * would otherwise hash the whole run or lot table at every step (100 ms at 100,000 lots for a
   * trace that reads 40 rows). An input lot is looked up among the produced lots only
   * (`trace_lot_produced_lot_idx`): a source lot, most of a wide blend's, is then an index descent
   * that finds nothing. As of a past time the tables are functions, read once and joined.
   */
  private upstreamStep(source: Queryable, asOf?: Date): string {
    if (asOf !== undefined) {
      return `SELECT l.produced_by_run_id FROM upstream u
         JOIN ${this.table(source, 'trace_run', asOf)} r ON r.run_id = u.run_id
         JOIN ${this.table(source, 'trace_movement', asOf)} m ON m.run_id = r.run_id AND m.kind <> 'RETURN'
         JOIN ${this.table(source, 'trace_lot', asOf)} l ON l.lot_id = m.lot_id
         WHERE l.produced_by_run_id IS NOT NULL`;
    }
    return `SELECT l.produced_by_run_id FROM upstream u
         CROSS JOIN LATERAL (SELECT r.run_id FROM ${this.table(source, 'trace_run')} r
                             WHERE r.run_id = u.run_id LIMIT 1) r
         JOIN ${this.table(source, 'trace_movement')} m ON m.run_id = r.run_id AND m.kind <> 'RETURN'
         CROSS JOIN LATERAL (SELECT l.produced_by_run_id FROM ${this.table(source, 'trace_lot')} l
                             WHERE l.lot_id = m.lot_id AND l.produced_by_run_id IS NOT NULL LIMIT 1) l`;
  }

  /** The runs that produced the lots, their inputs, and so on back to the source lots (one query). */
  async upstreamRunIds(source: Queryable, lotIds: readonly string[], asOf?: Date): Promise<string[]> {
    const rows = (await source.query(
      `WITH RECURSIVE upstream(run_id) AS (
         SELECT l.produced_by_run_id FROM ${this.table(source, 'trace_lot', asOf)} l
         WHERE l.lot_id = ANY($1::text[]) AND l.produced_by_run_id IS NOT NULL
         UNION
         ${this.upstreamStep(source, asOf)}
       )
       SELECT run_id FROM upstream ORDER BY 1`,
      [lotIds],
    )) as { run_id: string }[];
    return rows.map((row) => row.run_id);
  }
}

type ScaledDecimal = { value: bigint; places: number };
const ZERO: ScaledDecimal = { value: 0n, places: 0 };

function plus(a: ScaledDecimal, b: ScaledDecimal): ScaledDecimal {
  const places = Math.max(a.places, b.places);
  return {
    value: a.value * pow10(places - a.places) + b.value * pow10(places - b.places),
    places,
  };
}

function negated(a: ScaledDecimal): ScaledDecimal {
  return { value: -a.value, places: a.places };
}

/** Taken minus returned, as `decimalText`; one take alone needs no BigInt. */
function netMassText(taken: readonly string[], returned: readonly string[] = []): string {
  if (taken.length === 1 && returned.length === 0) return normalizedDecimal(taken[0] as string);
  let net = ZERO;
  for (const mass of taken) net = plus(net, scaledDecimal(mass));
  for (const mass of returned) net = plus(net, negated(scaledDecimal(mass)));
  return decimalText(net);
}

/** `decimalText(scaledDecimal(text))` by string operations when only trailing zeros need to go. */
function normalizedDecimal(text: string): string {
  const match = /^([1-9]\d*|0)(?:\.(\d{0,30}?)0*)?$/.exec(text);
  if (match === null) return decimalText(scaledDecimal(text));
  const [, whole, fraction = ''] = match;
  return fraction === '' ? (whole as string) : `${whole}.${fraction}`;
}

/** The exact decimal text without trailing zeros ("12.5", "0", "-3"), as `Rational.toDecimalString`. */
function decimalText({ value, places }: ScaledDecimal): string {
  while (places > 0 && value % 10n === 0n) {
    value /= 10n;
    places -= 1;
  }
  return places > 30
    ? Rational.of(value, pow10(places)).toDecimalString()
    : scaledIntegerToText(value, places);
}

/** The rows by key, each group in the rows' order. */
function groupedBy<Row>(rows: readonly Row[], key: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/** Shared by the lots whose assay states no uncertainty (most of thousands read at once). */
const NO_UNCERTAINTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

function lotOf(row: LotRow): GenealogyLot {
  const composition: Record<string, string> = {};
  let compositionUncertainty: Record<string, string> = NO_UNCERTAINTY;
  for (const each of row.composition) {
    composition[each.element] = each.fraction;
    if (!each.uncertainty) continue;
    if (compositionUncertainty === NO_UNCERTAINTY) compositionUncertainty = {};
    compositionUncertainty[each.element] = each.uncertainty;
  }
  return {
    lotId: row.lot_id,
    lotCode: row.lot_code ?? undefined,
    sourceCategory: (row.source_category as SourceCategory | null) ?? undefined,
    supplierOrganisationId: row.supplier_organisation_id ?? undefined,
    countryOfOrigin: row.country_of_origin ?? undefined,
    massKg: row.mass_kg ?? undefined,
    composition,
    compositionUncertainty,
    producedByRunId: row.produced_by_run_id ?? undefined,
    outputRole: row.output_role ?? undefined,
    service: row.first_service,
  };
}
