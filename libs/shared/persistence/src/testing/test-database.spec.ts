import { testDatabaseKind, uniqueSchemaName } from './test-database';

describe('testDatabaseKind', () => {
  it('defaults to postgres and accepts pglite', () => {
    expect(testDatabaseKind(undefined)).toBe('postgres');
    expect(testDatabaseKind('')).toBe('postgres');
    expect(testDatabaseKind('pglite')).toBe('pglite');
    expect(testDatabaseKind('postgres')).toBe('postgres');
  });

  it('rejects anything else', () => {
    expect(() => testDatabaseKind('sqlite')).toThrow('Invalid TEST_DATABASE "sqlite"');
  });
});

describe('uniqueSchemaName', () => {
  it('makes distinct valid schema names', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueSchemaName('intake')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^intake_[0-9a-z]{26}$/);
    expect(uniqueSchemaName('a'.repeat(36))).toHaveLength(63);
  });

  it('rejects a prefix that would not make a valid schema name', () => {
    expect(() => uniqueSchemaName('Intake')).toThrow(/prefix/);
    expect(() => uniqueSchemaName('a'.repeat(37))).toThrow(/prefix/);
  });
});
