import { serviceSchema } from '@rre/persistence';
import { parseDecimal, toPlainString } from '@rre/quantities';
import type { EntityManager } from 'typeorm';
import type { Grade, Product } from '../domain/grade';

/** A decimal the database returns (numeric as text) in its shortest exact form: "10.000000" -> "10". */
export function plain(value: string | number | null | undefined): string {
  return toPlainString(parseDecimal(String(value ?? '0')));
}

export const tableOf = (manager: EntityManager, table: string) => `"${serviceSchema(manager)}".${table}`;

interface ProductRow {
  code: string;
  name: string;
  form: Product['form'];
  element: string;
  formula: string;
  element_share: string;
  cn_code: string;
  gtin: string;
}

interface GradeRow {
  product_code: string;
  code: string;
  min_purity: string;
  max_impurities: Record<string, string>;
  list_price_per_kg: string;
  currency: string;
}

function productOf(row: ProductRow): Product {
  return {
    code: row.code,
    name: row.name,
    form: row.form,
    element: row.element,
    formula: row.formula,
    elementShare: plain(row.element_share),
    cnCode: row.cn_code,
    gtin: row.gtin,
  };
}

function gradeOf(row: GradeRow): Grade {
  return {
    productCode: row.product_code,
    code: row.code,
    minPurity: plain(row.min_purity),
    maxImpurities: row.max_impurities,
    listPricePerKg: plain(row.list_price_per_kg),
    currency: row.currency,
  };
}

/** The catalogue: products (seeded by the migration) and their grades. */
export class CatalogueStore {
  async products(manager: EntityManager): Promise<Product[]> {
    const rows = (await manager.query(
      `SELECT * FROM ${tableOf(manager, 'sales_product')} ORDER BY code`,
    )) as ProductRow[];
    return rows.map(productOf);
  }

  async product(manager: EntityManager, code: string): Promise<Product | undefined> {
    const [row] = (await manager.query(`SELECT * FROM ${tableOf(manager, 'sales_product')} WHERE code = $1`, [
      code,
    ])) as ProductRow[];
    return row && productOf(row);
  }

  async grades(manager: EntityManager, productCode?: string): Promise<Grade[]> {
    const rows = (await manager.query(
      `SELECT * FROM ${tableOf(manager, 'sales_grade')} WHERE $1::text IS NULL OR product_code = $1 ORDER BY product_code, code`,
      [productCode ?? null],
    )) as GradeRow[];
    return rows.map(gradeOf);
  }

  async grade(manager: EntityManager, productCode: string, code: string): Promise<Grade | undefined> {
    const [row] = (await manager.query(
      `SELECT * FROM ${tableOf(manager, 'sales_grade')} WHERE product_code = $1 AND code = $2`,
      [productCode, code],
    )) as GradeRow[];
    return row && gradeOf(row);
  }

  /** False when the code or the GTIN is taken (products are added, never rewritten). */
  async insertProduct(manager: EntityManager, product: Product): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO ${tableOf(manager, 'sales_product')} (code, name, form, element, formula, element_share, cn_code, gtin)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8
       WHERE NOT EXISTS (SELECT 1 FROM ${tableOf(manager, 'sales_product')} WHERE code = $1 OR gtin = $8)
       RETURNING code`,
      [
        product.code,
        product.name,
        product.form,
        product.element,
        product.formula,
        product.elementShare,
        product.cnCode,
        product.gtin,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async insertGrade(manager: EntityManager, grade: Grade, now: Date): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO ${tableOf(manager, 'sales_grade')} (product_code, code, min_purity, max_impurities, list_price_per_kg, currency, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING code`,
      [
        grade.productCode,
        grade.code,
        grade.minPurity,
        JSON.stringify(grade.maxImpurities),
        grade.listPricePerKg,
        grade.currency,
        now,
      ],
    )) as unknown[];
    return rows.length === 1;
  }
}
