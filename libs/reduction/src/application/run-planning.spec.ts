import { reductionRunKinds } from './run-planning';

const kinds = reductionRunKinds({
  electrolysisWindow: { minCelsius: '400', maxCelsius: '1000' },
  distillationWindow: { minCelsius: '300', maxCelsius: '1000' },
});

describe("the run library's parameter rules for reduction's run kinds (its generic reductionPlanRun)", () => {
  it('checks an electrolysis batch given as JSON with the same rules, naming the bare field', () => {
    const batch = {
      cell: 'EC-3',
      electrolyte: 'LiCl-KCl',
      cathodeAlloy: 'Bi',
      anode: 'graphite',
      operatingTemperatureCelsius: '650',
      targetElement: 'Dy',
    };
    expect(kinds.ELECTROLYSIS.parseParameters(batch)).toEqual(batch);
    // The run library prefixes the field with "parameters." and reports INVALID_PARAMETERS.
    expect(() => kinds.ELECTROLYSIS.parseParameters({ ...batch, operatingTemperatureCelsius: 650 })).toThrow(
      expect.objectContaining({ field: 'operatingTemperatureCelsius', value: '650' }),
    );
    expect(() => kinds.ELECTROLYSIS.parseParameters([batch])).toThrow(
      expect.objectContaining({
        field: 'parameters',
        rule: 'must be the ELECTROLYSIS parameters as an object',
      }),
    );
  });

  it('checks a distillation run the same way', () => {
    expect(() =>
      kinds.VACUUM_DISTILLATION.parseParameters({
        temperatureCelsius: '1200',
        pressurePa: '5',
        durationHours: '4',
        targetElement: 'Tb',
      }),
    ).toThrow(expect.objectContaining({ code: 'TEMPERATURE_OUTSIDE_WINDOW', field: 'temperatureCelsius' }));
  });
});
