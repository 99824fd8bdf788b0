import { ConfigError, flag, integer, list, loadConfig, oneOf, optional, parsed, port, text } from './index';

const spec = {
  PORT: port('HTTP port', 3000),
  POOL: integer('pool size', { default: 10, min: 1, max: 100 }),
  MODE: oneOf('mode', ['embedded', 'distributed'] as const, 'embedded'),
  DATA_DIR: text('data directory', { default: './data' }),
  BROKERS: optional(list('Kafka brokers')),
  TRACE: flag('tracing', false),
};

describe('loadConfig', () => {
  it('applies the defaults of an empty environment', () => {
    expect(loadConfig('platform', spec, {})).toEqual({
      PORT: 3000,
      POOL: 10,
      MODE: 'embedded',
      DATA_DIR: './data',
      BROKERS: undefined,
      TRACE: false,
    });
  });

  it('parses values from the environment', () => {
    const config = loadConfig('platform', spec, {
      PORT: '8080',
      POOL: '4',
      MODE: 'distributed',
      BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
      TRACE: 'yes',
    });
    expect(config.PORT).toBe(8080);
    expect(config.POOL).toBe(4);
    expect(config.MODE).toBe('distributed');
    expect(config.BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.TRACE).toBe(true);
  });

  it('names every broken variable, its value and the rule in one error', () => {
    let error: unknown;
    try {
      loadConfig('platform', spec, { PORT: 'eighty', POOL: '0', MODE: 'cloud', TRACE: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { issues, message } = error as ConfigError;
    expect(issues).toEqual([
      { variable: 'PORT', value: 'eighty', rule: 'must be a whole number between 0 and 65535' },
      { variable: 'POOL', value: '0', rule: 'must be a whole number between 1 and 100' },
      { variable: 'MODE', value: 'cloud', rule: 'must be one of embedded, distributed' },
      { variable: 'TRACE', value: 'maybe', rule: 'must be true or false' },
    ]);
    expect(message).toContain('PORT="eighty": must be a whole number between 0 and 65535');
  });

  it('reports a required variable that is missing', () => {
    expect(() => loadConfig('svc', { NAME: text('name') }, {})).toThrow('NAME=(not set): is required');
  });

  it('masks the password of a secret URL in the error, with the rule the parser states', () => {
    const reader = parsed(
      'database',
      (raw) => {
        if (!raw.startsWith('postgres://'))
          throw Object.assign(new Error('ignored'), { rule: 'must be a postgres:// URL' });
        return raw;
      },
      { mask: (raw) => raw.replace(/:[^:@/]*@/, ':****@') },
    );
    expect(() =>
      loadConfig('svc', { DATABASE_URL: reader }, { DATABASE_URL: 'mysql://u:hunter2@h/db' }),
    ).toThrow('DATABASE_URL="mysql://u:****@h/db": must be a postgres:// URL');
  });
});
