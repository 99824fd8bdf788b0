import { mergeAndSplit } from '../test-support/merge-and-split';
import { carbonFootprintOf } from './carbon-footprint';

describe("carbonFootprintOf (runs' emissions allocated to outputs by mass, accumulated)", () => {
  it("carries R1's burden through P into M1 and adds R2's", () => {
    // R1: 12 kg CO2e over P 20 kg + Q 80 kg = 0.12 kg/kg. R2: P brings 20 x 0.12 = 2.4 kg, C none,
    // plus 6 kg recorded: 8.4 kg over M1 10 kg + M2 10 kg = 0.42 kg CO2e per kg.
    const genealogy = mergeAndSplit();
    const both = new Map([
      ['R1', { co2eKg: '12', energyKwh: '26.666' }],
      ['R2', { co2eKg: '6' }],
    ]);
    expect(carbonFootprintOf(genealogy, 'M1', both).co2eKgPerKg).toBe('0.420000');
    expect(carbonFootprintOf(genealogy, 'Q', both).co2eKgPerKg).toBe('0.120000');
    // A source lot enters with no footprint.
    expect(carbonFootprintOf(genealogy, 'A', both).co2eKgPerKg).toBeUndefined();
    // Only R2 recorded: 6 / 20 = 0.3, and R1 is named as missing.
    const partial = carbonFootprintOf(genealogy, 'M1', new Map([['R2', { co2eKg: '6' }]]));
    expect([partial.co2eKgPerKg, partial.runsWithoutEmissions]).toEqual(['0.300000', ['R1']]);
    // No run recorded anything: unknown, not zero.
    expect(carbonFootprintOf(genealogy, 'M1', new Map()).co2eKgPerKg).toBeUndefined();
    // Exact inside: 6.666666666 kg over 20 kg is 0.3333333333, rounded only when shown.
    expect(
      carbonFootprintOf(
        genealogy,
        'M1',
        new Map([['R2', { co2eKg: '6.666666666' }]]),
      ).exactCo2eKgPerKg.toDecimalString(),
    ).toBe('0.3333333333');
  });
});
