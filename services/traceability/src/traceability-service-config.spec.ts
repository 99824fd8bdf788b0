import { ConfigError } from '@rre/config';
import { loadTraceabilityServiceConfig } from './traceability-service-config';

describe('traceability service configuration', () => {
  const required = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rre_dev' };

  it('defaults to port 3006 and schema traceability', () => {
    expect(loadTraceabilityServiceConfig(required)).toMatchObject({
      PORT: 3006,
      DATABASE_SCHEMA: 'traceability',
      KAFKA_BROKERS: undefined,
    });
  });

  it('names a broken variable, its value and the rule', () => {
    expect(() => loadTraceabilityServiceConfig({ ...required, PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadTraceabilityServiceConfig({ ...required, PORT: 'eighty' })).toThrow('PORT');
  });
});
