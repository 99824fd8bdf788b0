import { assayPurityPercent, fractionPurity } from './fraction';

describe('SX fractions', () => {
  it('refuses a purity above 100 % and a product without one; a raffinate needs none', () => {
    expect(() => fractionPurity('TB_RICH', '100.5', undefined)).toThrow(
      'purityPercent: got 100.5, must be above 0 % and at most 100 %',
    );
    expect(() => fractionPurity('DY_RICH', undefined, undefined)).toThrow(
      'a DY_RICH fraction must state its purity',
    );
    expect(fractionPurity('RAFFINATE', undefined, undefined)).toEqual({});
    expect(fractionPurity('TB_RICH', '99.2', '0.1')).toEqual({
      purityPercent: '99.2',
      purityUncertaintyPercent: '0.1',
    });
  });

  it('computes the purity the assay implies: targets over the rare earths it states', () => {
    // Tb 0.0396 / (Tb 0.0396 + Dy 0.0004) = 99 %; Fe is not a rare earth
    const composition = {
      Tb: { fraction: '0.0396' },
      Dy: { fraction: '0.0004' },
      Fe: { fraction: '0.001' },
    };
    expect(assayPurityPercent('TB_RICH', composition)).toBe('99');
    expect(assayPurityPercent('RAFFINATE', composition)).toBeUndefined();
  });
});
