import { adsorptionParameters } from './adsorption-parameters';
import { leachingParameters } from './leaching-parameters';

describe('leaching parameters', () => {
  it('keeps valid parameters with plain decimals', () => {
    expect(
      leachingParameters({ acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '3.0', temperatureCelsius: '80' }),
    ).toEqual({ acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '3', temperatureCelsius: '80' });
  });

  it('names the field, the value and the rule', () => {
    expect(() =>
      leachingParameters({ acid: 'HYDROCHLORIC', acidConcentrationMolPerL: '0', temperatureCelsius: '80' }),
    ).toThrow('leaching.acidConcentrationMolPerL: got 0, must be above 0 mol/L and at most 18 mol/L');
    expect(() =>
      leachingParameters({ acid: 'CITRIC', acidConcentrationMolPerL: '1', temperatureCelsius: '80' }),
    ).toThrow('leaching.acid: got "CITRIC", must be one of HYDROCHLORIC, SULFURIC, NITRIC');
    expect(() =>
      leachingParameters({ acid: 'SULFURIC', acidConcentrationMolPerL: '1', temperatureCelsius: '80.5.1' }),
    ).toThrow('leaching.temperatureCelsius: got "80.5.1", must be a decimal string such as "12.5"');
  });
});

describe('adsorption parameters', () => {
  const valid = {
    adsorbentBatchId: 'ADS-7',
    cycleNumber: 3,
    column: 'C-2',
    bedVolumeL: '50',
    feedVolumeL: '40000',
    ph: '2.5',
    temperatureCelsius: '25',
  };

  it('keeps valid parameters', () => {
    expect(adsorptionParameters(valid)).toEqual(valid);
  });

  it('refuses cycle 0, a pH of 15 and an empty bed volume', () => {
    expect(() => adsorptionParameters({ ...valid, cycleNumber: 0 })).toThrow(
      'adsorption.cycleNumber: got 0, must be a whole number from 1 (a fresh batch) to 100000',
    );
    expect(() => adsorptionParameters({ ...valid, ph: '15' })).toThrow(
      'adsorption.ph: got 15, must be at least 0 and at most 14',
    );
    expect(() => adsorptionParameters({ ...valid, bedVolumeL: '0' })).toThrow(
      'adsorption.bedVolumeL: got 0, must be above 0 L',
    );
  });
});
