import { IntakeError } from './intake-error';
import { screeningPolicy, screenRadioactivity } from './radioactivity-screening';

describe('screenRadioactivity (U-238 12.3 Bq/kg per ppm, Th-232 4.1 Bq/kg per ppm, 1 Bq/g each, threshold 1)', () => {
  it('Th 300 ppm: 300 x 4.1 / 1000 = 1.23 Bq/g, sum of ratios 1.23 > 1: exceeded (quarantine)', () => {
    const result = screenRadioactivity('0', '300');
    expect(result.thoriumBqPerG.toFixed()).toBe('1.23');
    expect(result.uraniumBqPerG.toFixed()).toBe('0');
    expect(result.sumOfRatios.toFixed()).toBe('1.23');
    expect(result.outcome).toBe('EXCEEDED');
  });

  it('U 50 ppm + Th 100 ppm: 0.615 + 0.41 = 1.025 > 1: exceeded, although each chain alone is below its limit', () => {
    const result = screenRadioactivity('50', '100');
    expect(result.uraniumBqPerG.toFixed()).toBe('0.615');
    expect(result.thoriumBqPerG.toFixed()).toBe('0.41');
    expect(result.sumOfRatios.toFixed()).toBe('1.025');
    expect(result.outcome).toBe('EXCEEDED');
  });

  it('U 40 ppm + Th 80 ppm: 0.492 + 0.328 = 0.82 <= 1: cleared', () => {
    const result = screenRadioactivity('40', '80');
    expect(result.uraniumBqPerG.toFixed()).toBe('0.492');
    expect(result.thoriumBqPerG.toFixed()).toBe('0.328');
    expect(result.sumOfRatios.toFixed()).toBe('0.82');
    expect(result.outcome).toBe('CLEARED');
  });

  it('states the content that alone reaches 1 Bq/g: 1000 / 12.3 = 81.30 ppm U, 1000 / 4.1 = 243.90 ppm Th', () => {
    const result = screenRadioactivity('0', '0');
    expect(result.uraniumLimitPpm.toDecimalPlaces(2).toFixed()).toBe('81.3');
    expect(result.thoriumLimitPpm.toDecimalPlaces(2).toFixed()).toBe('243.9');
    expect(result.threshold.toFixed()).toBe('1');
  });

  it('is cleared exactly at the threshold (Th 250 ppm at 4 Bq/kg per ppm is 1.000 Bq/g)', () => {
    const result = screenRadioactivity('0', '250', screeningPolicy({ thoriumBqPerKgPerPpm: '4' }));
    expect(result.sumOfRatios.toFixed()).toBe('1');
    expect(result.outcome).toBe('CLEARED');
  });

  it('uses configured limits: with a 0.5 Bq/g limit for U, U 40 ppm alone (0.492 / 0.5 = 0.984) is still cleared, U 41 ppm (1.0086) is not', () => {
    const policy = screeningPolicy({ uraniumLimitBqPerG: '0.5' });
    expect(screenRadioactivity('40', '0', policy).sumOfRatios.toFixed()).toBe('0.984');
    expect(screenRadioactivity('40', '0', policy).outcome).toBe('CLEARED');
    expect(screenRadioactivity('41', '0', policy).sumOfRatios.toFixed()).toBe('1.0086');
    expect(screenRadioactivity('41', '0', policy).outcome).toBe('EXCEEDED');
  });

  it('refuses negative contents and contents above 1,000,000 ppm', () => {
    expect(() => screenRadioactivity('-1', '0')).toThrow(IntakeError);
    expect(() => screenRadioactivity('0', '1000001')).toThrow(
      'thoriumPpm: got 1000001 ppm, must be between 0 and 1000000 ppm (0 % to 100 %)',
    );
  });

  it('refuses a policy figure that is not positive', () => {
    expect(() => screeningPolicy({ threshold: '0' })).toThrow(
      'screening policy threshold: must be greater than zero',
    );
  });
});
