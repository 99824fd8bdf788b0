import { changedSettings, type ConfigurationSettings } from './traceability-configuration';

const current: ConfigurationSettings = {
  methodVersion: 'physical-allocation/1',
  roundingRule: 'HALF_EVEN_1MG_LARGEST_REMAINDER',
  closingCoverageFactor: '2',
  defaultGridFactorKgCo2ePerKwh: null,
};

describe('changedSettings', () => {
  it('replaces the settings stated and keeps the others', () => {
    expect(changedSettings(current, { closingCoverageFactor: '2.5', reason: 'audit' })).toEqual({
      ...current,
      closingCoverageFactor: '2.5',
    });
    expect(
      changedSettings(
        { ...current, defaultGridFactorKgCo2ePerKwh: '0.4' },
        { defaultGridFactorKgCo2ePerKwh: null, reason: 'runs publish their own CO2e' },
      ).defaultGridFactorKgCo2ePerKwh,
    ).toBeNull();
  });

  it.each([
    [
      { methodVersion: 'mass-balance/9', reason: 'x' },
      'methodVersion: got "mass-balance/9", must be one of physical-allocation/1',
    ],
    [
      { roundingRule: 'HALF_UP', reason: 'x' },
      'roundingRule: got "HALF_UP", must be one of HALF_EVEN_1MG_LARGEST_REMAINDER',
    ],
    [
      { closingCoverageFactor: '0', reason: 'x' },
      'closingCoverageFactor: got "0", must be a decimal above 0 and at most 10',
    ],
    [
      { closingCoverageFactor: '11', reason: 'x' },
      'closingCoverageFactor: got "11", must be a decimal above 0 and at most 10',
    ],
    [
      { closingCoverageFactor: '2e0', reason: 'x' },
      'closingCoverageFactor: got "2e0", must be a decimal above 0',
    ],
    [
      { defaultGridFactorKgCo2ePerKwh: '-0.1', reason: 'x' },
      'defaultGridFactorKgCo2ePerKwh: got "-0.1", must be a non-negative decimal',
    ],
    [{ closingCoverageFactor: '3', reason: '' }, 'reason: got "", must say why the configuration changes'],
    [
      { closingCoverageFactor: '2.0', reason: 'x' },
      'must change at least one setting of the version in force',
    ],
  ])('refuses %j', (change, message) => {
    expect(() => changedSettings(current, change)).toThrow(message);
  });
});
