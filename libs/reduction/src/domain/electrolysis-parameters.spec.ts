import { distillationParameters } from './distillation-parameters';
import { electrolysisParameters } from './electrolysis-parameters';
import { ReductionError } from './reduction-error';

const window = { minCelsius: '400', maxCelsius: '1000' };
const batch = {
  cell: 'EC-3',
  electrolyte: 'LiCl-KCl',
  cathodeAlloy: 'Zn',
  anode: 'graphite',
  operatingTemperatureCelsius: '500.0',
  targetElement: 'Tb',
};

function refusal(work: () => unknown): ReductionError {
  try {
    work();
  } catch (error) {
    if (error instanceof ReductionError) return error;
    throw error;
  }
  throw new Error('expected a ReductionError');
}

describe('electrolysis batch parameters', () => {
  it('keeps a batch inside the 400-1000 °C window as it is, decimals as plain strings', () => {
    expect(electrolysisParameters(batch, window)).toEqual({ ...batch, operatingTemperatureCelsius: '500' });
  });

  it('refuses a temperature outside the window without an override reason, and keeps the reason with one', () => {
    const hot = { ...batch, operatingTemperatureCelsius: '1050' };
    const refused = refusal(() => electrolysisParameters(hot, window));
    expect([refused.code, refused.field, refused.value]).toEqual([
      'TEMPERATURE_OUTSIDE_WINDOW',
      'electrolysis.operatingTemperatureCelsius',
      '1050',
    ]);
    expect(refused.message).toBe(
      'electrolysis.operatingTemperatureCelsius: got 1050, must be within the process window 400-1000 °C, or come with an override reason (electrolysis.temperatureOverrideReason)',
    );
    expect(
      electrolysisParameters({ ...hot, temperatureOverrideReason: '  fluoride melt trial  ' }, window),
    ).toMatchObject({
      operatingTemperatureCelsius: '1050',
      temperatureOverrideReason: 'fluoride melt trial',
    });
    // The window's ends are inside it; a reason for a temperature inside it is refused.
    expect(electrolysisParameters({ ...batch, operatingTemperatureCelsius: '400' }, window)).toBeDefined();
    expect(
      refusal(() => electrolysisParameters({ ...batch, temperatureOverrideReason: 'just in case' }, window))
        .field,
    ).toBe('electrolysis.temperatureOverrideReason');
  });

  it('names the field, the value and the rule of every other bad input', () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ cathodeAlloy: 'Fe' }, 'electrolysis.cathodeAlloy', '"Fe"'],
      [{ targetElement: 'Nd' }, 'electrolysis.targetElement', '"Nd"'],
      [{ electrolyte: 'molten salt' }, 'electrolysis.electrolyte', '"molten salt"'],
      [{ operatingTemperatureCelsius: '5e2' }, 'electrolysis.operatingTemperatureCelsius', '"5e2"'],
      [{ cell: ' ' }, 'electrolysis.cell', '" "'],
      [{ heatingPowerKw: '-1' }, 'electrolysis.heatingPowerKw', '-1'],
    ];
    for (const [change, field, value] of cases) {
      const refused = refusal(() => electrolysisParameters({ ...batch, ...change }, window));
      expect([refused.field, refused.value]).toEqual([field, value]);
    }
  });

  it('parses its own output again to the same parameters (the run library checks them once more)', () => {
    const once = electrolysisParameters(
      {
        ...batch,
        operatingTemperatureCelsius: '1020',
        temperatureOverrideReason: 'trial',
        heatingPowerKw: '0.80',
      },
      window,
      '',
    );
    expect(electrolysisParameters(once, window, '')).toEqual(once);
    expect(once.heatingPowerKw).toBe('0.8');
  });
});

describe('vacuum distillation parameters', () => {
  it('takes a vacuum below one atmosphere and a temperature in its window', () => {
    expect(
      distillationParameters(
        { temperatureCelsius: '850', pressurePa: '5.0', durationHours: '4', targetElement: 'Tb' },
        { minCelsius: '300', maxCelsius: '1000' },
      ),
    ).toEqual({ temperatureCelsius: '850', pressurePa: '5', durationHours: '4', targetElement: 'Tb' });
    const refused = refusal(() =>
      distillationParameters(
        { temperatureCelsius: '850', pressurePa: '200000', durationHours: '4', targetElement: 'Tb' },
        { minCelsius: '300', maxCelsius: '1000' },
      ),
    );
    expect(refused.message).toBe(
      'distillation.pressurePa: got 200000, must be above 0 Pa and at most 101325 Pa',
    );
  });
});
