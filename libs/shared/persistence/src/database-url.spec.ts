import { InvalidDatabaseUrlError, maskDatabaseUrl, parseDatabaseUrl } from './database-url';

describe('parseDatabaseUrl', () => {
  it('accepts postgres:// and postgresql:// URLs with host and database', () => {
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/rre_test')).toEqual({
      url: 'postgres://postgres@127.0.0.1:5432/rre_test',
      masked: 'postgres://postgres@127.0.0.1:5432/rre_test',
      host: '127.0.0.1',
      port: 5432,
      database: 'rre_test',
      user: 'postgres',
    });
    const parsed = parseDatabaseUrl('postgresql://app:s3cret@db.internal/rre_dev?sslmode=require');
    expect(parsed).toMatchObject({ host: 'db.internal', port: 5432, database: 'rre_dev', user: 'app' });
    expect(parsed.masked).toBe('postgresql://app:****@db.internal/rre_dev?sslmode=require');
  });

  it.each([
    ['mysql://app:s3cret@db/rre', /scheme "mysql"/],
    ['postgres://app:s3cret@db.internal:5432/', /no database name/],
    ['postgres://app:s3cret@db.internal:5432', /no database name/],
    ['postgres:///rre?host=/var/run/postgresql', /no host/],
    ['app:s3cret@db.internal/rre', /not a URL|scheme/],
    ['not a url', /not a URL/],
  ])('rejects %s with a clear error that never shows the password', (value, detail) => {
    const attempt = (): unknown => parseDatabaseUrl(value);
    expect(attempt).toThrow(InvalidDatabaseUrlError);
    expect(attempt).toThrow(/^Invalid DATABASE_URL: it is ".*"/);
    expect(attempt).toThrow(detail);
    expect(attempt).toThrow(/must be a postgres:\/\/ or postgresql:\/\/ URL with a host and a database name/);
    expect(attempt).not.toThrow(/s3cret/);
  });

  it('names an unset or empty variable', () => {
    expect(() => parseDatabaseUrl(undefined)).toThrow('Invalid DATABASE_URL: it is not set');
    expect(() => parseDatabaseUrl('  ', 'TEST_DATABASE_URL')).toThrow(
      'Invalid TEST_DATABASE_URL: it is "  "',
    );
  });
});

describe('maskDatabaseUrl', () => {
  it.each([
    ['postgres://u:pw@h/db', 'postgres://u:****@h/db'],
    ['postgres://u@h/db', 'postgres://u@h/db'],
    ['postgres://:pw@h/db', 'postgres://:****@h/db'],
    ['postgres://u:p@ss/wo@rd@h:5432/db', 'postgres://u:****@h:5432/db'],
    ['postgres://h:5432/db', 'postgres://h:5432/db'],
    ['app:s3cret@db/rre', 'app:****@db/rre'],
    ['postgres://h/db?application_name=a@b', 'postgres://h/db?application_name=a@b'],
  ])('%s -> %s', (value, masked) => {
    expect(maskDatabaseUrl(value)).toBe(masked);
  });
});
