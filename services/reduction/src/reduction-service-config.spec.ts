import { ConfigError } from '@rre/config';
import { reductionSettingsFrom } from '@rre/reduction';
import { loadReductionServiceConfig } from './reduction-service-config';

describe('reduction service configuration', () => {
  const required = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rre_dev' };

  it('defaults to port 3005, schema reduction, a 400-1000 °C window, 0.45 kg CO2/kWh and a 1450 °C baseline', () => {
    const config = loadReductionServiceConfig(required);
    expect(config).toMatchObject({
      PORT: 3005,
      DATABASE_SCHEMA: 'reduction',
      SEPARATION_EVENTS_SCHEMA: undefined,
      REDUCTION_BALANCE_ELEMENTS: ['Tb', 'Dy'],
    });
    expect(reductionSettingsFrom(config)).toMatchObject({
      electrolysisWindow: { minCelsius: '400', maxCelsius: '1000' },
      distillationWindow: { minCelsius: '300', maxCelsius: '1000' },
      maxSampleGapSeconds: '300',
      energy: {
        gridKgCo2PerKwh: '0.45',
        cellHeatingKw: '0.5',
        baseline: { temperatureCelsius: '1450', kwhPerKg: '10.4', co2KgPerKg: '4.68' },
      },
    });
  });

  it('names every broken variable, its value and the rule', () => {
    let error: unknown;
    try {
      loadReductionServiceConfig({
        ...required,
        REDUCTION_GRID_KG_CO2_PER_KWH: '-0.1',
        REDUCTION_MAX_SAMPLE_GAP_SECONDS: '0',
        REDUCTION_BALANCE_ELEMENTS: 'Tb',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      {
        variable: 'REDUCTION_MAX_SAMPLE_GAP_SECONDS',
        value: '0',
        rule: 'must be a decimal above 0, e.g. 300',
      },
      {
        variable: 'REDUCTION_GRID_KG_CO2_PER_KWH',
        value: '-0.1',
        rule: 'must be a decimal of at least 0, e.g. 0.45',
      },
      {
        variable: 'REDUCTION_BALANCE_ELEMENTS',
        value: 'Tb',
        rule: 'must be element symbols separated by commas, written as in the periodic table, including Tb and Dy (e.g. Tb,Dy)',
      },
    ]);
  });
});
