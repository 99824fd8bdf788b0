import type { DataSource, QueryRunner } from 'typeorm';
import { serviceSchema, serviceSchemaName } from './service-schema';

describe('serviceSchemaName', () => {
  it.each(['intake', 'traceability', 'sales_v2', 'a1'])('accepts %s', (name) => {
    expect(serviceSchemaName(name)).toBe(name);
  });

  it.each(['', 'Intake', '1intake', 'in-take', 'in take', '"intake"', 'intake;drop', '_intake'])(
    'rejects %p',
    (name) => {
      expect(() => serviceSchemaName(name)).toThrow(/must match \/\^\[a-z\]\[a-z0-9_\]\*\$\//);
    },
  );

  it('rejects names PostgreSQL would truncate or reserves', () => {
    expect(() => serviceSchemaName('a'.repeat(64))).toThrow(/at most 63/);
    expect(() => serviceSchemaName('pg_intake')).toThrow(/reserved/);
  });
});

describe('serviceSchema', () => {
  it('reads the schema of a data source or of a query runner', () => {
    const dataSource = { options: { type: 'postgres', schema: 'intake' } } as unknown as DataSource;
    const queryRunner = { connection: dataSource } as unknown as QueryRunner;
    expect(serviceSchema(dataSource)).toBe('intake');
    expect(serviceSchema(queryRunner)).toBe('intake');
  });

  it('refuses a data source without schema', () => {
    const dataSource = { options: { type: 'postgres' } } as unknown as DataSource;
    expect(() => serviceSchema(dataSource)).toThrow(/createServiceDataSource/);
  });
});
