import { parseDecimal, toPlainString } from '@rre/quantities';
import type Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { tableOf } from '../persistence/sales-store';
import type { SalesSettings } from '../sales-config';

export interface ProductShipped {
  readonly productCode: string;
  readonly shippedKg: string;
  /** kg of the product's element (Tb, Dy) in what was shipped: mass x purity x element share. */
  readonly elementKg: string;
}

export interface Revenue {
  readonly currency: string;
  readonly amount: string;
}

/**
 * Recycled content of the element shipped, from the statements frozen for the shipments' lots:
 * each (shipment, lot)'s shipped element kg x the statement's category share of that element.
 * Element kg without a statement yet counts as not recycled (and is stated apart).
 */
export interface RecycledShare {
  readonly postConsumerKg: string;
  readonly preConsumerKg: string;
  /** Of every kg of element shipped in the period, percent, 2 places. */
  readonly postConsumerPercent?: string;
  readonly preConsumerPercent?: string;
  /** Element kg shipped whose lot's statement has not arrived. */
  readonly withoutStatementKg: string;
}

export interface SalesKpis {
  readonly from?: Date;
  readonly to?: Date;
  readonly shipments: number;
  readonly products: readonly ProductShipped[];
  readonly revenue: readonly Revenue[];
  /** Heavy rare earths (Tb + Dy) shipped, kg. */
  readonly heavyRareEarthKg: string;
  /** The 2040 target for the period's length (the yearly target x the period in years), kg; undefined without a closed period. */
  readonly heavyRareEarthTargetKg?: string;
  /** Shipped / target x 100, 2 places. */
  readonly heavyRareEarthProgressPercent?: string;
  readonly revenueTargetJpy?: string;
  readonly revenueProgressPercent?: string;
  readonly recycledShare: RecycledShare;
}

// Targets are per year of 365 days: a period's target is the yearly one x days / 365.
const YEAR_MS = 365 * 24 * 3600 * 1000;
const percent = (part: Decimal, whole: Decimal) =>
  whole.isZero() ? undefined : toPlainString(part.div(whole).mul(100).toDecimalPlaces(2, 6));

/** Programme KPIs of the shipments shipped in [from, to): kg per product, revenue, progress toward the 2040 figures. */
export async function salesKpis(
  manager: EntityManager,
  settings: SalesSettings,
  period: { from?: Date; to?: Date },
): Promise<SalesKpis> {
  const rows = (await manager.query(
    `SELECT l.product_code, o.currency, count(DISTINCT s.id)::int AS shipments,
            sum(a.mass_kg)::text AS kg, sum(a.mass_kg * a.purity * p.element_share)::text AS element_kg,
            sum(a.mass_kg * l.price_per_kg)::text AS revenue
       FROM ${tableOf(manager, 'sales_allocation')} a
       JOIN ${tableOf(manager, 'sales_shipment')} s ON s.id = a.shipment_id
       JOIN ${tableOf(manager, 'sales_order_line')} l ON l.id = a.order_line_id
       JOIN ${tableOf(manager, 'sales_order')} o ON o.id = l.order_id
       JOIN ${tableOf(manager, 'sales_product')} p ON p.code = l.product_code
      WHERE a.status = 'SHIPPED' AND ($1::timestamptz IS NULL OR s.shipped_at >= $1)
        AND ($2::timestamptz IS NULL OR s.shipped_at < $2)
      GROUP BY l.product_code, o.currency ORDER BY l.product_code, o.currency`,
    [period.from ?? null, period.to ?? null],
  )) as { product_code: string; currency: string; kg: string; element_kg: string; revenue: string }[];
  const [count] = (await manager.query(
    `SELECT count(*)::int AS n FROM ${tableOf(manager, 'sales_shipment')}
      WHERE ($1::timestamptz IS NULL OR shipped_at >= $1) AND ($2::timestamptz IS NULL OR shipped_at < $2)`,
    [period.from ?? null, period.to ?? null],
  )) as { n: number }[];
  const products = new Map<string, { kg: Decimal; element: Decimal }>();
  const revenue = new Map<string, Decimal>();
  for (const row of rows) {
    const p = products.get(row.product_code) ?? { kg: parseDecimal('0'), element: parseDecimal('0') };
    products.set(row.product_code, {
      kg: p.kg.plus(parseDecimal(row.kg)),
      element: p.element.plus(parseDecimal(row.element_kg)),
    });
    revenue.set(
      row.currency,
      (revenue.get(row.currency) ?? parseDecimal('0')).plus(parseDecimal(row.revenue)),
    );
  }
  const recycled = await recycledShareOf(manager, period);
  const hre = [...products.values()].reduce((sum, p) => sum.plus(p.element), parseDecimal('0'));
  const years =
    period.from && period.to
      ? parseDecimal(String(period.to.getTime() - period.from.getTime())).div(YEAR_MS)
      : undefined;
  const hreTarget = years?.mul(parseDecimal(settings.targets.hreKgPerYear));
  const revenueTarget = years?.mul(parseDecimal(settings.targets.revenueJpyPerYear));
  const jpy = revenue.get('JPY') ?? parseDecimal('0');
  return {
    from: period.from,
    to: period.to,
    shipments: Number(count?.n ?? 0),
    products: [...products.entries()].map(([productCode, p]) => ({
      productCode,
      shippedKg: toPlainString(p.kg),
      elementKg: toPlainString(p.element.toDecimalPlaces(6, 6)),
    })),
    revenue: [...revenue.entries()].map(([currency, amount]) => ({
      currency,
      amount: toPlainString(amount.toDecimalPlaces(4, 6)),
    })),
    heavyRareEarthKg: toPlainString(hre.toDecimalPlaces(6, 6)),
    heavyRareEarthTargetKg: hreTarget && toPlainString(hreTarget.toDecimalPlaces(6, 6)),
    heavyRareEarthProgressPercent: hreTarget && percent(hre, hreTarget),
    revenueTargetJpy: revenueTarget && toPlainString(revenueTarget.toDecimalPlaces(0, 6)),
    revenueProgressPercent: revenueTarget && percent(jpy, revenueTarget),
    recycledShare: {
      postConsumerKg: toPlainString(recycled.post.toDecimalPlaces(6, 6)),
      preConsumerKg: toPlainString(recycled.pre.toDecimalPlaces(6, 6)),
      postConsumerPercent: percent(recycled.post, hre),
      preConsumerPercent: percent(recycled.pre, hre),
      withoutStatementKg: toPlainString(recycled.withoutStatement.toDecimalPlaces(6, 6)),
    },
  };
}

