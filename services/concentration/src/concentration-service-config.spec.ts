import { ConfigError } from '@rre/config';
import { loadConcentrationServiceConfig } from './concentration-service-config';

describe('concentration service configuration', () => {
  const required = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rre_dev' };

  it('defaults to port 3002, schema concentration, intake events from schema intake, and a 20 % adsorbent warning', () => {
    const config = loadConcentrationServiceConfig(required);
    expect(config).toMatchObject({
      PORT: 3002,
      DATABASE_SCHEMA: 'concentration',
      INTAKE_EVENTS_SCHEMA: 'intake',
      KAFKA_BROKERS: undefined,
      CONCENTRATION_ADSORBENT_WARNING_LOSS_SHARE: '0.2',
      CONCENTRATION_BALANCE_ELEMENTS: ['Dy', 'Tb', 'Nd', 'Pr', 'Fe', 'Al', 'U', 'Th'],
      CONCENTRATION_RESIDUE_SCREENING_THRESHOLD: '1',
    });
  });

  it('names every broken variable, its value and the rule', () => {
    let error: unknown;
    try {
      loadConcentrationServiceConfig({
        ...required,
        CONCENTRATION_ADSORBENT_WARNING_LOSS_SHARE: '1.5',
        CONCENTRATION_BALANCE_ELEMENTS: 'Dy,DY',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        variable: 'CONCENTRATION_ADSORBENT_WARNING_LOSS_SHARE',
        value: '1.5',
        rule: 'must be a decimal between 0 and 1, e.g. 0.2',
      },
      {
        variable: 'CONCENTRATION_BALANCE_ELEMENTS',
        value: 'Dy,DY',
        rule: 'must be element symbols separated by commas, written as in the periodic table (e.g. Dy,Tb,Fe)',
      },
    ]);
  });
});
