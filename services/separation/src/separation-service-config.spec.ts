import { ConfigError } from '@rre/config';
import { loadSeparationServiceConfig } from './separation-service-config';

describe('separation service configuration', () => {
  const required = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rre_dev' };

  it('defaults to port 3004, schema separation, concentration events from schema concentration, beta baseline 2', () => {
    expect(loadSeparationServiceConfig(required)).toMatchObject({
      PORT: 3004,
      DATABASE_SCHEMA: 'separation',
      CONCENTRATION_EVENTS_SCHEMA: 'concentration',
      KAFKA_BROKERS: undefined,
      SEPARATION_BALANCE_ELEMENTS: ['Dy', 'Tb', 'Nd', 'Pr'],
      SEPARATION_CONVENTIONAL_BETA: '2',
      SEPARATION_BETA_GOAL_FACTOR: '2',
      SEPARATION_CASCADE_STAGE_FACTOR: '2',
      SEPARATION_MIXER_SETTLER_THROUGHPUT_PER_L: '0.5',
      SEPARATION_EMULSION_FLOW_THROUGHPUT_PER_L: '2',
    });
  });

  it('names every broken variable, its value and the rule', () => {
    let error: unknown;
    try {
      loadSeparationServiceConfig({
        ...required,
        SEPARATION_CONVENTIONAL_BETA: '1',
        SEPARATION_CASCADE_STAGE_FACTOR: '0.5',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        variable: 'SEPARATION_CONVENTIONAL_BETA',
        value: '1',
        rule: 'must be a decimal greater than 1, e.g. 2',
      },
      {
        variable: 'SEPARATION_CASCADE_STAGE_FACTOR',
        value: '0.5',
        rule: 'must be a decimal of at least 1, e.g. 2',
      },
    ]);
  });
});
