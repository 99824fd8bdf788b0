import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sales' own tables: the catalogue (products seeded, grades), customers and their delivery sites,
 * orders and lines, the product lots' stock (what of each held lot is allocated and shipped),
 * allocations, shipments and passports. The counters carry CHECKs so that the database itself
 * refuses a kilogram allocated twice, whatever the application does.
 */
export class CreateSalesTables1765300000000 implements MigrationInterface {
  name = 'CreateSalesTables1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(queryRunner)}"`;
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_product (
        code text PRIMARY KEY,
        name text NOT NULL,
        form text NOT NULL CHECK (form IN ('METAL', 'OXIDE', 'ALLOY')),
        element text NOT NULL,
        formula text NOT NULL,
        element_share numeric(12, 10) NOT NULL CHECK (element_share > 0 AND element_share <= 1),
        cn_code text NOT NULL,
        gtin text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_grade (
        product_code text NOT NULL REFERENCES ${s}.sales_product (code),
        code text NOT NULL,
        min_purity numeric(12, 10) NOT NULL CHECK (min_purity > 0 AND min_purity <= 1),
        max_impurities jsonb NOT NULL,
        list_price_per_kg numeric(20, 4) NOT NULL CHECK (list_price_per_kg >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (product_code, code)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_customer (
        id text PRIMARY KEY,
        organisation_id text NOT NULL UNIQUE,
        legal_name text NOT NULL,
        country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_delivery_site (
        id text PRIMARY KEY,
        customer_id text NOT NULL REFERENCES ${s}.sales_customer (id),
        name text NOT NULL,
        address text NOT NULL,
        country text NOT NULL CHECK (country ~ '^[A-Z]{2}$')
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_order (
        id text PRIMARY KEY,
        customer_id text NOT NULL REFERENCES ${s}.sales_customer (id),
        delivery_site_id text NOT NULL REFERENCES ${s}.sales_delivery_site (id),
        customer_reference text,
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        status text NOT NULL CHECK (status IN ('OPEN', 'ALLOCATED', 'SHIPPED', 'INVOICED', 'CANCELLED')),
        cancellation_reason text,
        invoice_number text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((status = 'CANCELLED') = (cancellation_reason IS NOT NULL))
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_order_line (
        id text PRIMARY KEY,
        order_id text NOT NULL REFERENCES ${s}.sales_order (id),
        line_number integer NOT NULL CHECK (line_number >= 1),
        product_code text NOT NULL,
        grade_code text NOT NULL,
        quantity_kg numeric(24, 6) NOT NULL CHECK (quantity_kg > 0),
        price_per_kg numeric(20, 4) NOT NULL CHECK (price_per_kg >= 0),
        requested_date date NOT NULL,
        allocated_kg numeric(24, 6) NOT NULL DEFAULT 0,
        shipped_kg numeric(24, 6) NOT NULL DEFAULT 0,
        UNIQUE (order_id, line_number),
        FOREIGN KEY (product_code, grade_code) REFERENCES ${s}.sales_grade (product_code, code),
        CHECK (allocated_kg >= 0 AND allocated_kg <= quantity_kg),
        CHECK (shipped_kg >= 0 AND shipped_kg <= allocated_kg)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_lot_stock (
        lot_id text PRIMARY KEY,
        product_code text NOT NULL REFERENCES ${s}.sales_product (code),
        mass_kg numeric(24, 6) NOT NULL CHECK (mass_kg > 0),
        allocated_kg numeric(24, 6) NOT NULL DEFAULT 0,
        shipped_kg numeric(24, 6) NOT NULL DEFAULT 0,
        accepted_at timestamptz NOT NULL,
        CHECK (allocated_kg >= 0 AND allocated_kg <= mass_kg),
        CHECK (shipped_kg >= 0 AND shipped_kg <= allocated_kg)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_shipment (
        id text PRIMARY KEY,
        order_id text NOT NULL REFERENCES ${s}.sales_order (id),
        carrier text NOT NULL,
        tracking_number text,
        shipped_at timestamptz NOT NULL,
        net_mass_kg numeric(24, 6) NOT NULL CHECK (net_mass_kg > 0),
        containers jsonb NOT NULL,
        passport_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_allocation (
        id text PRIMARY KEY,
        order_line_id text NOT NULL REFERENCES ${s}.sales_order_line (id),
        lot_id text NOT NULL REFERENCES ${s}.sales_lot_stock (lot_id),
        mass_kg numeric(24, 6) NOT NULL CHECK (mass_kg > 0),
        status text NOT NULL CHECK (status IN ('ALLOCATED', 'SHIPPED', 'RELEASED')),
        shipment_id text REFERENCES ${s}.sales_shipment (id),
        purity numeric(12, 10) NOT NULL,
        allocated_at timestamptz NOT NULL,
        CHECK ((status = 'SHIPPED') = (shipment_id IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX sales_allocation_lot_idx ON ${s}.sales_allocation (lot_id, status)`,
    );
    await queryRunner.query(
      `CREATE INDEX sales_allocation_line_idx ON ${s}.sales_allocation (order_line_id, status)`,
    );
    await queryRunner.query(`
      CREATE TABLE ${s}.sales_passport_statement (
        shipment_id text NOT NULL REFERENCES ${s}.sales_shipment (id),
        lot_id text NOT NULL,
        statement_id text NOT NULL,
        statement jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (shipment_id, lot_id)
      )`);
    // The catalogue's products; grades and prices are the plant's to define.
    await queryRunner.query(
      `INSERT INTO ${s}.sales_product (code, name, form, element, formula, element_share, cn_code, gtin) VALUES
        ('TB-METAL', 'Terbium metal', 'METAL', 'Tb', 'Tb', 1, '2805 30', '04012345000106'),
        ('DY-METAL', 'Dysprosium metal', 'METAL', 'Dy', 'Dy', 1, '2805 30', '04012345000113'),
        ('TB4O7', 'Terbium oxide', 'OXIDE', 'Tb', 'Tb4O7', 0.8502155458, '2846 90', '04012345000120'),
        ('DY2O3', 'Dysprosium oxide', 'OXIDE', 'Dy', 'Dy2O3', 0.8713206809, '2846 90', '04012345000137'),
        ('DY-FE', 'Dysprosium-iron alloy', 'ALLOY', 'Dy', 'DyFe', 1, '2805 30', '04012345000144')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(queryRunner)}"`;
    for (const table of [
      'sales_passport_statement',
      'sales_allocation',
      'sales_shipment',
      'sales_lot_stock',
      'sales_order_line',
      'sales_order',
      'sales_delivery_site',
      'sales_customer',
      'sales_grade',
      'sales_product',
    ]) {
      await queryRunner.query(`DROP TABLE ${s}.${table}`);
    }
  }
}
