import { loadPeopleServiceConfig } from './people-service-config';

describe('the people service configuration', () => {
  it('defaults to port 3003 and schema people, and needs DATABASE_URL', () => {
    const config = loadPeopleServiceConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rre_dev' });
    expect(config.PORT).toBe(3003);
    expect(config.DATABASE_SCHEMA).toBe('people');
    expect(() => loadPeopleServiceConfig({})).toThrow('DATABASE_URL');
  });
});
