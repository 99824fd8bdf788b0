import { ConfigError, loadConfig } from '@rre/config';
import { standaloneServiceConfigSpec } from './standalone-service-config';

describe('standaloneServiceConfigSpec', () => {
  const spec = standaloneServiceConfigSpec({ service: 'sales', port: 3005, kafkaBrokers: 'Kafka brokers' });
  const required = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rre_dev' };

  it("defaults to the service's port and schema, no Kafka, three partitions, log level info", () => {
    expect(loadConfig('sales', spec, required)).toMatchObject({
      PORT: 3005,
      HOST: '127.0.0.1',
      DATABASE_SCHEMA: 'sales',
      DATABASE_POOL_SIZE: 10,
      DATA_DIR: './data',
      KAFKA_BROKERS: undefined,
      KAFKA_TOPIC_PARTITIONS: 3,
      KAFKA_REPLICATION_FACTOR: 1,
      LOG_LEVEL: 'info',
      GRAPHQL_INTROSPECTION: true,
    });
  });

  it('names the variable, its value and the rule of a schema that is not a PostgreSQL name', () => {
    let error: unknown;
    try {
      loadConfig('sales', spec, { ...required, DATABASE_SCHEMA: 'Sales-1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        variable: 'DATABASE_SCHEMA',
        value: 'Sales-1',
        rule: 'must be a lower-case PostgreSQL name: a letter, then letters, digits or _ (at most 63)',
      },
    ]);
  });
});
