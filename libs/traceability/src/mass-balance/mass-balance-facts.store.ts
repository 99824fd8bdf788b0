import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import { categoryOf } from '../domain/content-category';
import type { SourceCategory } from '../domain/genealogy';
import type { ElementFraction } from '../persistence/genealogy.store';
import type { PeriodInput, PeriodOutput } from './mass-balance-period';

type Queryable = DataSource | EntityManager;

/** What a period's mass balance reads from the genealogy: source lots taken, lots shipped. */
export class MassBalanceFactsStore {
  /** Per element, the source lots (no run produced them) taken into runs in [from, to), net of returns. */
  async inputs(
    source: Queryable,
    from: Date,
    to: Date,
    elements: readonly string[],
  ): Promise<Map<string, PeriodInput[]>> {
    const rows = (await source.query(
      `SELECT t.lot_id, l.source_category, l.composition, t.net_kg
       FROM (SELECT m.lot_id,
                    sum(CASE WHEN m.kind = 'RETURN' THEN -m.mass_kg ELSE m.mass_kg END)::text AS net_kg
             FROM ${this.table(source, 'trace_movement')} m
             WHERE m.at >= $1 AND m.at < $2
             GROUP BY m.lot_id) t
       JOIN ${this.table(source, 'trace_lot')} l ON l.lot_id = t.lot_id
       WHERE l.produced_by_run_id IS NULL
       ORDER BY t.lot_id`,
      [from, to],
    )) as {
      lot_id: string;
      source_category: string | null;
      composition: ElementFraction[];
      net_kg: string;
    }[];
    return new Map(
      elements.map((element) => [
        element,
        rows.map((row) => ({
          lotId: row.lot_id,
          category: categoryOf({
            lotId: row.lot_id,
            composition: {},
            sourceCategory: (row.source_category ?? undefined) as SourceCategory | undefined,
          }),
          netMassKg: row.net_kg,
          fraction: fractionOf(row.composition, element),
        })),
      ]),
    );
  }

  /** Per element, the shipment lines whose shipped time falls in [from, to), by time. */
  async outputs(
    source: Queryable,
    from: Date,
    to: Date,
    elements: readonly string[],
  ): Promise<Map<string, PeriodOutput[]>> {
    const rows = (await source.query(
      `SELECT s.shipment_id, s.lot_id, s.net_mass_kg::text AS net_mass_kg, l.composition
       FROM ${this.table(source, 'trace_shipment')} s
       LEFT JOIN ${this.table(source, 'trace_lot')} l ON l.lot_id = s.lot_id
       WHERE s.shipped_at >= $1 AND s.shipped_at < $2
       ORDER BY s.shipped_at, s.shipment_id, s.lot_id`,
      [from, to],
    )) as {
      shipment_id: string;
      lot_id: string;
      net_mass_kg: string;
      composition: ElementFraction[] | null;
    }[];
    return new Map(
      elements.map((element) => [
        element,
        rows.map((row) => ({
          shipmentId: row.shipment_id,
          lotId: row.lot_id,
          netMassKg: row.net_mass_kg,
          fraction: fractionOf(row.composition ?? [], element),
        })),
      ]),
    );
  }

  /** What a claim may back: the shipped net mass of the lot (or the lot's mass) and its fraction of the element. */
  async claimable(
    source: Queryable,
    lotId: string,
    shipmentId: string | undefined,
    element: string,
  ): Promise<{ lotMassKg?: string; shippedKg?: string; fraction?: string }> {
    const [lot] = (await source.query(
      `SELECT mass_kg::text AS mass_kg, composition FROM ${this.table(source, 'trace_lot')} WHERE lot_id = $1`,
      [lotId],
    )) as { mass_kg: string | null; composition: ElementFraction[] }[];
    let shippedKg: string | undefined;
    if (shipmentId !== undefined) {
      const lines = (await source.query(
        `SELECT lot_id, net_mass_kg::text AS net_mass_kg FROM ${this.table(source, 'trace_shipment')}
         WHERE shipment_id = $1 ORDER BY lot_id`,
        [shipmentId],
      )) as { lot_id: string; net_mass_kg: string }[];
      shippedKg = lines.find((line) => line.lot_id === lotId)?.net_mass_kg;
    }
    return {
      lotMassKg: lot?.mass_kg ?? undefined,
      shippedKg,
      fraction: lot ? fractionOf(lot.composition, element) : undefined,
    };
  }

  /** The lots of a shipment, in lot id order. */
  async lotsOfShipment(source: Queryable, shipmentId: string): Promise<string[]> {
    const rows = (await source.query(
      `SELECT lot_id FROM ${this.table(source, 'trace_shipment')} WHERE shipment_id = $1 ORDER BY lot_id`,
      [shipmentId],
    )) as { lot_id: string }[];
    return rows.map((row) => row.lot_id);
  }

  private table(source: Queryable, name: string): string {
    return `"${serviceSchema(source)}".${name}`;
  }
}

function fractionOf(composition: readonly ElementFraction[], element: string): string | undefined {
  return composition.find((each) => each.element === element)?.fraction;
}
