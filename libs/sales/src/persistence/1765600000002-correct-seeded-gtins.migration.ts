import { serviceSchema } from '@rre/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The five seeded products' GTINs were placeholders whose GS1 check digit was wrong (04012345000106
 * instead of ...108), so a GS1 Digital Link resolver or scanner would refuse their passports' URIs.
 * Passports already issued keep the URI they were signed with.
 */
export class CorrectSeededGtins1765600000002 implements MigrationInterface {
  name = 'CorrectSeededGtins1765600000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(queryRunner)}"`;
    for (const [wrong, right] of CORRECTIONS) {
      await queryRunner.query(`UPDATE ${s}.sales_product SET gtin = $2 WHERE gtin = $1`, [wrong, right]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = `"${serviceSchema(queryRunner)}"`;
    for (const [wrong, right] of CORRECTIONS) {
      await queryRunner.query(`UPDATE ${s}.sales_product SET gtin = $1 WHERE gtin = $2`, [wrong, right]);
    }
  }
}

const CORRECTIONS: readonly (readonly [string, string])[] = [
  ['04012345000106', '04012345000108'],
  ['04012345000113', '04012345000115'],
  ['04012345000120', '04012345000122'],
  ['04012345000137', '04012345000139'],
  ['04012345000144', '04012345000146'],
];