interface StatementJson {
  elements?: {
    element?: string;
    mass?: { value?: string };
    categories?: { category?: string; mass?: { value?: string } }[];
  }[];
}

async function recycledShareOf(
  manager: EntityManager,
  period: { from?: Date; to?: Date },
): Promise<{ post: Decimal; pre: Decimal; withoutStatement: Decimal }> {
  const rows = (await manager.query(
    `SELECT a.shipment_id, a.lot_id, p.element, sum(a.mass_kg * a.purity * p.element_share)::text AS element_kg,
            max(ps.statement::text) AS statement
       FROM ${tableOf(manager, 'sales_allocation')} a
       JOIN ${tableOf(manager, 'sales_shipment')} s ON s.id = a.shipment_id
       JOIN ${tableOf(manager, 'sales_order_line')} l ON l.id = a.order_line_id
       JOIN ${tableOf(manager, 'sales_product')} p ON p.code = l.product_code
       LEFT JOIN ${tableOf(manager, 'sales_passport_statement')} ps
         ON ps.shipment_id = a.shipment_id AND ps.lot_id = a.lot_id
      WHERE a.status = 'SHIPPED' AND ($1::timestamptz IS NULL OR s.shipped_at >= $1)
        AND ($2::timestamptz IS NULL OR s.shipped_at < $2)
      GROUP BY a.shipment_id, a.lot_id, p.element ORDER BY a.shipment_id, a.lot_id`,
    [period.from ?? null, period.to ?? null],
  )) as { element: string; element_kg: string; statement: string | null }[];
  let post = parseDecimal('0');
  let pre = parseDecimal('0');
  let withoutStatement = parseDecimal('0');
  for (const row of rows) {
    const shipped = parseDecimal(row.element_kg);
    const stated = row.statement === null ? undefined : (JSON.parse(row.statement) as StatementJson);
    const element = stated?.elements?.find((each) => each.element === row.element);
    const elementKg = element?.mass?.value === undefined ? undefined : parseDecimal(element.mass.value);
    if (!element || !elementKg || elementKg.isZero()) {
      withoutStatement = withoutStatement.plus(shipped);
      continue;
    }
    const kgOf = (category: string) =>
      (element.categories ?? [])
        .filter((each) => each.category === category)
        .reduce((sum, each) => sum.plus(parseDecimal(each.mass?.value ?? '0')), parseDecimal('0'));
    post = post.plus(shipped.mul(kgOf('CONTENT_CATEGORY_POST_CONSUMER')).div(elementKg));
    pre = pre.plus(shipped.mul(kgOf('CONTENT_CATEGORY_PRE_CONSUMER')).div(elementKg));
  }
  return { post, pre, withoutStatement };
}
