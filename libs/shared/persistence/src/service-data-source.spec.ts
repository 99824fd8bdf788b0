import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { exactNumericTypes } from './pg-type-parsers';
import { createServiceDataSource } from './service-data-source';

describe('createServiceDataSource', () => {
  const base = {
    url: 'postgres://postgres@127.0.0.1:5432/rre_test',
    poolSize: 4,
    entities: [],
    migrations: [],
  };

  it('puts the service in its own schema with its own migrations table and never synchronizes', () => {
    const dataSource = createServiceDataSource({ ...base, service: 'intake' });
    const options = dataSource.options as PostgresDataSourceOptions;
    expect(dataSource.isInitialized).toBe(false);
    expect(options).toMatchObject({
      type: 'postgres',
      url: base.url,
      schema: 'intake',
      migrationsTableName: 'migrations',
      migrationsTransactionMode: 'each',
      synchronize: false,
      migrationsRun: false,
      applicationName: 'intake',
      extra: { max: 4, application_name: 'intake', types: exactNumericTypes },
    });
  });

  it('validates the service name, the URL and the pool size', () => {
    expect(() => createServiceDataSource({ ...base, service: 'Intake' })).toThrow(/Invalid service name/);
    expect(() => createServiceDataSource({ ...base, service: 'intake', url: 'http://x/db' })).toThrow(
      /Invalid DATABASE_URL/,
    );
    expect(() => createServiceDataSource({ ...base, service: 'intake', poolSize: 0 })).toThrow(/poolSize/);
  });
});

describe('exactNumericTypes', () => {
  it('keeps NUMERIC and NUMERIC[] as exact strings and leaves other types to pg', () => {
    expect(exactNumericTypes.getTypeParser(1700, 'text')('12345678901234567.123456')).toBe(
      '12345678901234567.123456',
    );
    expect(exactNumericTypes.getTypeParser(1231, 'text')('{0.1,2.000000,NULL}')).toEqual([
      '0.1',
      '2.000000',
      null,
    ]);
    expect(exactNumericTypes.getTypeParser(23, 'text')('42')).toBe(42);
    expect(exactNumericTypes.getTypeParser(20, 'text')('9007199254740993')).toBe('9007199254740993');
  });
});
