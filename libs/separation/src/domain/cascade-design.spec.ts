import { DEFAULT_SEPARATION_SETTINGS } from '../separation-config';
import { cascadeDesign } from './cascade-design';
import { SeparationError } from './separation-error';

const settings = DEFAULT_SEPARATION_SETTINGS.cascade;

describe('cascade design (Fenske form)', () => {
  it('needs about 20 ideal stages at beta 2 and about 10 at beta 4 for 99.9 % at both ends (DOMAIN.md)', () => {
    const at = (beta: string) =>
      cascadeDesign(
        { feedDy: '50', feedTb: '50', dyRichPurityPercent: '99.9', tbRichPurityPercent: '99.9', beta },
        settings,
      );
    // (0.999 / 0.001) / (0.001 / 0.999) = 998001; ln 998001 = 13.8135...
    expect(at('2')).toMatchObject({
      extractRatio: '999',
      raffinateRatio: '0.001001',
      fenskeNumerator: '13.81351',
      minimumStages: '19.928682', // 13.8135 / ln 2 = 13.8135 / 0.693147
      stageFactor: '2',
      recommendedStages: 40, // ceil(2 x 19.93)
    });
    expect(at('4')).toMatchObject({ minimumStages: '9.964341', recommendedStages: 20 });
    expect(Math.round(Number(at('2').minimumStages))).toBe(20);
    expect(Math.round(Number(at('4').minimumStages))).toBe(10);
  });

  it('matches a hand calculation to 3 significant figures, with the contactor volumes side by side', () => {
    // Feed Dy:Tb = 80:20; Dy-rich 99.5 % Dy, Tb-rich 99 % Tb; new extractant beta 3.7, conventional 2.5; 600 L/h.
    // Numerator: ln[(0.995 / 0.005) / (0.01 / 0.99)] = ln(199 x 99) = ln 19701 = 9.888
    // New: N_min = 9.888 / ln 3.7 = 9.888 / 1.308 = 7.56; recommended ceil(2 x 7.558) = 16;
    //      emulsion flow at 2 L/h per L: 16 x 600 / 2 = 4,800 L.
    // Conventional: N_min = 9.888 / ln 2.5 = 9.888 / 0.9163 = 10.8; recommended ceil(2 x 10.79) = 22;
    //      mixer-settler at 0.5 L/h per L: 22 x 600 / 0.5 = 26,400 L.
    // Dy-rich share of the feed: (0.8 - 0.01) / (0.995 - 0.01) = 0.802.
    const design = cascadeDesign(
      {
        feedDy: '80',
        feedTb: '20',
        dyRichPurityPercent: '99.5',
        tbRichPurityPercent: '99',
        beta: '3.7',
        conventionalBeta: '2.5',
        throughputLPerH: '600',
      },
      settings,
    );
    const threeFigures = (value: string) => Number(Number(value).toPrecision(3));
    expect(threeFigures(design.fenskeNumerator)).toBe(9.89);
    expect(threeFigures(design.minimumStages)).toBe(7.56);
    expect(design.recommendedStages).toBe(16);
    expect(threeFigures(design.dyRichShareOfFeed)).toBe(0.802);
    expect(
      design.options.map((o) => [o.extractantKind, o.contactorType, threeFigures(o.minimumStages)]),
    ).toEqual([
      ['CONVENTIONAL', 'MIXER_SETTLER', 10.8],
      ['NEW', 'EMULSION_FLOW', 7.56],
    ]);
    expect(
      design.options.map((o) => [o.recommendedStages, o.throughputPerVolume, o.contactorVolumeL]),
    ).toEqual([
      [22, '0.5', '26400'],
      [16, '2', '4800'],
    ]);
  });

  it('refuses a beta not above 1 and a purity of 100 % or one below the feed', () => {
    const base = { feedDy: '80', feedTb: '20', dyRichPurityPercent: '99', tbRichPurityPercent: '99' };
    const refusal = (input: Parameters<typeof cascadeDesign>[0]) => {
      try {
        cascadeDesign(input, settings);
      } catch (error) {
        const e = error as SeparationError;
        return { code: e.code, field: e.field, value: e.value };
      }
      return undefined;
    };
    expect(refusal({ ...base, beta: '1' })).toEqual({
      code: 'SEPARATION_FACTOR_NOT_ABOVE_ONE',
      field: 'beta',
      value: '1',
    });
    expect(refusal({ ...base, beta: '4', dyRichPurityPercent: '100' })).toEqual({
      code: 'OUT_OF_RANGE',
      field: 'dyRichPurityPercent',
      value: '100',
    });
    // The feed already holds 80 % Dy: a Dy-rich product of 75 % is no separation.
    expect(refusal({ ...base, beta: '4', dyRichPurityPercent: '75' })?.field).toBe('dyRichPurityPercent');
  });
});
