import { ConfigError } from '@rre/config';
import { loadPlatformConfig } from './platform-config';

describe('platform configuration', () => {
  it('defaults to embedded mode on ./data at port 3000', () => {
    expect(loadPlatformConfig({})).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      DATABASE_URL: undefined,
      DATABASE_POOL_SIZE: 10,
      LOG_LEVEL: 'info',
      GRAPHQL_INTROSPECTION: true,
    });
  });

  it('stops on a DATABASE_URL that is not a PostgreSQL URL, naming the variable, the value and the rule', () => {
    expect(() => loadPlatformConfig({ DATABASE_URL: 'nonsense' })).toThrow(ConfigError);
    expect(() => loadPlatformConfig({ DATABASE_URL: 'nonsense' })).toThrow(
      /DATABASE_URL="nonsense": .*postgres/,
    );
  });

  it('masks the password of a bad DATABASE_URL', () => {
    expect(() => loadPlatformConfig({ DATABASE_URL: 'mysql://app:s3cret@db:3306/rre' })).toThrow(
      /DATABASE_URL="mysql:\/\/app:\*\*\*\*@db:3306\/rre"/,
    );
  });

  it('refuses a port out of range', () => {
    expect(() => loadPlatformConfig({ PORT: '70000' })).toThrow(
      'PORT="70000": must be a whole number between 0 and 65535',
    );
  });
});
