import { parseDecimal } from '@rre/quantities';
import { concentrationKpis, dissolutionYields } from './concentration-kpis';

const kg = (masses: Record<string, string>) =>
  new Map(Object.entries(masses).map(([element, value]) => [element, parseDecimal(value)]));

describe('concentration KPIs', () => {
  // Feed 14 kg Dy + Tb with 100 kg Fe, 50 kg Al, 0.4 kg U, 1 kg Th; concentrate 13.3 kg Dy + Tb.
  const feed = kg({ Dy: '12', Tb: '2', Fe: '100', Al: '50', U: '0.4', Th: '1' });
  const concentrate = kg({ Dy: '11.4', Tb: '1.9', Fe: '0.133', Al: '0.0266', U: '0.000133', Th: '0.00266' });

  it('recovers 95 % of Dy (11.4 of 12 kg) and 95 % of Tb (1.9 of 2 kg)', () => {
    expect(concentrationKpis(feed, concentrate).recoveries).toEqual([
      { element: 'Dy', inputKg: '12', recoveredKg: '11.4', percent: '95' },
      { element: 'Tb', inputKg: '2', recoveredKg: '1.9', percent: '95' },
    ]);
  });

  it('gives decontamination factors on the Dy + Tb basis, rounded once to 6 places', () => {
    // Fe: (100 / 14) / (0.133 / 13.3 = 0.01) = 714.2857142857...
    expect(concentrationKpis(feed, concentrate).decontaminationFactors).toEqual([
      { impurity: 'Fe', feedRatio: '7.142857', concentrateRatio: '0.01', factor: '714.285714' },
      { impurity: 'Al', feedRatio: '3.571429', concentrateRatio: '0.002', factor: '1785.714286' },
      { impurity: 'U', feedRatio: '0.028571', concentrateRatio: '0.00001', factor: '2857.142857' },
      { impurity: 'Th', feedRatio: '0.071429', concentrateRatio: '0.0002', factor: '357.142857' },
    ]);
  });

  it('leaves a factor unset when the concentrate carries none of the impurity, and a recovery when nothing was fed', () => {
    const kpis = concentrationKpis(kg({ Dy: '1', Fe: '5' }), kg({ Dy: '0.9' }));
    expect(kpis.recoveries[1]).toEqual({ element: 'Tb', inputKg: '0', recoveredKg: '0', percent: undefined });
    expect(kpis.decontaminationFactors[0]).toEqual({
      impurity: 'Fe',
      feedRatio: '5',
      concentrateRatio: '0',
      factor: undefined,
    });
  });

  it('computes dissolution yields for every element fed, in symbol order', () => {
    expect(
      dissolutionYields(
        kg({ Nd: '200', Dy: '40', Fe: '500', B: '0' }),
        kg({ Nd: '196', Dy: '39.2', Fe: '350' }),
      ),
    ).toEqual([
      { element: 'Dy', inputKg: '40', recoveredKg: '39.2', percent: '98' },
      { element: 'Fe', inputKg: '500', recoveredKg: '350', percent: '70' },
      { element: 'Nd', inputKg: '200', recoveredKg: '196', percent: '98' },
    ]);
  });
});
